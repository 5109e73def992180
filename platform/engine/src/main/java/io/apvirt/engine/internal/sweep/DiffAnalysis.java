package io.apvirt.engine.internal.sweep;

import io.apvirt.engine.internal.sweep.DiffDocument.ClassDoc;
import io.apvirt.engine.internal.sweep.DiffDocument.Departure;
import io.apvirt.engine.internal.sweep.DiffDocument.OutcomeDoc;
import io.apvirt.engine.internal.sweep.DiffDocument.Row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SweepResult} into the {@link DiffDocument}: the rows where the selected
 * policies differ, each policy's departures from the architected result (docs/architecture.md
 * section 11.5 on the guest's true configuration), the rule coverage and, for every class that
 * differs or departs, its outcomes and a witness that reproduces it.
 */
public final class DiffAnalysis {

    private DiffAnalysis() {
    }

    /** The whole document, with every class that differs or departs. */
    public static DiffDocument analyse(SweepResult r) {
        return analyse(r, true);
    }

    /**
     * @param withClasses whether to list the classes (the text and Markdown reports show only rows and departures,
     *                    and a class list with its witnesses is most of the document)
     */
    public static DiffDocument analyse(SweepResult r, boolean withClasses) {
        int classes = r.classCount();
        RowCover cover = new RowCover(r);

        // rows: the differing classes, keyed by the tuple of the policies' outcome texts
        int[] rowKeys = new int[classes];
        Map<List<String>, Integer> tuples = new HashMap<>();
        List<List<String>> tupleOf = new ArrayList<>();
        int differing = 0;
        for (int k = 0; k < classes; k++) {
            if (!r.differs(k)) {
                rowKeys[k] = -1;
                continue;
            }
            differing++;
            List<String> tuple = new ArrayList<>();
            for (int p = 0; p < r.policies().size(); p++) {
                tuple.add(r.outcome(k, p).text());
            }
            rowKeys[k] = tuples.computeIfAbsent(tuple, t -> {
                tupleOf.add(t);
                return tupleOf.size() - 1;
            });
        }
        List<RowCover.Cube> cubes = RowCover.irredundant(sorted(cover.cover(rowKeys)), classes);
        List<Row> rows = new ArrayList<>();
        String[] rowOf = new String[classes];
        for (int i = 0; i < cubes.size(); i++) {
            RowCover.Cube cube = cubes.get(i);
            String id = "r" + (i + 1);
            Map<String, String> outcomes = new LinkedHashMap<>();
            for (int p = 0; p < r.policies().size(); p++) {
                outcomes.put(r.policies().get(p), tupleOf.get(cube.key()).get(p));
            }
            Map<String, Object> when = when(r, cube);
            rows.add(new Row(id, when, outcomes, cube.members().size(), r.classId(cube.members().get(0)), "when " + describe(r, when) + " then "
                    + join(outcomes) + " (" + count(cube.members().size()) + ")"));
            for (int k : cube.members()) {
                if (rowOf[k] == null) {
                    rowOf[k] = id;
                }
            }
        }

        // departures: per policy, the classes whose outcome is not the architected one (the policies in parallel;
        // an ordered stream keeps them in policy order)
        Map<String, List<Departure>> departures = new LinkedHashMap<>();
        Map<String, Integer> departing = new LinkedHashMap<>();
        List<Departures> perPolicy = java.util.stream.IntStream.range(0, r.policies().size()).parallel()
                .mapToObj(p -> departures(r, cover, p)).toList();
        for (int p = 0; p < r.policies().size(); p++) {
            departing.put(r.policies().get(p), perPolicy.get(p).count());
            departures.put(r.policies().get(p), perPolicy.get(p).list());
        }

        List<ClassDoc> classDocs = new ArrayList<>();
        for (int k = 0; withClasses && k < classes; k++) {
            boolean differs = r.differs(k);
            List<String> departs = r.departing(k);
            if (!differs && departs.isEmpty()) {
                continue;
            }
            classDocs.add(classDoc(r, k, differs, departs, rowOf[k]));
        }
        List<DiffDocument.DimensionDoc> dims = r.space().dimensions().stream()
                .map(d -> new DiffDocument.DimensionDoc(d.name(), d.values())).toList();
        List<DiffDocument.InstructionDoc> instructions = r.instructions().stream()
                .map(i -> new DiffDocument.InstructionDoc(i.id(), i.family(), i.text(), i.description(), json(i.config()),
                        jsonList(i.setup()), json(i.step()))).toList();
        return new DiffDocument(DiffDocument.SCHEMA, r.policies(), dims, SweepSpace.CONSTRAINTS, instructions,
                new DiffDocument.Totals(classes, differing, departing), r.coverage(), r.unreached(), rows, departures,
                classDocs);
    }

    private record Departures(int count, List<Departure> list) {
    }

    private static Departures departures(SweepResult r, RowCover cover, int p) {
        int classes = r.classCount();
        int[] keys = new int[classes];
        Map<List<String>, Integer> ids = new HashMap<>();
        List<List<String>> keyOf = new ArrayList<>();
        int count = 0;
        for (int k = 0; k < classes; k++) {
            if (!r.departs(k, p)) {
                keys[k] = -1;
                continue;
            }
            count++;
            SweepOutcome o = r.outcome(k, p);
            List<String> key = List.of(o.text(), r.architected(k).text(), o.via() == null ? o.rule() : o.via() + " > " + o.rule());
            keys[k] = ids.computeIfAbsent(key, t -> {
                keyOf.add(t);
                return keyOf.size() - 1;
            });
        }
        List<Departure> list = new ArrayList<>();
        for (RowCover.Cube cube : RowCover.irredundant(sorted(cover.cover(keys)), classes)) {
            List<String> key = keyOf.get(cube.key());
            Map<String, Object> when = when(r, cube);
            list.add(new Departure(when, key.get(0), key.get(1), key.get(2), cube.members().size(),
                    "when " + describe(r, when) + " then " + key.get(0) + " (" + key.get(2) + "), architected "
                            + key.get(1) + " (" + count(cube.members().size()) + ")"));
        }
        return new Departures(count, List.copyOf(list));
    }

    /** Larger rows first; ties in seed (class) order. */
    private static List<RowCover.Cube> sorted(List<RowCover.Cube> cubes) {
        List<RowCover.Cube> out = new ArrayList<>(cubes);
        out.sort(Comparator.comparingInt((RowCover.Cube c) -> -c.members().size()).thenComparingInt(c -> c.members().get(0)));
        return out;
    }

    public static ClassDoc classDoc(SweepResult r, int k, boolean differs, List<String> departs, String row) {
        Map<String, OutcomeDoc> outcomes = new LinkedHashMap<>();
        for (int p = 0; p < r.policies().size(); p++) {
            outcomes.put(r.policies().get(p), OutcomeDoc.of(r.outcome(k, p)));
        }
        Map<String, Object> conditions = new LinkedHashMap<>(r.space().conditions(r.configuration(k)));
        DiffDocument.Witness witness = new DiffDocument.Witness(json(r.witnessConfig(k)), jsonList(r.witnessSetup(k)),
                json(r.witnessStep(k)));
        return new ClassDoc(r.classId(k), r.instruction(k).id(), conditions, outcomes, OutcomeDoc.of(r.architected(k)),
                differs, departs, row, witness);
    }

    /** The cube's conditions: {@code instruction} (the list of class ids), then each fixed dimension. */
    private static Map<String, Object> when(SweepResult r, RowCover.Cube cube) {
        Map<String, Object> when = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < cube.instructions().length; i++) {
            if (cube.instructions()[i]) {
                ids.add(r.instructions().get(i).id());
            }
        }
        when.put("instruction", ids);
        for (int d = 0; d < cube.fixed().length; d++) {
            if (cube.fixed()[d] >= 0) {
                Dimension dim = r.space().dimensions().get(d);
                when.put(dim.name(), dim.values().get(cube.fixed()[d]));
            }
        }
        return when;
    }

    /**
     * {@code guest.facilities.apqi=false and PQAP(AQIC)*}: the fixed dimensions, then the
     * instruction classes (a whole family by its name).
     */
    public static String describe(SweepResult r, Map<String, Object> when) {
        String conditions = conditions(when);
        String instructions = instructions(r, instructionIds(when));
        return conditions.isEmpty() ? instructions : conditions + " and " + instructions;
    }

    /** The fixed dimensions of a row's {@code when}: {@code host.ic3=true and problem-state=false}, or empty. */
    public static String conditions(Map<String, Object> when) {
        List<String> parts = new ArrayList<>();
        when.forEach((name, value) -> {
            if (!name.equals("instruction")) {
                parts.add(name + "=" + value);
            }
        });
        return String.join(" and ", parts);
    }

    @SuppressWarnings("unchecked")
    public static List<String> instructionIds(Map<String, Object> when) {
        return (List<String>) when.get("instruction");
    }

    /** Whole families by name ({@code PQAP(AQIC)*}), the other classes by id; every class when all are in. */
    public static String instructions(SweepResult r, List<String> ids) {
        if (ids.size() == r.instructions().size()) {
            return "any instruction";
        }
        if (ids.size() > r.instructions().size() / 2) {
            List<String> others = r.instructions().stream().map(InstructionClass::id).filter(id -> !ids.contains(id)).toList();
            return "any instruction but " + listed(r, others);
        }
        return listed(r, ids);
    }

    private static String listed(SweepResult r, List<String> ids) {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        for (InstructionClass ic : r.instructions()) {
            byFamily.computeIfAbsent(ic.family(), f -> new ArrayList<>()).add(ic.id());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> f : byFamily.entrySet()) {
            List<String> in = f.getValue().stream().filter(ids::contains).toList();
            if (in.isEmpty()) {
                continue;
            }
            if (in.size() == f.getValue().size() && in.size() > 1) {
                parts.add(f.getKey() + "*");
            } else {
                parts.addAll(in);
            }
        }
        return parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
    }

    private static String join(Map<String, String> outcomes) {
        List<String> parts = new ArrayList<>();
        outcomes.forEach((p, o) -> parts.add(p + ": " + o));
        return String.join(", ", parts);
    }

    private static String count(int n) {
        return n + (n == 1 ? " class" : " classes");
    }

    /** The witness maps with hex values as {@code "0x..."} strings (JSON has no hex numbers). */
    static Map<String, Object> json(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), jsonValue(v)));
        return out;
    }

    private static List<Map<String, Object>> jsonList(List<Map<String, Object>> l) {
        return l.stream().map(DiffAnalysis::json).toList();
    }

    private static Object jsonValue(Object v) {
        return switch (v) {
            case ScenarioText.Hex h -> h.toString();
            case Map<?, ?> m -> json(m);
            case List<?> l -> l.stream().map(DiffAnalysis::jsonValue).toList();
            default -> v;
        };
    }
}

package io.apvirt.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apvirt.engine.internal.sweep.DiffDocument;
import io.apvirt.engine.internal.sweep.DiffDocument.Departure;
import io.apvirt.engine.internal.sweep.DiffDocument.Row;
import io.apvirt.engine.internal.sweep.SweepResult;
import io.apvirt.engine.internal.sweep.SweepOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders an {@code apvirt diff} report: text, Markdown, JSON, and the per-row scenario files. */
public final class DiffReport {

    private DiffReport() {
    }

    /** Wrap width of the text report's condition lines. */
    private static final int WIDTH = 110;

    /**
     * The text report: a header, each row as its outcomes then its conditions and instruction
     * classes (wrapped), each policy's departures the same way, and the rule coverage table.
     */
    public static String text(DiffDocument d, java.util.function.Function<List<String>, String> instructions) {
        StringBuilder b = new StringBuilder();
        header(b, d);
        b.append('\n');
        if (d.rows().isEmpty()) {
            b.append("The policies give the same result in every class.\n");
        } else {
            b.append("Where the policies differ (").append(count(d.totals().differing())).append(" in ")
                    .append(d.rows().size()).append(d.rows().size() == 1 ? " row" : " rows").append("):\n");
            for (Row r : d.rows()) {
                List<String> outcomes = new ArrayList<>();
                r.outcomes().forEach((p, o) -> outcomes.add(p + ": " + o));
                b.append(String.format("%-4s %s (%s)%n", r.id(), String.join(", ", outcomes), count(r.classes())));
                when(b, r.when(), instructions);
            }
        }
        b.append("\nDepartures from the architected result (docs/architecture.md#11.5 on the guest's true configuration):\n");
        for (Map.Entry<String, List<Departure>> e : d.departures().entrySet()) {
            int n = d.totals().departing().get(e.getKey());
            b.append(e.getKey()).append(": ").append(n == 0 ? "none" : count(n)).append('\n');
            for (Departure dep : e.getValue()) {
                b.append("  ").append(dep.outcome()).append(" where the architecture gives ").append(dep.architected())
                        .append(" (").append(dep.rule()).append("; ").append(count(dep.classes())).append(")\n");
                when(b, dep.when(), instructions);
            }
        }
        b.append("\nRule coverage (classes that reached each rule; ").append(d.coverage().size()).append(" rules reached, ")
                .append(d.unreached().isEmpty() ? "every required rule among them" : d.unreached().size()
                        + " required rules not reached: " + String.join(", ", d.unreached())).append("):\n");
        Table t = new Table("RULE", "CLASSES");
        d.coverage().forEach((rule, n) -> t.row(rule, String.valueOf(n)));
        b.append(t.render());
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void when(StringBuilder b, Map<String, Object> when, java.util.function.Function<List<String>, String> instructions) {
        List<String> parts = new ArrayList<>();
        when.forEach((name, value) -> {
            if (!name.equals("instruction")) {
                parts.add(name + "=" + value);
            }
        });
        parts.add(instructions.apply((List<String>) when.get("instruction")));
        String indent = "     ";
        StringBuilder line = new StringBuilder(indent + "when");
        for (int i = 0; i < parts.size(); i++) {
            for (String word : ((i == 0 ? "" : "and ") + parts.get(i)).split(" ")) {
                if (line.length() + 1 + word.length() > WIDTH && line.length() > indent.length() + 5) {
                    b.append(line).append('\n');
                    line = new StringBuilder(indent + "    ");
                }
                line.append(' ').append(word);
            }
        }
        b.append(line).append('\n');
    }

    private static void header(StringBuilder b, DiffDocument d) {
        int configurations = d.totals().classes() / d.instructions().size();
        b.append("apvirt diff: ").append(String.join(", ", d.policies())).append(" over ").append(count(d.totals().classes()))
                .append(" (").append(configurations).append(" configurations x ").append(d.instructions().size())
                .append(" instruction classes)\n");
        List<String> dims = new ArrayList<>();
        d.dimensions().forEach(dim -> dims.add(dim.name()));
        b.append("dimensions: ").append(String.join(", ", dims)).append('\n');
        b.append("excluded (QEMU cannot offer them): ").append(String.join("; ", d.constraints())).append('\n');
    }

    /** The Markdown report: the rows table (the README's "The 2019 debate, answered"), then each policy's departures. */
    public static String markdown(DiffDocument d) {
        StringBuilder b = new StringBuilder(markdownRows(d));
        for (Map.Entry<String, List<Departure>> e : d.departures().entrySet()) {
            b.append("\nDepartures of `").append(e.getKey()).append("` from the architected result: ");
            int n = d.totals().departing().get(e.getKey());
            if (n == 0) {
                b.append("none.\n");
                continue;
            }
            b.append(count(n)).append(".\n\n| when | outcome | rule | architected | classes |\n|---|---|---|---|---:|\n");
            for (Departure dep : e.getValue()) {
                b.append("| ").append(escape(whenText(dep.text()))).append(" | `").append(dep.outcome()).append("` | `")
                        .append(dep.rule()).append("` | `").append(dep.architected()).append("` | ").append(dep.classes()).append(" |\n");
            }
        }
        return b.toString();
    }

    /** A sentence on the sweep, then one table line per row. */
    public static String markdownRows(DiffDocument d) {
        StringBuilder b = new StringBuilder();
        int configurations = d.totals().classes() / d.instructions().size();
        b.append("Policies ").append(String.join(", ", code(d.policies()))).append(" over ").append(count(d.totals().classes()))
                .append(" (").append(configurations).append(" configurations x ").append(d.instructions().size())
                .append(" instruction classes); they differ in ").append(count(d.totals().differing())).append(".\n\n");
        b.append("| row | when | ");
        d.policies().forEach(p -> b.append('`').append(p).append("` | "));
        b.append("classes |\n|---|---|");
        d.policies().forEach(p -> b.append("---|"));
        b.append("---:|\n");
        for (Row r : d.rows()) {
            b.append("| ").append(r.id()).append(" | ").append(escape(whenText(r.text()))).append(" | ");
            r.outcomes().values().forEach(o -> b.append('`').append(o).append("` | "));
            b.append(r.classes()).append(" |\n");
        }
        return b.toString();
    }

    /** The conditions of a row's text: between "when " and " then ". */
    private static String whenText(String text) {
        int then = text.indexOf(" then ");
        return text.substring("when ".length(), then);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }

    private static List<String> code(List<String> ids) {
        return ids.stream().map(s -> "`" + s + "`").toList();
    }

    /**
     * The {@code --json} document as {@link Json} writes every document, but with one class a
     * line: a whole sweep lists tens of thousands of classes, and a class a line keeps the
     * document a third of its indented size and greppable.
     */
    public static String json(DiffDocument d) {
        String envelope = Json.write(d.withClasses(List.of()));
        String empty = "\"classes\": []";
        int at = envelope.lastIndexOf(empty);
        StringBuilder b = new StringBuilder(envelope.length() + d.classes().size() * 1200);
        b.append(envelope, 0, at).append("\"classes\": [");
        for (int i = 0; i < d.classes().size(); i++) {
            b.append(i == 0 ? "\n    " : ",\n    ").append(Json.writeOneLine(d.classes().get(i)));
        }
        b.append(d.classes().isEmpty() ? "]" : "\n  ]").append(envelope, at + empty.length(), envelope.length());
        return b.toString();
    }

    /**
     * One scenario per row, {@code r1.yaml} ...: the witness of the row's first class, with the
     * outcome of every policy as its {@code expect-by-policy} ({@code apvirt run} passes each).
     * Each file is written whole or not at all ({@link AtomicFile}).
     */
    public static void writeScenarios(SweepResult result, DiffDocument d, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Row r : d.rows()) {
            int k = Integer.parseInt(r.witness().substring(1));
            Map<String, Object> expect = new LinkedHashMap<>();
            for (int p = 0; p < result.policies().size(); p++) {
                expect.put(result.policies().get(p), expectation(result.outcome(k, p)));
            }
            String text = "# apvirt diff row " + r.id() + ": " + r.text() + "\n# witness: class " + result.classId(k) + "\n"
                    + result.witnessScenario(k, "diff-" + r.id(), "a witness of row " + r.id(), expect);
            AtomicFile.write(dir.resolve(r.id() + ".yaml"), text);
        }
    }

    /**
     * The HTML page ({@link DiffHtmlPage}) of the document, its classes without their witnesses
     * (the page composes them from the instruction templates), written atomically.
     */
    public static void writeHtml(DiffDocument d, Path file) throws IOException {
        DiffHtmlPage.write(new ObjectMapper().readTree(json(d.withoutWitnesses())), file);
    }

    /** An {@code expect} block: program, cc, rc, level and rule as the policy gave them. */
    static Map<String, Object> expectation(SweepOutcome o) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("program", o.program() == null ? "none" : o.program());
        if (o.cc() != null) {
            e.put("cc", o.cc());
        }
        if (o.rc() != null) {
            e.put("rc", new io.apvirt.engine.internal.sweep.ScenarioText.Hex(o.rc()));
        }
        e.put("level", o.level());
        e.put("rule", o.rule());
        return e;
    }

    private static String count(int n) {
        return String.format("%,d", n) + (n == 1 ? " class" : " classes");
    }
}

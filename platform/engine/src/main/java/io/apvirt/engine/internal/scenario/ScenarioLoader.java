package io.apvirt.engine.internal.scenario;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.AssignmentChange;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.Hex;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Level;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.DidYouMean;
import io.apvirt.engine.internal.config.YamlExpansion;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads scenario YAML with line numbers: every error names file:line, the field and the fix.
 * Values are read from the raw YAML text, so {@code 03.0005} stays an APQN and {@code 0x10}
 * a hex number.
 * <p>
 * A file is read to its end and every problem found is reported together, in line order, in one
 * {@link ScenarioException}: a problem in one step does not hide one in the next, and within a
 * step each field is checked on its own (within one field, the first problem stops it). A step
 * whose keys or {@code instruction} are wrong is not read further, since its other fields mean
 * something only for a known instruction. Steps are named {@code steps[N]} with N counted from 1,
 * the step number of the run table.
 */
public final class ScenarioLoader {

    private static final Set<String> SCENARIO_KEYS = Set.of("name", "description", "config", "steps", "requires");
    private static final Set<String> STEP_KEYS = Set.of("name", "instruction", "r1", "r2", "regs", "fc", "apqn", "t",
            "f", "ir", "isc", "nib", "psmid", "address", "length", "problem-state", "expect", "expect-by-policy", "until",
            "max-tries", "memory", "message", "cite", "xfail-by-policy", "requires", "assign", "unassign", "vm-reset");
    private static final Set<String> EXPECT_KEYS = Set.of("program", "cc", "rc", "irq", "level", "rule", "regs", "nib",
            "pending-isc", "memory", "psmid", "config-events", "gisc-registrations", "pinned-pages");
    private static final Set<String> ASSIGN_KEYS = Set.of("adapters", "domains", "control-domains");
    private static final int DEFAULT_MAX_TRIES = 10;

    /** The NIB an AQIC step gave an APQN with its {@code nib} helper. */
    private record GivenNib(long address, int step) {
    }

    /** What an expectation needs to know of its step. */
    private record StepContext(Instruction instruction, Apqn apqn) {
    }

    private final String file;
    /** GR0 as the steps load it (registers persist between steps; a new vCPU starts with zeros). */
    private long gr0;
    /** APQN (16-bit) to the NIB of the most recent AQIC step for it. */
    private final Map<Integer, GivenNib> nibs = new HashMap<>();
    /** Every problem found so far. */
    private final List<ScenarioException.Problem> problems = new ArrayList<>();

    private ScenarioLoader(String file) {
        this.file = file;
    }

    public static Scenario load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(path.toString(), "cannot read the scenario file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return parse(path.toString(), text);
    }

    /** @throws ScenarioException with every problem of the file, in line order */
    public static Scenario parse(String file, String text) {
        ScenarioLoader loader = new ScenarioLoader(file);
        Scenario scenario = loader.scenario(text);
        if (!loader.problems.isEmpty()) {
            throw new ScenarioException(ScenarioException.ordered(loader.problems));
        }
        return scenario;
    }

    /** The value {@code read} gives, or {@code fallback} after recording its problem. */
    private <T> T checked(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (ScenarioException e) {
            problems.addAll(e.problems());
            return fallback;
        }
    }

    private void checked(Runnable check) {
        checked(() -> {
            check.run();
            return null;
        }, null);
    }

    private Scenario scenario(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false); // only the constructor honours this; compose() does not, see fields()
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ScenarioException(file, line, null, "not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ScenarioException(file, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ScenarioException(file, 1, null, "the file is empty; a scenario needs 'steps:'");
        }
        YamlExpansion.Refusal refusal = YamlExpansion.check(root);
        if (refusal != null) {
            throw new ScenarioException(file, refusal.node().getStartMark().getLine() + 1, null, refusal.message());
        }
        MappingNode top = mapping(root, "scenario");
        int before = problems.size();
        Map<String, Node> fields = fields(top, SCENARIO_KEYS, "scenario");
        boolean unknownKeys = problems.size() > before;
        String name = fields.containsKey("name") ? checked(() -> scalar(fields.get("name"), "name"), "") : fileName();
        String description = fields.containsKey("description")
                ? checked(() -> scalar(fields.get("description"), "description"), "") : "";
        Map<String, String> config = fields.containsKey("config") ? checked(() -> config(fields.get("config")), Map.of()) : Map.of();
        List<Requirement> requires = fields.containsKey("requires")
                ? checked(() -> requires(fields.get("requires"), "requires"), List.of()) : List.of();
        Node stepsNode = fields.get("steps");
        if (stepsNode == null) {
            if (!unknownKeys) { // a misspelt steps: is reported as that
                problems.add(new ScenarioException.Problem(file, line(top), "steps", "missing: a scenario needs a list of steps"));
            }
            return null;
        }
        if (!(stepsNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problems.add(new ScenarioException.Problem(file, line(stepsNode), "steps", "must be a non-empty list of steps"));
            return null;
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            int index = i + 1;
            Node n = seq.getValue().get(i);
            steps.add(checked(() -> step(index, n), null));
        }
        return problems.isEmpty() ? new Scenario(file, name, description, config, List.copyOf(steps), requires) : null;
    }

    private String fileName() {
        String f = Path.of(file).getFileName().toString();
        return f.endsWith(".yaml") ? f.substring(0, f.length() - 5) : f;
    }

    // ---- config ---------------------------------------------------------------------------

    private Map<String, String> config(Node node) {
        Map<String, String> out = new LinkedHashMap<>();
        flattenConfig("apvirt", mapping(node, "config"), out);
        return out;
    }

    /** Every leaf is checked where it is written, so an error names the line of the offending key. */
    private void flattenConfig(String prefix, MappingNode map, Map<String, String> out) {
        for (NodeTuple t : map.getValue()) {
            checked(() -> flattenConfigEntry(prefix, t, out));
        }
    }

    private void flattenConfigEntry(String prefix, NodeTuple t, Map<String, String> out) {
        {
            String key = scalar(t.getKeyNode(), "config key");
            String full = key.startsWith(ConfigKeys.PREFIX) ? key : prefix + "." + key;
            Node v = t.getValueNode();
            if (v instanceof MappingNode m) {
                flattenConfig(full, m, out);
                return;
            }
            if (full.equals(ConfigKeys.DEVICES) && v instanceof SequenceNode s && !s.getValue().isEmpty()) {
                for (int i = 0; i < s.getValue().size(); i++) {
                    Node item = s.getValue().get(i);
                    if (!(item instanceof MappingNode device)) {
                        throw new ScenarioException(file, line(item), "config.devices[" + i + "]",
                                "must be a mapping of device fields, for example {adapter: 3, mode: accelerator}");
                    }
                    flattenDevice(i, "", device, out);
                }
                return;
            }
            String value = leaf(v, "config." + key);
            if (!ConfigKeys.isKnown(full)) {
                String renamed = ConfigKeys.renamed(full).map(n -> "; did you mean " + n.substring(ConfigKeys.PREFIX.length()) + "?")
                        .orElse("");
                throw new ScenarioException(file, line(t.getKeyNode()), "config", "'" + full.substring(ConfigKeys.PREFIX.length())
                        + "' is not a configuration property (keys are written without the 'apvirt.' prefix, for example guest.facilities.apxa)"
                        + renamed);
            }
            putOnce(out, full, value, t.getKeyNode());
        }
    }

    /**
     * One entry of a {@code devices:} list: {@code apvirt.devices[i].<field>}, nested mappings
     * ({@code faults: {busy-every: 2}}) joined with dots, lists ({@code domains: [5, 6]}) as elsewhere.
     */
    private void flattenDevice(int index, String fieldPrefix, MappingNode map, Map<String, String> out) {
        for (NodeTuple t : map.getValue()) {
            checked(() -> flattenDeviceEntry(index, fieldPrefix, t, out));
        }
    }

    private void flattenDeviceEntry(int index, String fieldPrefix, NodeTuple t, Map<String, String> out) {
        String device = "devices[" + index + "]";
        {
            String field = fieldPrefix + scalar(t.getKeyNode(), "config." + device + " key");
            Node v = t.getValueNode();
            if (v instanceof MappingNode m) {
                flattenDevice(index, field + ".", m, out);
                return;
            }
            String full = ConfigKeys.device(index, field);
            if (!ConfigKeys.isKnown(full)) {
                throw new ScenarioException(file, line(t.getKeyNode()), "config", "'" + device + "." + field
                        + "' is not a device field; " + deviceFieldHint(field));
            }
            putOnce(out, full, leaf(v, "config." + device + "." + field), t.getKeyNode());
        }
    }

    /** A configuration leaf: a scalar, or a list of scalars as {@code 5,6}. */
    private String leaf(Node v, String where) {
        if (v instanceof SequenceNode s) {
            List<String> items = new ArrayList<>();
            for (Node item : s.getValue()) {
                items.add(scalar(item, where));
            }
            return String.join(",", items);
        }
        return scalar(v, where);
    }

    private void putOnce(Map<String, String> out, String full, String value, Node keyNode) {
        if (out.put(full, value) != null) {
            throw new ScenarioException(file, line(keyNode), "config",
                    "'" + full.substring(ConfigKeys.PREFIX.length()) + "' is set twice; keep one");
        }
    }

    /** "did you mean" the nearest device field, or the group's fields, or every field. */
    private static String deviceFieldHint(String field) {
        List<String> group = ConfigKeys.DEVICE_FIELDS.stream().filter(k -> k.startsWith(field + ".")).toList();
        if (!group.isEmpty()) {
            return "it is a group: write " + field + ": {" + group.get(0).substring(field.length() + 1) + ": ...} with "
                    + String.join(", ", group.stream().map(k -> k.substring(field.length() + 1)).toList());
        }
        return DidYouMean.nearest(field, ConfigKeys.DEVICE_FIELDS).map(k -> "did you mean " + k + "?")
                .orElse("the fields are " + String.join(", ", ConfigKeys.DEVICE_FIELDS));
    }

    // ---- steps ----------------------------------------------------------------------------

    private Step step(int index, Node node) {
        String where = "steps[" + index + "]";
        MappingNode map = mapping(node, where);
        int before = problems.size();
        Map<String, Node> f = fields(map, STEP_KEYS, where);
        if (problems.size() > before) {
            return null; // a misspelt key: the fields it meant cannot be checked
        }
        Node insNode = f.get("instruction");
        if (insNode == null) {
            throw new ScenarioException(file, line(map), where + ".instruction", "missing: write instruction: pqap, nqap or dqap");
        }
        String ins = scalar(insNode, "instruction").toLowerCase(Locale.ROOT);
        boolean pqap = ins.equals("pqap");
        Instruction instruction = switch (ins) {
            case "pqap" -> {
                for (String k : List.of("r1", "r2", "psmid", "address", "length")) {
                    if (f.containsKey(k)) {
                        throw new ScenarioException(file, line(f.get(k)), where + "." + k, "only for nqap and dqap; PQAP uses GR0-GR2 implicitly");
                    }
                }
                yield Instruction.PQAP;
            }
            case "nqap", "dqap" -> {
                for (String k : List.of("fc", "t", "f", "ir", "isc", "nib")) {
                    if (f.containsKey(k)) {
                        throw new ScenarioException(file, line(f.get(k)), where + "." + k, "only for pqap");
                    }
                }
                int r1 = register(f, "r1", where, line(map));
                int r2 = register(f, "r2", where, line(map));
                yield ins.equals("nqap") ? Instruction.nqap(r1, r2) : Instruction.dqap(r1, r2);
            }
            default -> throw new ScenarioException(file, line(insNode), where + ".instruction",
                    "'" + ins + "' is not an AP instruction: write pqap, nqap or dqap");
        };
        if (f.containsKey("message") && !ins.equals("nqap")) {
            problems.add(new ScenarioException.Problem(file, line(f.get("message")), where + ".message",
                    "only for nqap (the request it sends); write other guest memory with memory:"));
        }
        SortedMap<Integer, Long> loads = f.containsKey("regs")
                ? checked(() -> regs(f.get("regs"), where + ".regs"), new TreeMap<>()) : new TreeMap<>();
        // helpers build their register from zero unless regs gives it
        if (pqap && (f.containsKey("fc") || f.containsKey("apqn") || f.containsKey("t") || f.containsKey("f"))) {
            long[] gr0 = {loads.getOrDefault(0, 0L)};
            if (f.containsKey("fc")) {
                checked(() -> {
                    int fc = parse(f.get("fc"), where + ".fc",
                            "a function code (tapq, rapq, zapq, aqic, qci, qact, bapq, aapq or 0-255)", FunctionCode::parseCode);
                    gr0[0] = (gr0[0] & ~0x00000000FF000000L) | ((long) fc << 24);
                });
            }
            if (f.containsKey("t")) {
                checked(() -> gr0[0] = bool(f.get("t"), where + ".t") ? gr0[0] | 0x0000000000800000L : gr0[0] & ~0x0000000000800000L);
            }
            if (f.containsKey("f")) {
                checked(() -> gr0[0] = bool(f.get("f"), where + ".f") ? gr0[0] | 0x0000000000400000L : gr0[0] & ~0x0000000000400000L);
            }
            if (f.containsKey("apqn")) {
                checked(() -> gr0[0] = (gr0[0] & ~0xFFFFL) | apqn(f.get("apqn"), where).encode());
            }
            loads.put(0, gr0[0]);
        } else if (!pqap && f.containsKey("apqn")) {
            checked(() -> loads.put(0, (loads.getOrDefault(0, 0L) & ~0xFFFFL) | apqn(f.get("apqn"), where).encode()));
        }
        if (f.containsKey("ir") || f.containsKey("isc")) {
            long[] gr1 = {loads.getOrDefault(1, 0L)};
            if (f.containsKey("ir")) {
                checked(() -> gr1[0] = bool(f.get("ir"), where + ".ir") ? gr1[0] | 0x0000800000000000L : gr1[0] & ~0x0000800000000000L);
            }
            if (f.containsKey("isc")) {
                checked(() -> {
                    long isc = number(f.get("isc"), where + ".isc");
                    if (Long.compareUnsigned(isc, 7) > 0) {
                        throw new ScenarioException(file, line(f.get("isc")), where + ".isc", "must be an interruption subclass 0-7");
                    }
                    gr1[0] = (gr1[0] & ~7L) | isc;
                });
            }
            loads.put(1, gr1[0]);
        }
        if (f.containsKey("nib")) {
            checked(() -> loads.put(2, number(f.get("nib"), where + ".nib")));
        }
        if (!pqap) {
            Instruction.Nqap nq = instruction instanceof Instruction.Nqap n ? n : null;
            int r1 = nq != null ? nq.r1() : ((Instruction.Dqap) instruction).r1();
            int r2 = nq != null ? nq.r2() : ((Instruction.Dqap) instruction).r2();
            if (f.containsKey("psmid")) {
                checked(() -> {
                    requireEven(r1, "psmid", f.get("psmid"), where);
                    long psmid = number(f.get("psmid"), where + ".psmid");
                    loads.put(r1, psmid >>> 32);
                    loads.put(r1 + 1, psmid & 0xFFFFFFFFL);
                });
            }
            if (f.containsKey("address")) {
                checked(() -> loads.put(r2, number(f.get("address"), where + ".address")));
            }
            if (f.containsKey("length")) {
                checked(() -> {
                    requireEven(r2, "length", f.get("length"), where);
                    loads.put(r2 + 1, number(f.get("length"), where + ".length"));
                });
            }
        }
        List<MemoryRange> memory = f.containsKey("memory")
                ? checked(() -> memory(f.get("memory"), where + ".memory"), List.<MemoryRange>of()) : List.of();
        MemoryRange message = f.containsKey("message") && instruction instanceof Instruction.Nqap nqap
                ? checked(() -> message(f, nqap, loads, where), null) : null;
        // the APQN this step addresses, and the NIB an AQIC step gives it (for expect nib:)
        gr0 = loads.getOrDefault(0, gr0);
        Apqn stepApqn = Apqn.decode((int) (gr0 & 0xFFFF));
        if (pqap && loads.containsKey(2) && f.containsKey("nib") && ((gr0 >>> 24) & 0xFF) == FunctionCode.AQIC.code()) {
            nibs.put(stepApqn.encode(), new GivenNib(loads.get(2), index));
        }
        StepContext ctx = new StepContext(instruction, stepApqn);
        boolean problemState = f.containsKey("problem-state")
                && checked(() -> bool(f.get("problem-state"), where + ".problem-state"), false);
        Expectation expect = f.containsKey("expect") ? checked(() -> expectation(f.get("expect"), where + ".expect", ctx), null) : null;
        Map<String, Expectation> byPolicy = new TreeMap<>();
        if (f.containsKey("expect-by-policy")) {
            checked(() -> {
                MappingNode m = mapping(f.get("expect-by-policy"), where + ".expect-by-policy");
                for (NodeTuple t : m.getValue()) {
                    checked(() -> {
                        String policy = scalar(t.getKeyNode(), where + ".expect-by-policy");
                        Expectation e = expectation(t.getValueNode(), where + ".expect-by-policy." + policy, ctx);
                        if (byPolicy.put(policy, e) != null) {
                            throw new ScenarioException(file, line(t.getKeyNode()), where + ".expect-by-policy." + policy,
                                    "appears twice; keep one");
                        }
                    });
                }
            });
        }
        Expectation until = f.containsKey("until") ? checked(() -> expectation(f.get("until"), where + ".until", ctx), null) : null;
        int maxTries = f.containsKey("max-tries") ? checked(() -> maxTries(f, f.containsKey("until"), where), DEFAULT_MAX_TRIES)
                : DEFAULT_MAX_TRIES;
        String name = f.containsKey("name") ? checked(() -> scalar(f.get("name"), where + ".name"), "") : "";
        CatalogueFields catalogue = catalogueFields(f, where, byPolicy);
        boolean vmReset = f.containsKey("vm-reset") && checked(() -> bool(f.get("vm-reset"), where + ".vm-reset"), false);
        List<AssignmentChange> changes = new ArrayList<>();
        for (String kind : List.of("unassign", "assign")) {   // unassign first, then assign (README "Scenarios")
            if (f.containsKey(kind)) {
                AssignmentChange c = checked(() -> assignment(f.get(kind), kind.equals("assign"), where + "." + kind), null);
                if (c != null) {
                    changes.add(c);
                }
            }
        }
        return new Step(index, line(map), name, instruction, loads, problemState, expect, Map.copyOf(byPolicy), until, maxTries,
                memory, message, catalogue, changes, vmReset);
    }

    /** {@code message:} of an NQAP step: its bytes at the address in R2, and R2+1 their length unless length: gives it. */
    private MemoryRange message(Map<String, Node> f, Instruction.Nqap nqap, SortedMap<Integer, Long> loads, String where) {
        Node m = f.get("message");
        int r2 = nqap.r2();
        if (!loads.containsKey(r2)) {
            throw new ScenarioException(file, line(m), where + ".message",
                    "needs the message address in R2: give address: (or regs: {" + r2 + ": ...})");
        }
        HexBytes bytes = hex(m, where + ".message");
        MemoryRange message = range(line(m), loads.get(r2), bytes, where + ".message");
        if (!f.containsKey("length")) {
            requireEven(r2, "message", m, where);
            loads.put(r2 + 1, (long) bytes.length());
        }
        return message;
    }

    private int maxTries(Map<String, Node> f, boolean until, String where) {
        if (!until) {
            throw new ScenarioException(file, line(f.get("max-tries")), where + ".max-tries", "only with 'until'");
        }
        long n = number(f.get("max-tries"), where + ".max-tries");
        if (n < 1 || n > 1_000_000) {
            throw new ScenarioException(file, line(f.get("max-tries")), where + ".max-tries", "must be between 1 and 1000000");
        }
        return (int) n;
    }

    // ---- catalogue fields (apvirt conformance) ---------------------------------------------------

    private CatalogueFields catalogueFields(Map<String, Node> f, String where, Map<String, Expectation> byPolicy) {
        String cite = f.containsKey("cite") ? checked(() -> cite(f.get("cite"), where), "") : "";
        Map<String, CatalogueFields.Xfail> xfails = f.containsKey("xfail-by-policy")
                ? checked(() -> xfails(f, where, byPolicy), Map.<String, CatalogueFields.Xfail>of()) : Map.of();
        List<Requirement> requires = f.containsKey("requires")
                ? checked(() -> requires(f.get("requires"), where + ".requires"), List.<Requirement>of()) : List.of();
        return cite.isEmpty() && xfails.isEmpty() && requires.isEmpty() ? CatalogueFields.NONE
                : new CatalogueFields(cite, xfails, requires);
    }

    private String cite(Node node, String where) {
        String cite = scalar(node, where + ".cite").strip();
        if (cite.isEmpty()) {
            throw new ScenarioException(file, line(node), where + ".cite",
                    "is empty: name the section the step checks, for example cite: 11.5 step 3");
        }
        return cite;
    }

    private Map<String, CatalogueFields.Xfail> xfails(Map<String, Node> f, String where, Map<String, Expectation> byPolicy) {
        Map<String, CatalogueFields.Xfail> xfails = new TreeMap<>();
        {
            Node node = f.get("xfail-by-policy");
            String at = where + ".xfail-by-policy";
            if (!f.containsKey("expect")) {
                throw new ScenarioException(file, line(node), at,
                        "needs expect: (the expectation the policy is known to miss) on the same step");
            }
            for (NodeTuple t : mapping(node, at).getValue()) {
                String policy = scalar(t.getKeyNode(), at);
                String reason = scalar(t.getValueNode(), at + "." + policy).strip();
                if (reason.isEmpty()) {
                    throw new ScenarioException(file, line(t.getValueNode()), at + "." + policy,
                            "give the reason, for example " + policy + ": \"table 4.3 row 3: exits to QEMU\"");
                }
                if (byPolicy.containsKey(policy)) {
                    throw new ScenarioException(file, line(t.getKeyNode()), at + "." + policy, "the step also has expect-by-policy for "
                            + policy + "; a known departure is a miss of expect: keep one of the two");
                }
                if (xfails.put(policy, new CatalogueFields.Xfail(line(t.getKeyNode()), reason)) != null) {
                    throw new ScenarioException(file, line(t.getKeyNode()), at + "." + policy, "appears twice; keep one");
                }
            }
        }
        return xfails;
    }

    /** {@code requires: [hook: vfio-ap, policy-option: mainline.cc-after-hook]}: a list of one-entry mappings. */
    private List<Requirement> requires(Node node, String where) {
        String form = "must be a list such as [hook: vfio-ap, policy-option: mainline.cc-after-hook]";
        if (!(node instanceof SequenceNode seq)) {
            throw new ScenarioException(file, line(node), where, form);
        }
        List<Requirement> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String at = where + "[" + i + "]";
            if (!(item instanceof MappingNode m) || m.getValue().size() != 1) {
                throw new ScenarioException(file, line(item), at, "must be one KIND: VALUE entry (" + kinds() + "); " + form);
            }
            NodeTuple t = m.getValue().get(0);
            String key = scalar(t.getKeyNode(), at);
            Requirement.Kind kind = Requirement.Kind.of(key);
            if (kind == null) {
                throw new ScenarioException(file, line(t.getKeyNode()), at + "." + key, "is not a kind of requirement; "
                        + DidYouMean.nearest(key, Requirement.Kind.keys()).map(k -> "did you mean " + k + "? ").orElse("")
                        + "the kinds are " + kinds());
            }
            String value = scalar(t.getValueNode(), at + "." + key).strip();
            if (value.isEmpty()) {
                throw new ScenarioException(file, line(t.getValueNode()), at + "." + key, "is empty: name what must be installed");
            }
            try {
                out.add(new Requirement(kind, value, line(item)));
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(file, line(t.getValueNode()), at + "." + key, "'" + value + "': " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static String kinds() {
        return "hook: ID, behaviour: ID, policy-option: POLICY.OPTION, hook-option: HOOK.OPTION";
    }

    private void requireEven(int r, String helper, Node node, String where) {
        if (r > 14) {
            throw new ScenarioException(file, line(node), where + "." + helper, "needs a register pair, but R is 15");
        }
    }

    private int register(Map<String, Node> f, String key, String where, int stepLine) {
        Node n = f.get(key);
        if (n == null) {
            throw new ScenarioException(file, stepLine, where + "." + key, "missing: nqap and dqap need r1 and r2 (even register numbers 0-14)");
        }
        long r = number(n, where + "." + key);
        if (Long.compareUnsigned(r, 15) > 0) {
            throw new ScenarioException(file, line(n), where + "." + key, "must be a register number 0-15");
        }
        return (int) r;
    }

    private SortedMap<Integer, Long> regs(Node node, String where) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (NodeTuple t : mapping(node, where).getValue()) {
            long r = number(t.getKeyNode(), where + " key");
            if (Long.compareUnsigned(r, 15) > 0) {
                throw new ScenarioException(file, line(t.getKeyNode()), where, "register " + Long.toUnsignedString(r) + " does not exist: use 0-15");
            }
            if (out.put((int) r, number(t.getValueNode(), where + "." + r)) != null) {
                throw new ScenarioException(file, line(t.getKeyNode()), where, "register " + r + " is given twice; keep one");
            }
        }
        return out;
    }

    /** {@code address: hex bytes} lines, by address; overlapping ranges are refused. */
    private List<MemoryRange> memory(Node node, String where) {
        MappingNode map = mapping(node, where);
        TreeMap<Long, MemoryRange> byAddress = new TreeMap<>(Long::compareUnsigned);
        for (NodeTuple t : map.getValue()) {
            long address = number(t.getKeyNode(), where + " key");
            MemoryRange r = range(line(t.getKeyNode()), address, hex(t.getValueNode(), where + "." + MemoryRange.address(address)),
                    where);
            if (byAddress.put(address, r) != null) {
                throw new ScenarioException(file, r.line(), where, "address " + MemoryRange.address(address)
                        + " is given twice; keep one");
            }
        }
        MemoryRange previous = null;
        for (MemoryRange r : byAddress.values()) {
            if (previous != null && Long.compareUnsigned(r.address() - previous.address(), previous.bytes().length()) < 0) {
                MemoryRange later = r.line() >= previous.line() ? r : previous;
                MemoryRange earlier = later == r ? previous : r;
                throw new ScenarioException(file, later.line(), where, "the bytes at " + MemoryRange.address(later.address())
                        + " overlap those at " + MemoryRange.address(earlier.address()) + " (line " + earlier.line()
                        + "); write them as one string");
            }
            previous = r;
        }
        return List.copyOf(byAddress.values());
    }

    private MemoryRange range(int line, long address, HexBytes bytes, String where) {
        if (Long.compareUnsigned(address + bytes.length() - 1, address) < 0) {
            throw new ScenarioException(file, line, where, bytes.length() + " bytes at " + MemoryRange.address(address)
                    + " run past the end of the 64-bit address space");
        }
        return new MemoryRange(line, address, bytes);
    }

    private HexBytes hex(Node node, String where) {
        String text = scalar(node, where);
        try {
            return HexBytes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(file, line(node), where, e.getMessage());
        }
    }

    private Expectation expectation(Node node, String where, StepContext step) {
        MappingNode map = mapping(node, where);
        Map<String, Node> f = fields(map, EXPECT_KEYS, where);
        String program = null;
        if (f.containsKey("program")) {
            String p = scalar(f.get("program"), where + ".program").toLowerCase(Locale.ROOT);
            ProgramInterruption pi = ProgramInterruption.parse(p);
            if (!Expectation.NO_PROGRAM.equals(p) && pi == null) {
                throw new ScenarioException(file, line(f.get("program")), where + ".program",
                        "'" + p + "' is not a program exception: write none, operation, privileged-operation, specification or addressing");
            }
            program = pi == null ? Expectation.NO_PROGRAM : pi.id();
        }
        Integer cc = null;
        if (f.containsKey("cc")) {
            long v = number(f.get("cc"), where + ".cc");
            if (Long.compareUnsigned(v, 3) > 0) {
                throw new ScenarioException(file, line(f.get("cc")), where + ".cc", "a condition code is 0-3");
            }
            cc = (int) v;
        }
        Integer rc = f.containsKey("rc") ? parse(f.get("rc"), where + ".rc",
                "a response code (a number such as 0x01, or a name such as Q_NOT_AVAIL)", ResponseCode::parseCode) : null;
        Boolean irq = f.containsKey("irq") ? bool(f.get("irq"), where + ".irq") : null;
        Level level = null;
        if (f.containsKey("level")) {
            String l = scalar(f.get("level"), where + ".level");
            level = Level.parse(l);
            if (level == null) {
                throw new ScenarioException(file, line(f.get("level")), where + ".level",
                        "'" + l + "' is not a level: write firmware, kvm, hook or userspace");
            }
        }
        String rule = f.containsKey("rule") ? scalar(f.get("rule"), where + ".rule") : null;
        SortedMap<Integer, Long> regs = f.containsKey("regs") ? regs(f.get("regs"), where + ".regs") : new TreeMap<>();
        Expectation.Nib nib = null;
        if (f.containsKey("nib")) {
            Node n = f.get("nib");
            long value = number(n, where + ".nib");
            if (Long.compareUnsigned(value, 0xFF) > 0) {
                throw new ScenarioException(file, line(n), where + ".nib", "the NIB is one byte: 0-255 (0x00-0xff)");
            }
            GivenNib given = nibs.get(step.apqn().encode());
            if (given == null) {
                throw new ScenarioException(file, line(n), where + ".nib", "no earlier AQIC step gave this APQN a NIB ("
                        + step.apqn() + "; give a PQAP(AQIC) step for it the helper nib: ADDRESS first)");
            }
            nib = new Expectation.Nib(line(n), (int) value, step.apqn(), given.address(), given.step());
        }
        List<Integer> pendingIsc = f.containsKey("pending-isc") ? pendingIsc(f.get("pending-isc"), where + ".pending-isc") : null;
        List<MemoryRange> memory = f.containsKey("memory") ? memory(f.get("memory"), where + ".memory") : List.of();
        Long psmid = null;
        if (f.containsKey("psmid")) {
            Node n = f.get("psmid");
            int r1 = switch (step.instruction()) {
                case Instruction.Nqap q -> q.r1();
                case Instruction.Dqap d -> d.r1();
                case Instruction.Pqap p -> throw new ScenarioException(file, line(n), where + ".psmid",
                        "only for nqap and dqap: the PSMID is in R1 and R1+1");
            };
            if (r1 > 14) {
                throw new ScenarioException(file, line(n), where + ".psmid", "needs a register pair, but R1 is 15");
            }
            psmid = number(n, where + ".psmid");
        }
        Integer configEvents = null;
        if (f.containsKey("config-events")) {
            long n = number(f.get("config-events"), where + ".config-events");
            if (Long.compareUnsigned(n, 1000) > 0) {
                throw new ScenarioException(file, line(f.get("config-events")), where + ".config-events",
                        "the number of pending configuration-change events: 0-1000");
            }
            configEvents = (int) n;
        }
        SortedMap<Integer, Integer> gisc = f.containsKey("gisc-registrations")
                ? giscRegistrations(f.get("gisc-registrations"), where + ".gisc-registrations") : null;
        Integer pinned = null;
        if (f.containsKey("pinned-pages")) {
            long n = number(f.get("pinned-pages"), where + ".pinned-pages");
            if (Long.compareUnsigned(n, Integer.MAX_VALUE) > 0) {
                throw new ScenarioException(file, line(f.get("pinned-pages")), where + ".pinned-pages",
                        "must be a count of pins, 0 or more");
            }
            pinned = (int) n;
        }
        return new Expectation(line(map), program, cc, rc, irq, level, rule, regs, nib, pendingIsc, memory, psmid, configEvents,
                gisc, pinned);
    }

    /**
     * {@code assign:} / {@code unassign:} {adapters, domains, control-domains}: lists of numbers
     * 0-255, each once; at least one number (docs/architecture.md#12.2).
     */
    private AssignmentChange assignment(Node node, boolean assign, String where) {
        MappingNode map = mapping(node, where);
        Map<String, Node> f = fields(map, ASSIGN_KEYS, where);
        List<Integer> adapters = f.containsKey("adapters") ? numbers(f.get("adapters"), where + ".adapters") : List.of();
        List<Integer> domains = f.containsKey("domains") ? numbers(f.get("domains"), where + ".domains") : List.of();
        List<Integer> controlDomains = f.containsKey("control-domains")
                ? numbers(f.get("control-domains"), where + ".control-domains") : List.of();
        if (map.getValue().isEmpty()) {   // an unknown key is its own problem, not also "changes nothing"
            throw new ScenarioException(file, line(map), where, "changes nothing: give adapters, domains or control-domains, "
                    + "for example {adapters: [5]}");
        }
        return new AssignmentChange(assign, adapters, domains, controlDomains);
    }

    /** A list of numbers 0-255 (adapters or domains), each once, in the order written. */
    private List<Integer> numbers(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            throw new ScenarioException(file, line(node), where, "must be a list of numbers 0-255, for example [5]");
        }
        List<Integer> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            long n = number(item, where);
            if (Long.compareUnsigned(n, 255) > 0) {
                throw new ScenarioException(file, line(item), where, "must be numbers 0-255; " + Long.toUnsignedString(n)
                        + " is not one");
            }
            if (out.contains((int) n)) {
                throw new ScenarioException(file, line(item), where, n + " is listed twice; keep one");
            }
            out.add((int) n);
        }
        return List.copyOf(out);
    }

    /** {@code gisc-registrations: {3: 1}}: ISC 0-7 to its registration count (1 or more); {@code {}}: none registered. */
    private SortedMap<Integer, Integer> giscRegistrations(Node node, String where) {
        String form = "must be a mapping of ISC to registration count, for example {3: 1}, or {} for none";
        if (!(node instanceof MappingNode map)) {
            throw new ScenarioException(file, line(node), where, form);
        }
        SortedMap<Integer, Integer> out = new TreeMap<>();
        for (NodeTuple t : map.getValue()) {
            long isc = number(t.getKeyNode(), where + " key");
            if (Long.compareUnsigned(isc, 7) > 0) {
                throw new ScenarioException(file, line(t.getKeyNode()), where, "ISC " + Long.toUnsignedString(isc)
                        + " is not an interruption subclass 0-7");
            }
            long n = number(t.getValueNode(), where + "." + isc);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new ScenarioException(file, line(t.getValueNode()), where + "." + isc,
                        "a registration count is 1 or more; leave out an ISC with none");
            }
            if (out.put((int) isc, (int) n) != null) {
                throw new ScenarioException(file, line(t.getKeyNode()), where, "ISC " + isc + " is given twice; keep one");
            }
        }
        return out;
    }

    /** A list of ISCs 0-7, each once; ascending. */
    private List<Integer> pendingIsc(Node node, String where) {
        if (!(node instanceof SequenceNode seq)) {
            throw new ScenarioException(file, line(node), where, "must be a list of ISCs, for example [3], or [] for none");
        }
        TreeSet<Integer> out = new TreeSet<>();
        for (Node item : seq.getValue()) {
            long isc = number(item, where);
            if (Long.compareUnsigned(isc, 7) > 0) {
                throw new ScenarioException(file, line(item), where, "must be interruption subclasses 0-7; "
                        + Long.toUnsignedString(isc) + " is not one");
            }
            if (!out.add((int) isc)) {
                throw new ScenarioException(file, line(item), where, "ISC " + isc + " is listed twice; keep one");
            }
        }
        return List.copyOf(out);
    }

    // ---- YAML helpers -----------------------------------------------------------------------

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private MappingNode mapping(Node node, String where) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw new ScenarioException(file, line(node), where, "must be a mapping (key: value lines)");
    }

    /** The known fields of {@code map}; an unknown or repeated key is recorded as a problem, and left out. */
    private Map<String, Node> fields(MappingNode map, Set<String> allowed, String where) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            checked(() -> field(t, allowed, where, out));
        }
        return out;
    }

    private void field(NodeTuple t, Set<String> allowed, String where, Map<String, Node> out) {
        {
            String key = scalar(t.getKeyNode(), where);
            if (!allowed.contains(key)) {
                TreeSet<String> sorted = new TreeSet<>(allowed);
                throw new ScenarioException(file, line(t.getKeyNode()), where + "." + key, "unknown field; "
                        + suggestion(key, sorted).map(k -> "did you mean " + k + "? ").orElse("")
                        + "allowed here: " + String.join(", ", sorted));
            }
            if (out.putIfAbsent(key, t.getValueNode()) != null) {
                throw new ScenarioException(file, line(t.getKeyNode()), where + "." + key, "appears twice; keep one");
            }
        }
    }

    /**
     * The field meant: one the key starts with or that starts with the key ({@code fcode}: fc,
     * {@code step}: steps), else the nearest; ties go to the first in sorted order, so the
     * same typo gets the same suggestion every run.
     */
    private static java.util.Optional<String> suggestion(String key, java.util.SortedSet<String> allowed) {
        java.util.Optional<String> prefix = allowed.stream()
                .filter(k -> k.length() >= 2 && (key.startsWith(k) || k.startsWith(key) && key.length() >= 2)).findFirst();
        return prefix.isPresent() ? prefix : DidYouMean.nearest(key, allowed);
    }

    private String scalar(Node node, String where) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new ScenarioException(file, line(node), where, "must be a single value, not a list or mapping");
    }

    private long number(Node node, String where) {
        String text = scalar(node, where);
        try {
            return Hex.parseUnsigned(text);
        } catch (NumberFormatException e) {
            throw new ScenarioException(file, line(node), where, "'" + text + "' is not a number: write 42 or 0x2a");
        }
    }

    private boolean bool(Node node, String where) {
        String text = scalar(node, where).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ScenarioException(file, line(node), where, "'" + text + "' is not true or false");
        };
    }

    private Apqn apqn(Node node, String where) {
        String text = scalar(node, where + ".apqn");
        try {
            return Apqn.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(file, line(node), where + ".apqn", e.getMessage() + "; quote it if YAML reads it as a number");
        }
    }

    private <T> T parse(Node node, String where, String what, java.util.function.Function<String, T> parser) {
        String text = scalar(node, where);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(file, line(node), where, "'" + text + "' is not " + what);
        }
    }
}

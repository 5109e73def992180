package io.apvirt.cli.render;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.Hex;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.cli.ExitCode;
import io.apvirt.cli.ScenarioPlan;
import io.apvirt.engine.internal.scenario.Expectation;
import io.apvirt.engine.internal.scenario.MemoryRange;
import io.apvirt.engine.internal.scenario.ScenarioRunner.PolicyRun;
import io.apvirt.engine.internal.scenario.ScenarioRunner.StepRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code apvirt run --json}: one document with every outcome of every policy
 * (docs/schemas/run.schema.json). Every key is always there; what does not apply is null.
 */
public final class JsonReport {

    /** The document. */
    public record Document(String schema, String apvirt, List<ScenarioResult> scenarios, Summary summary) {
        public static final String SCHEMA = "apvirt.run/3";
    }

    /**
     * One scenario under the selected policy (the first run) and the others.
     *
     * @param devices with {@code --show-devices}: the bus at the end of the scenario under the selected policy; else null
     */
    public record ScenarioResult(String file, String name, String hook, List<RunResult> runs, DevicesReport.Bus devices) {
    }

    /** A scenario under one policy; {@code checked} and {@code failed} count its steps. */
    public record RunResult(String policy, boolean selected, List<StepResult> steps, List<String> log, long checked,
                            long failed) {
    }

    /**
     * One step. {@code program} and {@code program-code} are set for a program exception,
     * {@code cc} and {@code status} for a completed instruction ({@code status} when it has a
     * status word); {@code expected}, {@code result} and {@code mismatches} are null when the
     * step checks nothing.
     *
     * @param registersChanged the general registers whose value the instruction changed, in register order
     * @param expected         what the step expects under this policy ({@code expect-by-policy}, else {@code expect})
     * @param until            the step's {@code until} condition, or null
     * @param result           {@code PASS}, {@code FAIL}, or null when nothing is checked
     * @param failedCalls      the plugin calls that failed during the step (a hook or device script), in order; empty
     *                         when none did. {@code rule} stays the rule that decided what the guest saw
     */
    public record StepResult(int step, int line, String name, String instruction, boolean problemState, boolean vmReset, long tick,
                             int tries, String intercept, String level, String rule, String via, String program,
                             String programCode, Integer cc, Status status, Map<String, RegisterChange> registersChanged,
                             Expected expected, Expected until, String result, List<Mismatch> mismatches,
                             List<FailedCallResult> failedCalls) {
    }

    /** A plugin call that failed during a step: its rule ({@code script.failed}) and {@code file:line:col: error}. */
    public record FailedCallResult(String rule, String error) {
    }

    /** The AP queue status word the deciding level produced (docs/architecture.md#3). */
    public record Status(String word, String rc, boolean e, boolean r, boolean f, boolean i, String placement) {
    }

    /** A register's value before and after the instruction. */
    public record RegisterChange(String before, String after) {
    }

    /**
     * An expectation: every field the scenario can check, null when it does not check it.
     *
     * @param regs   register number to value, ascending
     * @param memory guest address to the bytes expected there, in the scenario's order
     * @param giscRegistrations ISC to its GISC registration count, ascending (docs/architecture.md#6.5)
     * @param pinnedPages the NIB pins held
     */
    public record Expected(String program, Integer cc, String rc, Boolean irq, String level, String rule,
                           Map<String, String> regs, String psmid, Nib nib, List<Integer> pendingIsc,
                           Map<String, String> memory, Map<String, Integer> giscRegistrations, Integer pinnedPages) {
    }

    /** {@code nib}: the byte at the NIB address an AQIC step gave the APQN. */
    public record Nib(String apqn, String address, String value) {
    }

    /** A failed expectation: the field, what was expected, what the guest got, and the line the table shows. */
    public record Mismatch(String field, String expected, String actual, String text) {
    }

    /**
     * The counts of every run and of the selected policy's runs, and the exit code they give.
     *
     * @param checked         the checked steps of every policy's runs
     * @param failed          the failed steps of every policy's runs
     * @param selectedChecked the checked steps under each scenario's selected policy
     * @param selectedFailed  the failed steps under each scenario's selected policy
     * @param allPolicies     whether the other policies' failures count for the exit code ({@code --all-policies})
     * @param exit            1 when a counted step failed, else 0
     */
    public record Summary(long checked, long failed, long selectedChecked, long selectedFailed, boolean allPolicies,
                          int exit) {

        public static Summary of(List<List<PolicyRun>> results, boolean allPolicies) {
            long checked = 0;
            long failed = 0;
            long selectedChecked = 0;
            long selectedFailed = 0;
            for (List<PolicyRun> runs : results) {
                for (PolicyRun run : runs) {
                    checked += run.checkedCount();
                    failed += run.failedCount();
                    if (run.selected()) {
                        selectedChecked += run.checkedCount();
                        selectedFailed += run.failedCount();
                    }
                }
            }
            int exit = (allPolicies ? failed : selectedFailed) > 0 ? ExitCode.EXPECTATION_FAILED : ExitCode.OK;
            return new Summary(checked, failed, selectedChecked, selectedFailed, allPolicies, exit);
        }
    }

    private JsonReport() {
    }

    public static String render(List<ScenarioPlan> plans, List<List<PolicyRun>> results) {
        return render(plans, results, false, false);
    }

    /**
     * @param devices     add each scenario's queues at its end under the selected policy ({@link DevicesReport#bus})
     * @param allPolicies whether the other policies' failures count for the exit code
     */
    public static String render(List<ScenarioPlan> plans, List<List<PolicyRun>> results, boolean devices,
                                boolean allPolicies) {
        return Json.write(document(plans, results, devices, allPolicies));
    }

    public static Document document(List<ScenarioPlan> plans, List<List<PolicyRun>> results, boolean devices,
                                    boolean allPolicies) {
        List<ScenarioResult> scenarios = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            ScenarioPlan plan = plans.get(i);
            List<RunResult> runs = new ArrayList<>();
            for (PolicyRun run : results.get(i)) {
                runs.add(new RunResult(run.policy(), run.selected(), run.steps().stream().map(JsonReport::step).toList(),
                        log(run), run.checkedCount(), run.failedCount()));
            }
            scenarios.add(new ScenarioResult(plan.scenario().file(), plan.scenario().name(), plan.settings().hook(),
                    List.copyOf(runs), devices ? DevicesReport.bus(lastMachine(results.get(i).get(0))) : null));
        }
        return new Document(Document.SCHEMA, io.apvirt.cli.ApvirtCli.version(), List.copyOf(scenarios),
                Summary.of(results, allPolicies));
    }

    /** What the run's machines logged (plugin errors, script output), in order. */
    static List<String> log(PolicyRun run) {
        List<String> out = new ArrayList<>();
        run.machines().forEach(m -> out.addAll(m.log()));
        return List.copyOf(out);
    }

    /** The machine whose state is the end of the scenario: the last one the run used. */
    static io.apvirt.api.machine.Machine lastMachine(PolicyRun run) {
        return run.machines().get(run.machines().size() - 1);
    }

    private static StepResult step(StepRun s) {
        Execution e = s.execution();
        Outcome o = e.outcome();
        String program = null;
        String programCode = null;
        Integer cc = null;
        Status status = null;
        if (o instanceof Outcome.ProgramException p) {
            program = p.interruption().id();
            programCode = p.interruption().hex();
        } else if (o instanceof Outcome.Completed c) {
            cc = c.cc();
            if (c.hasStatus()) {
                Apqsw a = c.apqsw();
                status = new Status(String.format("0x%08x", c.status()), Hex.byteHex(a.rc()), a.empty(), a.repliesWaiting(),
                        a.full(), a.irq(), c.placement().name().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, RegisterChange> changed = new LinkedHashMap<>();
        for (int r = 0; r < 16; r++) {
            if (e.before()[r] != e.after()[r]) {
                changed.put("gr" + r, new RegisterChange(Hex.reg(e.before()[r]), Hex.reg(e.after()[r])));
            }
        }
        boolean checked = s.checked();
        return new StepResult(s.step().index(), s.step().line(), s.step().name(), Describe.instruction(e), e.problemState(),
                s.step().vmReset(),
                e.tick(), s.tries(), e.intercept() == null ? null : e.intercept().id(), o.level().id(), o.rule().id(),
                o.via() == null ? null : o.via().id(), program, programCode, cc, status, changed,
                expected(s.expectation()), expected(s.step().until()),
                checked ? (s.passed() ? "PASS" : "FAIL") : null,
                checked ? s.mismatches().stream().map(m -> new Mismatch(m.field(), m.expected(), m.actual(), m.render())).toList()
                        : null,
                s.failedCalls().stream().map(f -> new FailedCallResult(f.rule().id(), f.error())).toList());
    }

    static Expected expected(Expectation x) {
        if (x == null) {
            return null;
        }
        Map<String, String> regs = null;
        if (!x.regs().isEmpty()) {
            regs = new LinkedHashMap<>();
            for (Map.Entry<Integer, Long> r : x.regs().entrySet()) { // a SortedMap: ascending
                regs.put(String.valueOf(r.getKey()), Hex.reg(r.getValue()));
            }
        }
        Map<String, String> memory = null;
        if (!x.memory().isEmpty()) {
            memory = new LinkedHashMap<>();
            for (MemoryRange m : x.memory()) {
                memory.put(MemoryRange.address(m.address()), m.bytes().toString());
            }
        }
        Map<String, Integer> gisc = null;
        if (x.giscRegistrations() != null) {
            gisc = new LinkedHashMap<>();
            for (Map.Entry<Integer, Integer> g : x.giscRegistrations().entrySet()) { // a SortedMap: ascending
                gisc.put(String.valueOf(g.getKey()), g.getValue());
            }
        }
        Nib nib = x.nib() == null ? null : new Nib(x.nib().apqn().toString(), MemoryRange.address(x.nib().address()),
                Hex.byteHex(x.nib().value()));
        return new Expected(x.program(), x.cc(), x.rc() == null ? null : Hex.byteHex(x.rc()), x.irq(),
                x.level() == null ? null : x.level().id(), x.rule(), regs, x.psmid() == null ? null : Hex.reg(x.psmid()),
                nib, x.pendingIsc(), memory, gisc, x.pinnedPages());
    }
}

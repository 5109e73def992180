package io.apvirt.cli.render;

import io.apvirt.cli.ScenarioPlan;
import io.apvirt.engine.internal.scenario.Expectation;
import io.apvirt.engine.internal.scenario.ScenarioRunner.PolicyRun;
import io.apvirt.engine.internal.scenario.ScenarioRunner.StepRun;

import java.util.ArrayList;
import java.util.List;

/**
 * The human report of {@code apvirt run}: one table for the selected policy (a line per
 * step, PASS/FAIL), the failures with expected against actual, a comparison table with the
 * other policies (rows marked {@code *} where the guest sees different results), and a
 * SUMMARY line in the manner of kvm-unit-tests; with several scenarios, a TOTAL line at the end.
 * An {@code until} step's result says how many tries it took; a plugin call that failed during a
 * step is named on a line under its row, and its rule beside the rule that decided the outcome
 * ({@code exec.nqap (script.failed)}) when that is another one ({@link Describe#rule}).
 */
public final class TableReport {
    private TableReport() {
    }

    public static String render(List<ScenarioPlan> plans, List<List<PolicyRun>> results) {
        return render(plans, results, false, false);
    }

    /**
     * @param devices     after each scenario, its queues at the end under the selected policy ({@link DevicesReport})
     * @param allPolicies whether the other policies' failures count for the exit code; without, a line after
     *                    SUMMARY says which failures do not
     */
    public static String render(List<ScenarioPlan> plans, List<List<PolicyRun>> results, boolean devices,
                                boolean allPolicies) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < results.size(); i++) {
            ScenarioPlan plan = plans.get(i);
            List<PolicyRun> runs = results.get(i);
            if (i > 0) {
                b.append('\n');
            }
            render(b, plan, runs, allPolicies);
            for (PolicyRun run : runs) {
                List<String> log = JsonReport.log(run);
                if (!log.isEmpty()) {
                    b.append('\n').append("log under ").append(run.policy()).append(":\n");
                    log.forEach(line -> b.append("  ").append(line.replace("\n", "\n  ")).append('\n'));
                }
            }
            if (devices) {
                PolicyRun main = runs.get(0);
                var machine = JsonReport.lastMachine(main);
                b.append('\n').append("devices at the end under ").append(main.policy()).append(" (tick ").append(machine.now())
                        .append(", pending adapter interruptions: ").append(machine.pendingInterrupts().isEmpty() ? "none"
                                : "isc " + machine.pendingInterrupts().stream().map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(", "))).append(")\n");
                b.append(DevicesReport.table(machine));
            }
        }
        if (results.size() > 1) {
            b.append('\n').append(total(results)).append('\n');
        }
        return b.toString();
    }

    /**
     * The scenarios together: {@code TOTAL: 2 scenarios, 74 steps; mainline 74 PASS, 0 FAIL; ...},
     * a policy's counts summed over the scenarios that ran it, the policies in the order they first ran.
     */
    static String total(List<List<PolicyRun>> results) {
        java.util.Map<String, long[]> byPolicy = new java.util.LinkedHashMap<>(); // policy -> {pass, fail}
        long steps = 0;
        for (List<PolicyRun> runs : results) {
            steps += runs.get(0).steps().size();
            for (PolicyRun r : runs) {
                long[] counts = byPolicy.computeIfAbsent(r.policy(), p -> new long[2]);
                counts[0] += r.checkedCount() - r.failedCount();
                counts[1] += r.failedCount();
            }
        }
        StringBuilder b = new StringBuilder("TOTAL: ").append(results.size()).append(" scenarios, ").append(steps)
                .append(steps == 1 ? " step" : " steps");
        String sep = "; ";
        for (var e : byPolicy.entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(e.getValue()[0]).append(" PASS, ")
                    .append(e.getValue()[1]).append(" FAIL");
        }
        return b.toString();
    }

    private static void render(StringBuilder b, ScenarioPlan plan, List<PolicyRun> runs, boolean allPolicies) {
        PolicyRun main = runs.get(0);
        var scenario = plan.scenario();
        var settings = plan.settings();
        b.append("scenario ").append(scenario.name()).append(" (").append(scenario.file()).append(")\n");
        if (!scenario.description().isBlank()) {
            b.append(scenario.description().strip()).append('\n');
        }
        b.append("policy ").append(main.policy()).append(" | hook ").append(settings.hook()).append(" | ")
                .append(Describe.configuration(settings)).append('\n').append('\n');
        Table t = new Table("STEP", "NAME", "INSTRUCTION", "LEVEL", "RULE", "CC", "RC", "PROGRAM", "RESULT");
        for (StepRun s : main.steps()) {
            var e = s.execution();
            t.row(String.valueOf(s.step().index()), s.step().name(), (s.step().vmReset() ? "vm-reset; " : "")
                            + Describe.instruction(e) + (s.step().problemState() ? " [P]" : ""),
                    e.outcome().level().id(), Describe.rule(e.outcome(), s.failedCalls()), Describe.cc(e.outcome()),
                    Describe.rc(e.outcome()), Describe.program(e.outcome()), result(s));
            // a failed script call: its error here, its detail in the log after the scenario
            s.failedCalls().forEach(call -> t.note("      call failed: " + call.error()));
        }
        b.append(t.render());
        for (PolicyRun run : runs) {
            for (StepRun s : run.steps()) {
                if (s.checked() && !s.passed()) {
                    b.append("FAIL step ").append(s.step().index()).append(' ').append(s.step().name())
                            .append(" (line ").append(s.step().line()).append(") under ").append(run.policy()).append(":\n");
                    for (Expectation.Mismatch m : s.mismatches()) {
                        b.append("    ").append(m.render()).append('\n');
                    }
                }
            }
        }
        if (runs.size() > 1) {
            b.append('\n').append("ABI comparison (* = the guest sees a different result)\n");
            String[] header = new String[runs.size() + 2];
            header[0] = "STEP";
            header[1] = "NAME";
            for (int p = 0; p < runs.size(); p++) {
                header[p + 2] = runs.get(p).policy() + (p == 0 ? " (selected)" : "");
            }
            Table c = new Table(header);
            for (int s = 0; s < main.steps().size(); s++) {
                List<StepRun> step = new ArrayList<>();
                for (PolicyRun run : runs) {
                    step.add(run.steps().get(s));
                }
                Comparison cmp = Comparison.of(step);
                String[] row = new String[runs.size() + 2];
                StepRun ms = main.steps().get(s);
                row[0] = ms.step().index() + (cmp.differs() ? "*" : "");
                row[1] = ms.step().name();
                for (int p = 0; p < runs.size(); p++) {
                    row[p + 2] = cmp.cells().get(p);
                }
                c.row(row);
            }
            b.append(c.render());
        }
        b.append('\n').append("SUMMARY:");
        for (int p = 0; p < runs.size(); p++) {
            PolicyRun r = runs.get(p);
            long checked = r.checkedCount();
            long failed = r.failedCount();
            b.append(p == 0 ? " " : "; ").append(r.policy()).append(' ').append(checked - failed).append(" PASS, ")
                    .append(failed).append(" FAIL");
            if (p == 0) {
                b.append(" (").append(r.steps().size()).append(" steps, ").append(checked).append(" checked)");
            }
        }
        b.append('\n');
        List<String> uncounted = new ArrayList<>();
        for (PolicyRun r : runs) {
            if (!allPolicies && !r.selected() && r.failedCount() > 0) {
                uncounted.add(r.failedCount() + " under " + r.policy());
            }
        }
        if (!uncounted.isEmpty()) {
            b.append("not counted for the exit code: FAIL ").append(String.join(", ", uncounted))
                    .append(" (--all-policies counts them)\n");
        }
    }

    private static String result(StepRun s) {
        if (!s.checked()) {
            return "-";
        }
        String result = s.passed() ? "PASS" : "FAIL";
        // an until step runs again until its condition holds: how often it took
        return s.step().until() == null ? result : result + " (" + s.tries() + (s.tries() == 1 ? " try)" : " tries)");
    }
}

package io.apvirt.engine.internal.scenario;

import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.plugin.FailedCall;
import io.apvirt.engine.internal.config.ByteSize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * Runs a scenario on one vCPU of a fresh machine and checks the expectations: under each
 * policy a step's {@code expect-by-policy} entry for that policy, else its {@code expect}.
 * Before the first step, every guest address the scenario writes or reads is checked
 * against the machine's guest memory: those outside it are a {@link ScenarioException}
 * naming each one's line, and nothing runs.
 */
public final class ScenarioRunner {

    /**
     * The result of one step. {@code expectation} is null when nothing was checked;
     * {@code failedCalls} are the plugin calls that failed during the step's tries (Machine#failedCalls).
     */
    public record StepRun(Step step, Execution execution, int tries, boolean untilReached, Expectation expectation,
                          List<Expectation.Mismatch> mismatches, List<FailedCall> failedCalls) {
        public StepRun(Step step, Execution execution, int tries, boolean untilReached, Expectation expectation,
                       List<Expectation.Mismatch> mismatches) {
            this(step, execution, tries, untilReached, expectation, mismatches, List.of());
        }

        public boolean checked() {
            return expectation != null || step.until() != null;
        }

        public boolean passed() {
            return untilReached && mismatches.isEmpty();
        }
    }

    /** A scenario under one policy. */
    public record PolicyRun(String policy, boolean selected, List<StepRun> steps, List<Machine> machines) {
        public long checkedCount() {
            return steps.stream().filter(StepRun::checked).count();
        }

        public long failedCount() {
            return steps.stream().filter(s -> s.checked() && !s.passed()).count();
        }
    }

    private ScenarioRunner() {
    }

    /**
     * @param machineFor builds the machine, given the listener that must receive its executions
     */
    public static PolicyRun run(Scenario scenario, String policy, boolean selected,
                                Function<Consumer<Execution>, Machine> machineFor) {
        Execution[] last = new Execution[1];
        Machine machine = machineFor.apply(e -> last[0] = e);
        checkAddresses(scenario, machine.guest().memoryBytes());
        Vcpu cpu = machine.newVcpu();
        List<StepRun> runs = new ArrayList<>();
        for (Step step : scenario.steps()) {
            int tries = 0;
            int failedBefore = machine.failedCalls().size();
            boolean reached = step.until() == null;
            do {
                // guest memory is written once, before the first try; registers before every try
                if (tries == 0) {
                    step.prepare(machine, cpu);
                } else {
                    step.prepare(cpu);
                }
                cpu.execute(step.instruction());
                tries++;
                if (step.until() != null && step.until().check(last[0], machine).isEmpty()) {
                    reached = true;
                }
            } while (!reached && tries < step.maxTries());
            Expectation expectation = step.expectationFor(policy);
            List<Expectation.Mismatch> mismatches = new ArrayList<>();
            if (!reached) {
                mismatches.add(new Expectation.Mismatch("until", step.until().describe().toString(),
                        "not reached after " + tries + (tries == 1 ? " try" : " tries")));
            }
            if (expectation != null) {
                mismatches.addAll(expectation.check(last[0], machine));
            }
            List<FailedCall> failed = machine.failedCalls();
            runs.add(new StepRun(step, last[0], tries, reached, expectation, List.copyOf(mismatches),
                    List.copyOf(failed.subList(Math.min(failedBefore, failed.size()), failed.size()))));
        }
        return new PolicyRun(policy, selected, List.copyOf(runs), List.of(machine));
    }

    /**
     * Every {@code memory}/{@code message} of a step and every {@code memory}/{@code nib} of
     * its expectations must lie in guest memory of {@code size} bytes.
     *
     * @throws ScenarioException with every address outside, in line order
     */
    public static void checkAddresses(Scenario scenario, long size) {
        List<ScenarioException.Problem> problems = addressProblems(scenario, size);
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
    }

    /** The addresses {@link #checkAddresses} refuses, in line order; empty when all lie inside. */
    public static List<ScenarioException.Problem> addressProblems(Scenario scenario, long size) {
        List<ScenarioException.Problem> problems = new ArrayList<>();
        for (Step step : scenario.steps()) {
            String where = "steps[" + step.index() + "]";
            for (MemoryRange m : step.memory()) {
                requireInside(problems, scenario, where + ".memory", m, size);
            }
            if (step.message() != null) {
                requireInside(problems, scenario, where + ".message", step.message(), size);
            }
            Map<String, Expectation> expectations = new LinkedHashMap<>();
            expectations.put(where + ".expect", step.expect());
            step.expectByPolicy().forEach((policy, e) -> expectations.put(where + ".expect-by-policy." + policy, e));
            expectations.put(where + ".until", step.until());
            for (Map.Entry<String, Expectation> x : expectations.entrySet()) {
                Expectation e = x.getValue();
                if (e == null) {
                    continue;
                }
                for (MemoryRange m : e.memory()) {
                    requireInside(problems, scenario, x.getKey() + ".memory", m, size);
                }
                Expectation.Nib nib = e.nib();
                if (nib != null && !new MemoryRange(nib.line(), nib.address(), HexBytes.of((byte) 0)).inside(size)) {
                    problems.add(new ScenarioException.Problem(scenario.file(), nib.line(), x.getKey() + ".nib", "the NIB address "
                            + MemoryRange.address(nib.address()) + " that step " + nib.aqicStep() + " gave " + nib.apqn()
                            + " is outside guest memory " + memory(size) + "; there is no NIB byte to check"));
                }
            }
        }
        return ScenarioException.ordered(problems);
    }

    private static void requireInside(List<ScenarioException.Problem> problems, Scenario scenario, String field, MemoryRange m,
                                      long size) {
        if (!m.inside(size)) {
            int n = m.bytes().length();
            String what = n == 1 ? "the byte at " + MemoryRange.address(m.address()) + " is"
                    : "the " + n + " bytes at " + MemoryRange.address(m.address()) + "-"
                    + MemoryRange.address(m.address() + n - 1) + " are";
            problems.add(new ScenarioException.Problem(scenario.file(), m.line(), field, what + " outside guest memory " + memory(size)));
        }
    }

    private static String memory(long size) {
        return "(" + ByteSize.format(size) + ", addresses 0x0-" + MemoryRange.address(size - 1) + ")";
    }
}

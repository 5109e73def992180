package io.apvirt.engine.scenario;

import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * Runs a scenario on one vCPU of a fresh machine and checks the expectations: under each
 * policy a step's {@code expect-by-policy} entry for that policy, else its {@code expect}.
 */
public final class ScenarioRunner {

    /** The result of one step. {@code expectation} is null when nothing was checked. */
    public record StepRun(Step step, Execution execution, int tries, boolean untilReached, Expectation expectation,
                          List<Expectation.Mismatch> mismatches) {
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
        Vcpu cpu = machine.newVcpu();
        List<StepRun> runs = new ArrayList<>();
        for (Step step : scenario.steps()) {
            int tries = 0;
            boolean reached = step.until() == null;
            do {
                step.prepare(cpu);
                cpu.execute(step.instruction());
                tries++;
                if (step.until() != null && step.until().check(last[0]).isEmpty()) {
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
                mismatches.addAll(expectation.check(last[0]));
            }
            runs.add(new StepRun(step, last[0], tries, reached, expectation, List.copyOf(mismatches)));
        }
        return new PolicyRun(policy, selected, List.copyOf(runs), List.of(machine));
    }
}

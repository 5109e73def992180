package io.apvirt.engine.scenario;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptReason;
import io.apvirt.engine.machine.ApMachine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenarios run on machines built without CDI. No policy module is on the engine's class
 * path, so two tiny handlers stand in: one deciding every intercept the architected way at
 * the kvm level (like corrected), one sending everything to userspace (like legacy-abi).
 */
class ScenarioRunnerTest {

    static final Rule TO_QEMU = new Rule("test.to-userspace", "ScenarioRunnerTest", "every intercept goes to userspace");
    static final InterceptHandler ARCHITECTED = intercept -> intercept.architected(Level.KVM);
    static final InterceptHandler USERSPACE = intercept -> intercept.toUserspace(TO_QEMU);

    static final HostModel LPAR = new HostModel(true, true, false);
    static final GuestModel GUEST = new GuestModel(true, true, true, true, true, true, false, 64L << 20,
            ApMask.of(3, 4), ApMask.of(5, 6), ApMask.of(5, 6));

    static ScenarioRunner.PolicyRun run(String yaml, String policy, InterceptHandler handler) {
        return run(yaml, policy, handler, LPAR, 2);
    }

    static ScenarioRunner.PolicyRun run(String yaml, String policy, InterceptHandler handler, HostModel host, int resetTicks) {
        Scenario scenario = ScenarioLoader.parse("t.yaml", yaml);
        return ScenarioRunner.run(scenario, policy, true,
                listener -> new ApMachine(policy, handler, "none", null, host, GUEST, resetTicks, 8, listener));
    }

    static List<String> rendered(ScenarioRunner.StepRun step) {
        return step.mismatches().stream().map(Expectation.Mismatch::render).toList();
    }

    @Test
    void passingStepsRecordTheExecutionAndTheExpectation() {
        var run = run("""
                steps:
                  - name: TAPQ
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {program: none, level: firmware, rule: exec.tapq, cc: 0, rc: 0, irq: false, regs: {1: 0x80000000}}
                  - name: TAPQ not in matrix
                    instruction: pqap
                    fc: tapq
                    apqn: "01.0001"
                    expect: {level: firmware, rule: exec.apqn-not-available, cc: 3, rc: Q_NOT_AVAIL, regs: {1: 0x00010000}}
                  - name: unchecked
                    instruction: pqap
                    fc: qci
                    nib: 0x2000
                """, "arch", ARCHITECTED);
        assertEquals("arch", run.policy());
        assertTrue(run.selected());
        assertEquals(1, run.machines().size());
        assertEquals(3, run.steps().size());
        assertEquals(2, run.checkedCount());
        assertEquals(0, run.failedCount());
        for (ScenarioRunner.StepRun s : run.steps()) {
            assertTrue(s.passed());
            assertTrue(s.untilReached());
            assertEquals(1, s.tries());
            assertEquals(List.of(), s.mismatches());
        }
        ScenarioRunner.StepRun first = run.steps().get(0);
        assertSame(first.step().expect(), first.expectation());
        assertEquals("arch", first.execution().policy());
        assertEquals(1, first.execution().tick());
        assertNull(first.execution().intercept());
        assertEquals(0x80000000L, first.execution().after()[1]);
        assertEquals(0x0305L, first.execution().before()[0]);
        ScenarioRunner.StepRun unchecked = run.steps().get(2);
        assertFalse(unchecked.checked());
        assertTrue(unchecked.passed());
        assertNull(unchecked.expectation());
        assertEquals("exec.qci", unchecked.execution().outcome().rule().id());
    }

    @Test
    void mismatchesNameFieldExpectedAndActual() {
        var run = run("""
                steps:
                  - name: TAPQ, everything wrong
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {program: specification, level: kvm, rule: exec.qci, cc: 3, rc: 0x01, irq: true, regs: {1: 0x1, 2: 0}}
                  - name: program exception, completion expected
                    instruction: pqap
                    fc: 42
                    expect: {program: none, cc: 0, rc: 0, irq: false}
                  - name: no status word
                    instruction: pqap
                    fc: qci
                    nib: 0x2000
                    expect: {cc: 1, rc: 0}
                """, "arch", ARCHITECTED);
        assertEquals(3, run.failedCount());
        assertEquals(List.of(
                "program: expected specification, got none",
                "cc: expected 3, got 0",
                "rc: expected 0x01, got 0x00",
                "irq: expected true, got false",
                "level: expected kvm, got firmware",
                "rule: expected exec.qci, got exec.tapq",
                "regs.1: expected 0x0000000000000001, got 0x0000000080000000",
                "regs.2: expected 0x0000000000000000, got 0x000000000eff0008"), rendered(run.steps().get(0)));
        assertEquals(List.of(
                "program: expected none, got specification",
                "cc: expected 0, got no cc (specification exception)",
                "rc: expected 0x00, got no status word",
                "irq: expected false, got no status word"), rendered(run.steps().get(1)));
        assertEquals(List.of(
                "cc: expected 1, got 0",
                "rc: expected 0x00, got no status word"), rendered(run.steps().get(2)));
        ScenarioRunner.StepRun first = run.steps().get(0);
        assertTrue(first.checked());
        assertFalse(first.passed());
        assertTrue(first.untilReached());
        assertEquals(new Expectation.Mismatch("rc", "0x01", "0x00"), first.mismatches().get(2));
    }

    @Test
    void expectByPolicyReplacesExpectForThatPolicyOnly() {
        String yaml = """
                steps:
                  - name: AQIC no hook
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: true
                    isc: 3
                    nib: 0x1000
                    expect: {level: kvm, rule: exec.aqic-no-hook, cc: 3, rc: 0x01, regs: {1: 0x00010000}}
                    expect-by-policy:
                      qemu: {level: userspace, rule: userspace.unknown-instruction, program: operation, regs: {1: 0x0000800000000003}}
                """;
        var arch = run(yaml, "arch", ARCHITECTED);
        var qemu = run(yaml, "qemu", USERSPACE);
        assertEquals(0, arch.failedCount());
        assertEquals(0, qemu.failedCount());
        Step step = arch.steps().get(0).step();
        assertSame(step.expect(), arch.steps().get(0).expectation());
        assertEquals(Level.USERSPACE, qemu.steps().get(0).expectation().level());
        assertEquals(InterceptReason.AQIC_MANDATORY, qemu.steps().get(0).execution().intercept());
        Outcome o = qemu.steps().get(0).execution().outcome();
        assertEquals("userspace.unknown-instruction", o.rule().id());
        assertSame(TO_QEMU, o.via());

        // the architected handler under the name "qemu" is held to the qemu expectation, and fails
        var wrong = run(yaml, "qemu", ARCHITECTED);
        assertEquals(1, wrong.failedCount());
        assertEquals(List.of(
                "program: expected operation, got none",
                "level: expected userspace, got kvm",
                "rule: expected userspace.unknown-instruction, got exec.aqic-no-hook",
                "regs.1: expected 0x0000800000000003, got 0x0000000000010000"),
                rendered(wrong.steps().get(0)));
    }

    @Test
    void expectByPolicyWithoutExpectLeavesOtherPoliciesUnchecked() {
        String yaml = """
                steps:
                  - instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    expect-by-policy:
                      qemu: {program: operation}
                """;
        var arch = run(yaml, "arch", ARCHITECTED);
        assertEquals(0, arch.checkedCount());
        assertEquals(0, arch.failedCount());
        assertNull(arch.steps().get(0).expectation());
        var qemu = run(yaml, "qemu", USERSPACE);
        assertEquals(1, qemu.checkedCount());
        assertEquals(0, qemu.failedCount());
    }

    @Test
    void everyInterceptUnderEeca28OffReachesTheHandler() {
        String yaml = """
                steps:
                  - name: TAPQ
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {level: kvm, rule: exec.tapq, cc: 0, rc: 0}
                    expect-by-policy:
                      qemu: {level: userspace, program: operation, regs: {1: 0}}
                  - name: NQAP
                    instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    psmid: 0x0000000100001234
                    address: 0x3000
                    length: 64
                    expect: {level: kvm, rule: exec.nqap, cc: 0, rc: 0}
                    expect-by-policy:
                      qemu: {level: userspace, program: operation}
                """;
        HostModel nested = new HostModel(true, false, false);
        var arch = run(yaml, "arch", ARCHITECTED, nested, 2);
        var qemu = run(yaml, "qemu", USERSPACE, nested, 2);
        assertEquals(0, arch.failedCount());
        assertEquals(0, qemu.failedCount());
        assertEquals(InterceptReason.EECA28_OFF, arch.steps().get(0).execution().intercept());
        assertEquals(InterceptReason.EECA28_OFF, qemu.steps().get(1).execution().intercept());
    }

    @Test
    void untilRepeatsTheStepUntilItMatchesThenChecksExpect() {
        var run = run("""
                steps:
                  - name: RAPQ
                    instruction: pqap
                    fc: rapq
                    apqn: "03.0005"
                    expect: {rule: exec.reset, cc: 0, rc: 0}
                  - name: TAPQ until reset done
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    until: {rc: 0}
                    expect: {cc: 0, rc: 0, irq: false, regs: {1: 0x80000000}}
                """, "arch", ARCHITECTED);
        assertEquals(0, run.failedCount());
        ScenarioRunner.StepRun tapq = run.steps().get(1);
        // RAPQ at tick 1, reset-ticks 2: TAPQ at ticks 2 and 3 answers RC 0x02, at tick 4 RC 0x00
        assertEquals(3, tapq.tries());
        assertTrue(tapq.untilReached());
        assertTrue(tapq.passed());
        assertEquals(4, tapq.execution().tick());
    }

    @Test
    void untilAloneIsACheckAndTheTriesFollowResetTicks() {
        String yaml = """
                steps:
                  - instruction: pqap
                    fc: zapq
                    apqn: "04.0006"
                  - instruction: pqap
                    fc: tapq
                    apqn: "04.0006"
                    until: {cc: 0}
                    max-tries: 10
                """;
        for (int ticks : new int[]{0, 1, 5, 9}) {
            var run = run(yaml, "arch", ARCHITECTED, LPAR, ticks);
            ScenarioRunner.StepRun tapq = run.steps().get(1);
            assertEquals(ticks + 1, tapq.tries(), "reset-ticks " + ticks);
            assertTrue(tapq.checked());
            assertTrue(tapq.passed());
            assertNull(tapq.expectation());
            assertEquals(1, run.checkedCount());
        }
    }

    @Test
    void untilNotReachedFailsWithItsOwnMismatch() {
        var run = run("""
                steps:
                  - instruction: pqap
                    fc: rapq
                    apqn: "03.0005"
                  - name: TAPQ, too few tries
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    until: {rc: 0}
                    max-tries: 2
                    expect: {cc: 0}
                  - name: never
                    instruction: pqap
                    fc: tapq
                    apqn: "01.0001"
                    until: {cc: 0, level: firmware}
                    max-tries: 1
                """, "arch", ARCHITECTED);
        assertEquals(2, run.failedCount());
        assertEquals(2, run.checkedCount());
        ScenarioRunner.StepRun tapq = run.steps().get(1);
        assertEquals(2, tapq.tries());
        assertFalse(tapq.untilReached());
        assertFalse(tapq.passed());
        assertEquals(List.of(
                "until: expected {rc=0x00}, got not reached after 2 tries",
                "cc: expected 0, got 3"), rendered(tapq));
        ScenarioRunner.StepRun never = run.steps().get(2);
        assertEquals(1, never.tries());
        assertEquals(List.of("until: expected {cc=0, level=firmware}, got not reached after 1 try"), rendered(never));
        assertEquals(Map.of("cc", 0, "level", "firmware"), never.step().until().describe());
    }

    @Test
    void untilUnderAPolicyThatNeverReachesItFailsEveryTry() {
        var run = run("""
                steps:
                  - instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    until: {rc: 0}
                    max-tries: 4
                    expect-by-policy:
                      qemu: {program: operation}
                """, "qemu", USERSPACE, new HostModel(true, false, false), 2);
        ScenarioRunner.StepRun s = run.steps().get(0);
        assertEquals(4, s.tries());
        assertEquals(List.of("until: expected {rc=0x00}, got not reached after 4 tries"), rendered(s));
        assertEquals(1, run.failedCount());
    }

    /** A hook that answers RC 0x07 for enable (IR = 1) and declines disable. */
    static final Rule HOOK_RC7 = new Rule("test.hook-rc7", "ScenarioRunnerTest", "enable: RC 0x07");
    static final Rule HOOK_DECLINE = new Rule("test.hook-decline", "ScenarioRunnerTest", "disable: declined");
    static final PqapHook HOOK = new PqapHook() {
        @Override
        public String description() {
            return "test hook";
        }

        @Override
        public List<Rule> rules() {
            return List.of(HOOK_RC7, HOOK_DECLINE);
        }

        @Override
        public HookResult aqic(Intercept call) {
            if ((call.gr(1) & 0x0000800000000000L) == 0) {
                return new HookResult.Declined(HOOK_DECLINE);
            }
            call.setGr(1, 0x00070000L);
            return new HookResult.Handled(HOOK_RC7);
        }
    };

    @Test
    void aHookDecidesAtTheHookLevel() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                steps:
                  - name: enable
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: true
                    nib: 0x1000
                    expect: {level: hook, rule: test.hook-rc7, cc: 3, rc: OTHERWISE_CHANGED, irq: false, regs: {1: 0x00070000}}
                  - name: disable, declined
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: false
                    expect: {level: kvm, rule: exec.aqic-hook-declined, cc: 3, rc: 0x01, regs: {1: 0x00010000}}
                """);
        var run = ScenarioRunner.run(scenario, "arch", true,
                listener -> new ApMachine("arch", ARCHITECTED, "test", HOOK, LPAR, GUEST, 2, 8, listener));
        assertEquals(0, run.failedCount());
        assertEquals("exec.aqic-hook", run.steps().get(0).execution().outcome().via().id());
        assertSame(HOOK_DECLINE, run.steps().get(1).execution().outcome().via());
    }

    @Test
    void registersAndCcCarryOverBetweenSteps() {
        var run = run("""
                steps:
                  - instruction: pqap
                    regs: {9: 0x99}
                    fc: tapq
                    apqn: "01.0001"
                    expect: {cc: 3}
                  - name: program exception keeps cc and registers
                    instruction: pqap
                    fc: 42
                    expect: {program: specification, regs: {1: 0x00010000, 9: 0x99, 0: 0x2a000000}}
                """, "arch", ARCHITECTED);
        assertEquals(0, run.failedCount());
        assertEquals(3, run.steps().get(1).execution().ccAfter());
    }
}

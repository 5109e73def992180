package io.apvirt.engine.internal.scenario;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptReason;
import io.apvirt.engine.internal.machine.ApMachine;
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
    static final HookHandler HOOK = new HookHandler() {
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

    // ---- guest memory, PSMID, NIB and pending interruptions ----------------------------------------

    @Test
    void memoryAndMessageAreWrittenBeforeTheInstructionAndCheckedAfter() {
        var run = run("""
                steps:
                  - name: NQAP with its message
                    instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    psmid: 0x0000000100001234
                    address: 0x3000
                    message: "50 00 01 90 de ad be ef"
                    memory: {0x2ffe: "aa bb"}
                    expect: {cc: 0, rc: 0, psmid: 0x0000000100001234, regs: {7: 8}, memory: {0x2ffe: aa bb 50 00 01 90 de ad be ef}}
                  - name: DQAP into a buffer prefilled with ee
                    instruction: dqap
                    r1: 10
                    r2: 8
                    apqn: "03.0005"
                    address: 0x5000
                    length: 64
                    memory: {0x5000: ee ee ee ee ee ee ee ee ee ee}
                    expect:
                      cc: 0
                      psmid: 0x0000000100001234
                      memory:
                        0x5000: 50 00 01 90 de ad be ef
                        0x5008: ee ee
                      regs: {8: 0x5008, 9: 56, 10: 1, 11: 0x1234}
                      pending-isc: []
                """, "arch", ARCHITECTED);
        assertEquals(List.of(), rendered(run.steps().get(0)));
        assertEquals(List.of(), rendered(run.steps().get(1)));
        assertEquals(2, run.checkedCount());
        assertEquals(0, run.failedCount());
        assertEquals(Map.of("cc", 0, "psmid", "0x0000000100001234",
                        "memory", Map.of("0x5000", "50 00 01 90 de ad be ef", "0x5008", "ee ee"),
                        "regs", Map.of("8", "0x0000000000005008", "9", "0x0000000000000038", "10", "0x0000000000000001",
                                "11", "0x0000000000001234"), "pending-isc", List.of()),
                run.steps().get(1).expectation().describe());
        assertEquals(List.of("cc", "regs", "psmid", "pending-isc", "memory"),
                List.copyOf(run.steps().get(1).expectation().describe().keySet()));
    }

    @Test
    void aShortBufferGivesCc1AndTheRestFollows() {
        var run = run("""
                steps:
                  - instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "04.0006"
                    psmid: 7
                    address: 0x3000
                    message: 00 01 02 03 04 05 06 07 08 09
                  - name: DQAP 4 of 10 bytes
                    instruction: dqap
                    r1: 4
                    r2: 6
                    address: 0x6000
                    length: 4
                    expect: {cc: 1, psmid: 7, memory: {0x6000: 00 01 02 03}, regs: {2: 6, 6: 0x6004, 7: 0}}
                  - name: the rest, where R2 points now
                    instruction: dqap
                    r1: 4
                    r2: 6
                    length: 16
                    expect: {cc: 0, rc: 0, psmid: 7, memory: {0x6000: 00 01 02 03 04 05 06 07 08 09}, regs: {2: 0, 6: 0x600a}}
                """, "arch", ARCHITECTED);
        assertEquals(0, run.failedCount());
        assertEquals(3, run.steps().size());
    }

    @Test
    void machineFieldMismatchesNameAddressExpectedAndActual() {
        var run = run("""
                steps:
                  - instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    psmid: 0x1234
                    address: 0x3000
                    message: 01 03
                    expect: {memory: {0x3000: 01 02, 0x3fffffe: 00 00}, psmid: 0x1235, pending-isc: [3]}
                  - instruction: dqap
                    r1: 8
                    r2: 6
                    address: 0x3000
                    length: 8
                    expect: {cc: 0, psmid: 0xffffffff00001234, pending-isc: [], memory: {0x3000: 01 03 00}}
                  - instruction: pqap
                    fc: 42
                    expect: {program: specification, pending-isc: [0, 7]}
                """, "arch", ARCHITECTED);
        assertEquals(List.of(
                "psmid: expected 0x0000000000001235, got 0x0000000000001234",
                "pending-isc: expected [3], got []",
                "memory 0x3000: expected 01 02, got 01 03"), rendered(run.steps().get(0)));
        assertEquals(List.of("psmid: expected 0xffffffff00001234, got 0x0000000000001234"), rendered(run.steps().get(1)));
        assertEquals(List.of("pending-isc: expected [0, 7], got []"), rendered(run.steps().get(2)));
        assertEquals(3, run.failedCount());
    }

    /** A hook that turns the queue's interrupts on or off through the host (like vfio_ap, 6.1/6.2). */
    static final Rule HOOK_AQIC = new Rule("test.hook-aqic", "ScenarioRunnerTest", "host AQIC");
    static final HookHandler INTERRUPTS = new HookHandler() {
        @Override
        public HookResult aqic(Intercept call) {
            boolean enable = (call.gr(1) & 0x0000800000000000L) != 0;
            int status = call.hostAp().aqic((int) (call.gr(0) & 0xFFFF), enable, (int) (call.gr(1) & 7), call.gr(2));
            call.setGr(1, status & 0xFFFFFFFFL);
            return new HookResult.Handled(HOOK_AQIC);
        }
    };

    @Test
    void theNibAndThePendingIscFollowTheReplies() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                steps:
                  - name: AQIC enable ISC 3, NIB 0x1000
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: true
                    isc: 3
                    nib: 0x1000
                    memory: {0x1000: "00"}
                    expect: {level: hook, cc: 0, rc: 0, irq: true, nib: 0, pending-isc: []}
                  - name: NQAP, the reply is ready one tick later
                    instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    psmid: 1
                    address: 0x3000
                    message: "01"
                    expect: {cc: 0, nib: 0, pending-isc: []}
                  - name: TAPQ sees the reply; the NIB is set and ISC 3 pending
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 0, irq: true, nib: 1, pending-isc: [3], memory: {0x1000: "01"}}
                  - name: AQIC for 04.0006 gives it its own NIB, still 0
                    instruction: pqap
                    fc: aqic
                    apqn: "04.0006"
                    ir: true
                    isc: 5
                    nib: 0x1001
                    expect: {cc: 0, nib: 0, pending-isc: [3]}
                  - name: wrong on purpose
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {nib: 0, pending-isc: [3, 5]}
                """);
        var run = ScenarioRunner.run(scenario, "arch", true,
                listener -> new ApMachine("arch", ARCHITECTED, "test", INTERRUPTS, LPAR, GUEST, 2, 8, listener));
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(), rendered(run.steps().get(i)), "step " + (i + 1));
        }
        assertEquals(List.of("nib 0x1000: expected 0x00, got 0x01", "pending-isc: expected [3, 5], got [3]"),
                rendered(run.steps().get(4)));
        assertEquals(Map.of("apqn", "03.0005", "address", "0x1000", "value", "0x00"),
                run.steps().get(4).expectation().describe().get("nib"));
    }

    @Test
    void untilWaitsForTheNib() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                steps:
                  - instruction: pqap
                    fc: aqic
                    apqn: "04.0005"
                    ir: true
                    isc: 2
                    nib: 0x1800
                  - instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "04.0005"
                    address: 0x3000
                    message: "01"
                  - instruction: pqap
                    fc: tapq
                    apqn: "04.0005"
                    until: {nib: 1}
                    expect: {pending-isc: [2]}
                """);
        var run = ScenarioRunner.run(scenario, "arch", true,
                listener -> new ApMachine("arch", ARCHITECTED, "test", INTERRUPTS, LPAR, GUEST, 2, 8, listener));
        assertEquals(0, run.failedCount());
        assertEquals(1, run.steps().get(2).tries());
    }

    @Test
    void untilWritesMemoryOnceAndReloadsRegistersEveryTry() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                steps:
                  - name: tick 1
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: true
                    isc: 3
                    nib: 0x1000
                  - name: tick 2, 04.0006 in reset until tick 5
                    instruction: pqap
                    fc: rapq
                    apqn: "04.0006"
                  - name: tick 3, the reply is ready at tick 4
                    instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    address: 0x3000
                    message: "01"
                  - name: the NIB is set at tick 4 (try 1), the reset ends at tick 5 (try 2)
                    instruction: pqap
                    fc: tapq
                    apqn: "04.0006"
                    memory: {0x1000: "00"}
                    until: {rc: 0, memory: {0x1000: "01"}}
                    expect: {pending-isc: [3]}
                """);
        var run = ScenarioRunner.run(scenario, "arch", true,
                listener -> new ApMachine("arch", ARCHITECTED, "test", INTERRUPTS, LPAR, GUEST, 2, 8, listener));
        assertEquals(0, run.failedCount());
        assertEquals(2, run.steps().get(3).tries());
        assertEquals(5, run.steps().get(3).execution().tick());
    }

    @Test
    void addressesOutsideGuestMemoryAreRefusedBeforeAnythingRuns() {
        String tail = "  - instruction: pqap\n    fc: tapq\n";
        assertEquals("t.yaml:6: steps[2].memory: the 4 bytes at 0x3fffffe-0x4000001 are outside guest memory "
                        + "(64MiB, addresses 0x0-0x3ffffff)",
                outsideError(tail + "  - instruction: pqap\n    memory:\n      0x3fffffe: 00 01 02 03\n"));
        assertEquals("t.yaml:6: steps[1].memory: the byte at 0x4000000 is outside guest memory (64MiB, addresses 0x0-0x3ffffff)",
                outsideError("  - instruction: pqap\n    memory:\n      0x1000: '00'\n      0x2000: '00'\n      0x4000000: '00'\n"));
        assertEquals("t.yaml:6: steps[1].message: the 2 bytes at 0xffffffffffffff00-0xffffffffffffff01 are outside guest memory "
                        + "(64MiB, addresses 0x0-0x3ffffff)",
                outsideError("  - instruction: nqap\n    r1: 4\n    r2: 6\n    address: 0xffffffffffffff00\n    message: 00 01\n"));
        assertEquals("t.yaml:3: steps[1].expect.memory: the byte at 0x5000000 is outside guest memory (64MiB, addresses 0x0-0x3ffffff)",
                outsideError("  - instruction: pqap\n    expect: {memory: {0x5000000: ff}}\n"));
        assertEquals("t.yaml:5: steps[1].expect-by-policy.corrected.memory: the byte at 0x4000000 is outside guest memory "
                        + "(64MiB, addresses 0x0-0x3ffffff)",
                outsideError("  - instruction: pqap\n    expect-by-policy:\n      corrected:\n        memory: {0x4000000: ff}\n"));
        assertEquals("t.yaml:4: steps[1].until.memory: the byte at 0x4000000 is outside guest memory (64MiB, addresses 0x0-0x3ffffff)",
                outsideError("  - instruction: pqap\n    until:\n      memory: {0x4000000: ff}\n"));
        assertEquals("t.yaml:11: steps[2].expect.nib: the NIB address 0x4000000 that step 1 gave 03.0005 is outside guest "
                        + "memory (64MiB, addresses 0x0-0x3ffffff); there is no NIB byte to check",
                outsideError("  - instruction: pqap\n    fc: aqic\n    apqn: \"03.0005\"\n    nib: 0x4000000\n"
                        + "  - instruction: pqap\n    fc: tapq\n    apqn: \"03.0005\"\n    expect:\n      cc: 0\n      nib: 0\n"));
        // the last byte of guest memory is inside
        ScenarioRunner.checkAddresses(ScenarioLoader.parse("t.yaml", "steps:\n  - instruction: pqap\n    memory: {0x3ffffff: ff}\n"),
                64L << 20);
    }

    /** Runs steps that address memory outside the 64 MiB guest: the error, and not one instruction executed. */
    private static String outsideError(String steps) {
        Scenario scenario = ScenarioLoader.parse("t.yaml", "steps:\n" + steps);
        ApMachine[] machine = new ApMachine[1];
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioRunner.run(scenario, "arch", true, listener -> machine[0] = new ApMachine("arch", ARCHITECTED,
                        "none", null, LPAR, GUEST, 2, 8, listener)));
        assertEquals(0, machine[0].now());
        return e.getMessage();
    }
}

package io.apvirt.policy.corrected;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.QciBlock;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static io.apvirt.policy.corrected.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Section 11.5 step 5: execution, the same at the kvm level (intercepted, corrected policy)
 * and at the firmware level (interpreted). AQIC always intercepts, so its rules are kvm (or
 * hook) level on both paths.
 */
class CorrectedExecutionTest {

    private static final int E = 0x8000_0000;
    private static final int R = 0x4000_0000;
    private static final int F = 0x2000_0000;
    private static final int I = 0x0100_0000;
    /** TAPQ GR2 of a CEX8 CCA adapter without APXA, queue depth 4: AT 14, ND 15, QD 4 (bits 32-63). */
    private static final long INFO_LOW = 0x0000_0000_0E0F_0004L;
    /** The T=1 facility bits of that adapter: AP4KM (1), AP4KC (2), D (3). */
    private static final long INFO_HIGH = 0x7000_0000_0000_0000L;

    // ---- APQN not available ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void apqnNotAvailable(Path path) {
        List<Object[]> cases = List.of(
                new Object[]{Instruction.PQAP, pqap(FunctionCode.TAPQ, UNCONFIGURED)},
                new Object[]{Instruction.PQAP, pqap(FunctionCode.TAPQ, new Apqn(3, 7))},
                new Object[]{Instruction.PQAP, pqap(FunctionCode.TAPQ, new Apqn(5, 5))},
                new Object[]{Instruction.PQAP, pqap(FunctionCode.RAPQ, UNCONFIGURED)},
                new Object[]{Instruction.PQAP, pqap(FunctionCode.ZAPQ, UNCONFIGURED)},
                new Object[]{Instruction.PQAP, pqap(FunctionCode.QACT, UNCONFIGURED)},
                new Object[]{Instruction.nqap(4, 6), (long) UNCONFIGURED.encode()},
                new Object[]{Instruction.dqap(4, 6), (long) UNCONFIGURED.encode()});
        for (Object[] c : cases) {
            Vcpu cpu = machine(path).vcpu();
            fill(cpu, (Long) c[1]);
            cpu.setGr(6, 0x1000);
            cpu.setGr(7, 16);
            Step s = step(cpu, (Instruction) c[0]);
            assertCompleted(s, path.level, "exec.apqn-not-available", null, 3, 0x0001_0000L,
                    StatusPlacement.ARCHITECTED);
            assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
            assertOthersUnchanged(s, 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void apqnBeyondTheNonApxaRangeIsOnlyUnavailableWithApxa(Path path) {
        Vcpu cpu = machine(path).apxa(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, new Apqn(0x40, 0x10)));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.apqn-not-available", null, 3, 0x0001_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
    }

    // ---- TAPQ ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void tapqWithoutT(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.tapq", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        assertEquals(INFO_LOW, cpu.gr(2));
        assertOthersUnchanged(s, 1, 2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void tapqWithTFillsBits0To31(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.tapq", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
        assertEquals(INFO_HIGH | INFO_LOW, cpu.gr(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void tapqWithApxaReportsNAndAllDomains(Path path) {
        Vcpu cpu = machine(path).apxa(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        step(cpu, Instruction.PQAP);
        // bit 6 N; ND 255
        assertEquals(0x7200_0000_0EFF_0004L, cpu.gr(2));
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        step(cpu, Instruction.PQAP);
        assertEquals(0x0000_0000_0EFF_0004L, cpu.gr(2));
    }

    @Test
    void tapqWithTInterceptedByIc3IsDecidedInKvm() {
        Vcpu cpu = machine().outer(true).ic3(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "exec.tapq", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
        assertEquals(INFO_HIGH | INFO_LOW, cpu.gr(2));
    }

    // ---- RAPQ / ZAPQ -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void resetRunsForResetTicksThenTheQueueIsEmptyWithInterruptsOff(Path path) {
        for (FunctionCode fc : List.of(FunctionCode.RAPQ, FunctionCode.ZAPQ)) {
            ApMachine machine = machine(path).build();
            Vcpu cpu = machine.newVcpu();
            machine.bus().queue(CONFIGURED.encode()).aqic(machine.now(), true, 3, 0x800);
            enqueue(machine, cpu, 0x42L, new byte[]{1, 2, 3});

            fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
            Step s = step(cpu, Instruction.PQAP);
            assertCompleted(s, path.level, "exec.tapq", null, 0, Integer.toUnsignedLong(R | I),
                    StatusPlacement.ARCHITECTED);

            fill(cpu, pqap(fc, CONFIGURED) | bit(41)); // bit 41 (F) is allowed
            s = step(cpu, Instruction.PQAP);
            assertCompleted(s, path.level, "exec.reset", null, 0, 0L, StatusPlacement.ARCHITECTED);
            assertEquals(0L, cpu.gr(1));
            assertOthersUnchanged(s, 1);

            for (int t = 0; t < RESET_TICKS; t++) {
                fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
                s = step(cpu, Instruction.PQAP);
                assertCompleted(s, path.level, "exec.tapq", null, 3, 0x0002_0000L, StatusPlacement.ARCHITECTED);
                assertEquals(0x0000_0000_0002_0000L, cpu.gr(1));
                assertOthersUnchanged(s, 1);
            }
            fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
            s = step(cpu, Instruction.PQAP);
            assertCompleted(s, path.level, "exec.tapq", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
            assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
            assertFalse(machine.bus().queue(CONFIGURED.encode()).interrupts());
            assertEquals(1L, machine.bus().queue(CONFIGURED.encode()).dropped());
            assertEquals(0, machine.bus().queue(CONFIGURED.encode()).pending());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void resetDuringAResetAnswersRc02AndDoesNotExtendIt(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, pqap(FunctionCode.RAPQ, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.reset", null, 0, 0L, StatusPlacement.ARCHITECTED);

        fill(cpu, pqap(FunctionCode.RAPQ, CONFIGURED));
        s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.reset", null, 3, 0x0002_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0002_0000L, cpu.gr(1));

        fill(cpu, pqap(FunctionCode.ZAPQ, CONFIGURED));
        s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.reset", null, 3, 0x0002_0000L, StatusPlacement.ARCHITECTED);

        // ticks: RAPQ at 1, reset for 2..4; RAPQ 2, ZAPQ 3, TAPQ 4 still in reset, TAPQ 5 done
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.tapq", null, 3, 0x0002_0000L,
                StatusPlacement.ARCHITECTED);
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.tapq", null, 0, Integer.toUnsignedLong(E),
                StatusPlacement.ARCHITECTED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void nqapDuringAResetAnswersRc02(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        fill(cpu, pqap(FunctionCode.ZAPQ, CONFIGURED));
        cpu.execute(Instruction.PQAP);
        Step s = enqueue(machine, cpu, 7L, new byte[]{1});
        assertCompleted(s, path.level, "exec.nqap", null, 3, 0x0002_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0002_0000L, cpu.gr(1));
        assertEquals(0L, machine.bus().queue(CONFIGURED.encode()).accepted());
    }

    // ---- AQIC (always intercepted) ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aqicWithoutHook(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, CONFIGURED));
        cpu.setGr(1, 0x0000_8000_0000_0003L); // IR = 1, ISC 3
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "exec.aqic-no-hook", null, 3, 0x0001_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aqicHandledByTheHook(Path path) {
        HandledHook hook = new HandledHook(I);
        Vcpu cpu = machine(path).hook(hook).vcpu();
        makeCc3(cpu);
        fill(cpu, pqap(FunctionCode.AQIC, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.HOOK, "stub.handled", "exec.aqic-hook", 0, Integer.toUnsignedLong(I),
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0100_0000L, cpu.gr(1));
        assertEquals(1, hook.calls);
        assertOthersUnchanged(s, 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aqicHandledByTheHookWithANonZeroRc(Path path) {
        HandledHook hook = new HandledHook(0x0007_0000);
        Vcpu cpu = machine(path).hook(hook).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.HOOK, "stub.handled", "exec.aqic-hook", 3, 0x0007_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0007_0000L, cpu.gr(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aqicDeclinedByTheHookNeverGoesToUserspace(Path path) {
        DecliningHook hook = new DecliningHook();
        Vcpu cpu = machine(path).hook(hook).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "exec.aqic-hook-declined", "stub.declined", 3, 0x0001_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        assertEquals(1, hook.calls);
        assertOthersUnchanged(s, 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aqicForAnApqnOutsideTheMatrixNeverCallsTheHook(Path path) {
        HandledHook hook = new HandledHook(0);
        Vcpu cpu = machine(path).hook(hook).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, UNCONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "exec.apqn-not-available", null, 3, 0x0001_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0, hook.calls);
    }

    // ---- QCI -------------------------------------------------------------------------------------

    private static byte[] expectedQci(int byte0, int byte1, int na, int nd) {
        byte[] b = new byte[128];
        b[0] = (byte) byte0;
        b[1] = (byte) byte1;
        b[4] = (byte) na;
        b[5] = (byte) nd;
        b[16] = 0x18; // APM: adapters 3 and 4
        b[48] = 0x06; // AQM: domains 5 and 6
        b[80] = 0x06; // ADM: control domains 5 and 6
        return b;
    }

    private static byte[] runQci(ApMachine machine, Level level) {
        Vcpu cpu = machine.newVcpu();
        byte[] garbage = new byte[256];
        Arrays.fill(garbage, (byte) 0xEE);
        machine.memory().write(0x3000 - 64, garbage);
        makeCc3(cpu);
        fill(cpu, pqap(FunctionCode.QCI, CONFIGURED));
        cpu.setGr(2, 0x3000);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, level, "exec.qci", null, 0, -1L, StatusPlacement.NONE);
        assertOthersUnchanged(s);
        // the bytes around the block are untouched
        assertEquals((byte) 0xEE, machine.memory().read(0x3000 - 1, 1)[0]);
        assertEquals((byte) 0xEE, machine.memory().read(0x3000 + 128, 1)[0]);
        return machine.memory().read(0x3000, QciBlock.SIZE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void qciWritesTheBlockFromTheMatrix(Path path) {
        byte[] raw = runQci(machine(path).build(), path.level);
        assertArrayEquals(expectedQci(0x20, 0, 63, 15), raw);
        QciBlock block = QciBlock.decode(raw);
        assertFalse(block.apxa());
        assertTrue(block.qact());
        assertFalse(block.apsb());
        assertEquals(ApMask.of(3, 4), block.apm());
        assertEquals(ApMask.of(5, 6), block.aqm());
        assertEquals(ApMask.of(5, 6), block.adm());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void qciWithApxaSetsNAndTheFullIndexRange(Path path) {
        byte[] raw = runQci(machine(path).apxa(true).build(), path.level);
        assertArrayEquals(expectedQci(0x60, 0, 0xFF, 0xFF), raw);
        QciBlock block = QciBlock.decode(raw);
        assertTrue(block.apxa());
        assertEquals(255, block.apmMax());
        assertEquals(ApMask.of(3, 4), block.apm());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void qciOfASecureExecutionGuestSetsB(Path path) {
        byte[] raw = runQci(machine(path).se(true).build(), path.level);
        assertArrayEquals(expectedQci(0x20, 0x80, 63, 15), raw);
        assertTrue(QciBlock.decode(raw).apsb());
    }

    // ---- QACT ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void qactReportsTypeAndMode(Path path) {
        for (long ifBit : new long[]{0, bit(41)}) {
            Vcpu cpu = machine(path).vcpu();
            fill(cpu, pqap(FunctionCode.QACT, CONFIGURED) | ifBit);
            Step s = step(cpu, Instruction.PQAP);
            assertCompleted(s, path.level, "exec.qact", null, 0, 0L, StatusPlacement.ARCHITECTED);
            assertEquals(0L, cpu.gr(1));
            // mode bits 3-5: D (CCA); category bits 32-39: 14 (CEX8); nothing else (2.2 QACT AP info)
            assertEquals(0x1000_0000_0E00_0000L, cpu.gr(2));
            assertOthersUnchanged(s, 1, 2);
        }
    }

    // ---- BAPQ / AAPQ -----------------------------------------------------------------------------

    private static long tapqBindState(Vcpu cpu) {
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        cpu.execute(Instruction.PQAP);
        return (cpu.gr(2) >>> (63 - 17)) & 3;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void secureExecutionBindAndAssociate(Path path) {
        Vcpu cpu = machine(path).se(true).vcpu();
        assertEquals(2L, tapqBindState(cpu));
        assertEquals(0x7000_8000_0E0F_0004L, cpu.gr(2));

        fill(cpu, pqap(FunctionCode.AAPQ, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.se-associate", null, 3, 0x000B_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_000B_0000L, cpu.gr(1));
        assertEquals(2L, tapqBindState(cpu));

        fill(cpu, pqap(FunctionCode.BAPQ, CONFIGURED));
        s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.se-bind", null, 0, 0L, StatusPlacement.ARCHITECTED);
        assertEquals(0L, cpu.gr(1));
        assertEquals(1L, tapqBindState(cpu));
        assertEquals(0x7000_4000_0E0F_0004L, cpu.gr(2));

        fill(cpu, pqap(FunctionCode.AAPQ, CONFIGURED));
        s = step(cpu, Instruction.PQAP);
        assertCompleted(s, path.level, "exec.se-associate", null, 0, 0L, StatusPlacement.ARCHITECTED);
        // ap_sm_assoc_wait: the association is asynchronous, TAPQ T=1 reads BS 1 until it is through
        assertEquals(1L, tapqBindState(cpu));
        assertEquals(1L, tapqBindState(cpu));
        assertEquals(1L, tapqBindState(cpu));
        assertEquals(0L, tapqBindState(cpu));                // 1 + reset-ticks (3) ticks after the AAPQ
        assertEquals(0x7000_0000_0E0F_0004L, cpu.gr(2));
    }

    /** AAPQ is asynchronous (ap_queue.c se_associate_store: RC 0x00 or 0x0A start ASSOC_WAIT; ap_sm_assoc_wait). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aapqWhileAnAssociationIsPendingAnswersRc0AAndThePendingOneCompletes(Path path) {
        Vcpu cpu = machine(path).se(true).vcpu();
        fill(cpu, pqap(FunctionCode.BAPQ, CONFIGURED));
        assertEquals(0, step(cpu, Instruction.PQAP).ccAfter());
        fill(cpu, pqap(FunctionCode.AAPQ, CONFIGURED));                       // tick t: completes at t + 4
        assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.se-associate", null, 0, 0L, StatusPlacement.ARCHITECTED);
        fill(cpu, pqap(FunctionCode.AAPQ, CONFIGURED));                       // t + 1
        Step again = step(cpu, Instruction.PQAP);
        assertCompleted(again, path.level, "exec.se-associate", null, 3, 0x000A_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_000A_0000L, cpu.gr(1));
        assertEquals(1L, tapqBindState(cpu));                                // t + 2
        assertEquals(1L, tapqBindState(cpu));                                // t + 3
        assertEquals(0L, tapqBindState(cpu));                                // t + 4
        fill(cpu, pqap(FunctionCode.AAPQ, CONFIGURED));                       // associated: no change (UNSURE, 11.9)
        assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.se-associate", null, 0, 0L, StatusPlacement.ARCHITECTED);
        assertEquals(0L, tapqBindState(cpu));
    }

    /** asm/ap.h ap_rapq/ap_zapq(qid, fbit): the F bit (GR0 bit 41) unbinds, as se_bind_store's unbind (RAPQ+F) relies on. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void resetWithTheFBitUnbindsWithoutItTheBindingStays(Path path) {
        for (FunctionCode reset : List.of(FunctionCode.RAPQ, FunctionCode.ZAPQ)) {
            Vcpu cpu = machine(path).se(true).vcpu();
            fill(cpu, pqap(FunctionCode.BAPQ, CONFIGURED));
            cpu.execute(Instruction.PQAP);
            fill(cpu, pqap(reset, CONFIGURED));                                 // no F: the binding stays
            assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.reset", null, 0, 0L, StatusPlacement.ARCHITECTED);
            waitOutReset(cpu);
            assertEquals(1L, tapqBindState(cpu), reset + " without F");
            fill(cpu, pqap(reset, CONFIGURED) | bit(41));                      // F: unbound, available for binding
            assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.reset", null, 0, 0L, StatusPlacement.ARCHITECTED);
            waitOutReset(cpu);
            assertEquals(2L, tapqBindState(cpu), reset + " with F");
            fill(cpu, pqap(FunctionCode.AAPQ, CONFIGURED));                     // not bound: RC 0x0B (apvirt decision, 11.9)
            assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.se-associate", null, 3, 0x000B_0000L,
                    StatusPlacement.ARCHITECTED);
        }
        // outside an SE guest the F bit changes nothing: BS stays 0
        Vcpu plain = machine(path).vcpu();
        fill(plain, pqap(FunctionCode.RAPQ, CONFIGURED) | bit(41));
        assertEquals(0, step(plain, Instruction.PQAP).ccAfter());
        waitOutReset(plain);
        assertEquals(0L, tapqBindState(plain));
    }

    /** TAPQ until the reset is over (RC 0x02 for reset-ticks). */
    private static void waitOutReset(Vcpu cpu) {
        for (int i = 0; i < 10; i++) {
            fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
            Outcome.Completed c = (Outcome.Completed) cpu.execute(Instruction.PQAP);
            if (c.rc() == 0) {
                return;
            }
        }
        throw new AssertionError("reset did not end");
    }

    // ---- NQAP / DQAP -----------------------------------------------------------------------------

    /** NQAP 4,6 of {@code message} at 0x10000 with the PSMID in GR4/GR5; GR0 has the last-part bit 33. */
    private static Step enqueue(ApMachine machine, Vcpu cpu, long psmid, byte[] message) {
        machine.memory().write(0x10000, message);
        fill(cpu, CONFIGURED.encode() | bit(33));
        cpu.setGr(4, psmid >>> 32);
        cpu.setGr(5, psmid & 0xFFFF_FFFFL);
        cpu.setGr(6, 0x10000);
        cpu.setGr(7, message.length);
        return step(cpu, Instruction.nqap(4, 6));
    }

    private static final byte[] MESSAGE = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B,
            0x1C, 0x1D, 0x1E, 0x1F};

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void nqapEnqueuesUntilQueueDepthThenAnswersRc10(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        int[] expected = {0, R, R, R | F};
        for (int n = 0; n < QUEUE_DEPTH; n++) {
            Step s = enqueue(machine, cpu, 0x1122_3344_5566_7700L + n, MESSAGE);
            assertCompleted(s, path.level, "exec.nqap", null, 0, Integer.toUnsignedLong(expected[n]),
                    StatusPlacement.ARCHITECTED);
            assertEquals(Integer.toUnsignedLong(expected[n]), cpu.gr(1));
            assertOthersUnchanged(s, 1);
        }
        Step s = enqueue(machine, cpu, 0x99L, MESSAGE);
        assertCompleted(s, path.level, "exec.nqap", null, 3, Integer.toUnsignedLong(R | F | 0x0010_0000),
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_6010_0000L, cpu.gr(1));
        assertEquals((long) QUEUE_DEPTH, machine.bus().queue(CONFIGURED.encode()).accepted());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void nqapAcceptsTheLastPartAndSpecialBitsAndExactly12KiB(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        fill(cpu, CONFIGURED.encode() | bit(33) | bit(41));
        cpu.setGr(6, 0x10000);
        cpu.setGr(7, 12 * 1024);
        Step s = step(cpu, Instruction.nqap(4, 6));
        assertCompleted(s, path.level, "exec.nqap", null, 0, 0L, StatusPlacement.ARCHITECTED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void dqapReturnsTheReplyWithItsPsmid(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        enqueue(machine, cpu, 0x1122_3344_5566_7788L, MESSAGE);

        fill(cpu, CONFIGURED.encode() | bit(32)); // Linux sets bit 32: allowed
        cpu.setGr(10, 0x20000);
        cpu.setGr(11, 64);
        Step s = step(cpu, Instruction.dqap(8, 10));
        assertCompleted(s, path.level, "exec.dqap", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        assertEquals(0x1122_3344L, cpu.gr(8));
        assertEquals(0x5566_7788L, cpu.gr(9));
        assertEquals(0L, cpu.gr(2));
        assertEquals(0x20000L + MESSAGE.length, cpu.gr(10));
        assertEquals(64L - MESSAGE.length, cpu.gr(11));
        assertOthersUnchanged(s, 1, 2, 8, 9, 10, 11);
        assertArrayEquals(MESSAGE, machine.memory().read(0x20000, MESSAGE.length));
        assertEquals(1L, machine.bus().queue(CONFIGURED.encode()).replied());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void dqapWithNothingReadyAnswersRc10(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, CONFIGURED.encode());
        cpu.setGr(6, 0x20000);
        cpu.setGr(7, 64);
        Step s = step(cpu, Instruction.dqap(4, 6));
        assertCompleted(s, path.level, "exec.dqap", null, 3, Integer.toUnsignedLong(E | 0x0010_0000),
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8010_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void dqapIntoAShortBufferIsAPartialReceive(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        enqueue(machine, cpu, 0x0000_00AA_0000_00BBL, MESSAGE);

        fill(cpu, CONFIGURED.encode());
        cpu.setGr(10, 0x20000);
        cpu.setGr(11, 10);
        Step s = step(cpu, Instruction.dqap(8, 10));
        assertCompleted(s, path.level, "exec.dqap", null, 1, -1L, StatusPlacement.NONE);
        assertEquals(6L, cpu.gr(2));
        assertEquals(0xAAL, cpu.gr(8));
        assertEquals(0xBBL, cpu.gr(9));
        assertEquals(0x2000AL, cpu.gr(10));
        assertEquals(0L, cpu.gr(11));
        // ap_dqap: the partial receive updates GR0 (model: bytes received in bits 0-31, 11.9); GR1 is not set
        assertEquals(0x0000_000A_0000_0305L, cpu.gr(0));
        assertOthersUnchanged(s, 0, 2, 8, 9, 10, 11);
        assertArrayEquals(Arrays.copyOf(MESSAGE, 10), machine.memory().read(0x20000, 10));

        cpu.setGr(10, 0x30000);
        cpu.setGr(11, 10);
        s = step(cpu, Instruction.dqap(8, 10));
        assertCompleted(s, path.level, "exec.dqap", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
        assertEquals(0L, cpu.gr(2));
        assertEquals(0x30006L, cpu.gr(10));
        assertEquals(4L, cpu.gr(11));
        assertArrayEquals(Arrays.copyOfRange(MESSAGE, 10, 16), machine.memory().read(0x30000, 6));
        assertEquals(0x0305L, cpu.gr(0), "complete: GR0 bits 0-31 cleared (ap_dqap: *resgr0 = 0)");
    }

    /** ap_dqap: only the GR0 a partial receive returned continues the reply; a fresh GR0 gets it from byte 0. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void aPartialDqapContinuesOnlyFromTheGr0ItReturned(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        enqueue(machine, cpu, 0x0000_00AA_0000_00BBL, MESSAGE);
        fill(cpu, CONFIGURED.encode());
        cpu.setGr(10, 0x20000);
        cpu.setGr(11, 10);
        assertEquals(1, step(cpu, Instruction.dqap(8, 10)).ccAfter());
        assertEquals(0x0000_000A_0000_0305L, cpu.gr(0));

        cpu.setGr(0, CONFIGURED.encode());                     // a fresh GR0: the reply again from its first byte
        cpu.setGr(10, 0x30000);
        cpu.setGr(11, 4);
        Step s = step(cpu, Instruction.dqap(8, 10));
        assertCompleted(s, path.level, "exec.dqap", null, 1, -1L, StatusPlacement.NONE);
        assertArrayEquals(Arrays.copyOf(MESSAGE, 4), machine.memory().read(0x30000, 4));
        assertEquals(12L, cpu.gr(2), "residual: 16 - 4");
        assertEquals(0x0000_0004_0000_0305L, cpu.gr(0));

        cpu.setGr(0, 0x0000_0009_0000_0305L);                  // not what was delivered (4): from byte 0 again
        cpu.setGr(10, 0x40000);
        cpu.setGr(11, 16);
        s = step(cpu, Instruction.dqap(8, 10));
        assertCompleted(s, path.level, "exec.dqap", null, 0, Integer.toUnsignedLong(E), StatusPlacement.ARCHITECTED);
        assertArrayEquals(MESSAGE, machine.memory().read(0x40000, 16));
        assertEquals(0x0305L, cpu.gr(0));
        assertEquals(0L, cpu.gr(2));
    }
}

package io.apvirt.plugin.vfioap;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.api.plugin.Option;
import io.apvirt.engine.internal.bus.FaultPlan;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.plugin.vfioap.TestMachines.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;

import static io.apvirt.plugin.vfioap.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vfio-ap hook under the two policies that call it (docs/architecture.md#4.4, #6, #11.6,
 * 11.7): every path with its exact cc, status word, GR1, level and rule.
 */
class VfioApHookTest {

    static final boolean E = true, R = true, F = true, I = true;
    static final long NIB = 0x1000;
    static final int ISC = 3;

    /**
     * A hook outcome: level hook, the rule, {@code via} the policy's hook call, the status word
     * {E R F I RC} in the outcome and zero-extended in GR1 (4.4 step 9), no other register changed.
     */
    static void assertHook(Step s, Kernel kernel, String rule, int cc, int rc, boolean e, boolean r, boolean f,
                           boolean i) {
        int word = new Apqsw(e, r, f, false, i, rc, 0).encode();
        assertCompleted(s, Level.HOOK, rule, kernel.via, cc, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
        long gr1 = s.after()[1];
        assertEquals(Integer.toUnsignedLong(word), gr1, "GR1: the zero-extended APQSW");
        Apqsw status = Apqsw.fromGr1(gr1);
        assertEquals(e, status.empty(), "E");
        assertEquals(r, status.repliesWaiting(), "R");
        assertEquals(f, status.full(), "F");
        assertEquals(i, status.irq(), "I");
        assertEquals(rc, status.rc(), "RC");
        assertOthersUnchanged(s, 1);
    }

    /** TAPQ of the configured queue, interpreted by firmware: cc 0 and these flags. */
    static void assertTapq(Vcpu cpu, boolean e, boolean r, boolean i) {
        Step t = tapq(cpu);
        int word = new Apqsw(e, r, false, false, i, 0, 0).encode();
        assertCompleted(t, Level.FIRMWARE, "exec.tapq", null, 0, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
    }

    // ---- enable and disable (6.1, 6.2) -------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void enableDisableAndTheirRc07(Kernel kernel) {
        Vcpu cpu = kernel.machine().vcpu();
        assertHook(disable(cpu), kernel, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);

        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertTapq(cpu, E, !R, I);
        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable-already-enabled", 3, 0x07, E, !R, !F, I);
        assertHook(enable(cpu, 5, 0x2000), kernel, "vfio-ap.enable-already-enabled", 3, 0x07, E, !R, !F, I);

        assertHook(disable(cpu), kernel, "vfio-ap.disable", 0, 0x00, E, !R, !F, !I);
        assertTapq(cpu, E, !R, !I);
        assertHook(disable(cpu), kernel, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void nibZeroIsRc06AndEnablesNothing(Kernel kernel) {
        Vcpu cpu = kernel.machine().vcpu();
        assertHook(enable(cpu, ISC, 0), kernel, "vfio-ap.nib-zero", 3, 0x06, !E, !R, !F, !I);
        assertEquals(0x0000_0000_0006_0000L, cpu.gr(1));
        assertTapq(cpu, E, !R, !I);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void nibOutsideGuestMemoryIsRc06(Kernel kernel) {
        Vcpu cpu = kernel.machine().vcpu();
        assertHook(enable(cpu, ISC, MEMORY), kernel, "vfio-ap.nib-outside-memory", 3, 0x06, !E, !R, !F, !I);
        assertHook(enable(cpu, ISC, -8L), kernel, "vfio-ap.nib-outside-memory", 3, 0x06, !E, !R, !F, !I);
        assertTapq(cpu, E, !R, !I);
        // the last byte of guest memory is a valid NIB
        assertHook(enable(cpu, ISC, MEMORY - 1), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void iscAboveMaxIscFailsGiscRegistrationWithRc06(Kernel kernel) {
        Vcpu cpu = kernel.machine("max-isc", "2").vcpu();
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.gisc-register-failed", 3, 0x06, !E, !R, !F, !I);
        assertHook(enable(cpu, 7, NIB), kernel, "vfio-ap.gisc-register-failed", 3, 0x06, !E, !R, !F, !I);
        assertTapq(cpu, E, !R, !I);
        assertHook(enable(cpu, 2, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void giscFailureRc08IsTheValueUpToV67(Kernel kernel) {
        Vcpu cpu = kernel.machine("max-isc", "0", "gisc-failure-rc", "0x08").vcpu();
        assertHook(enable(cpu, 1, NIB), kernel, "vfio-ap.gisc-register-failed", 3, 0x08, !E, !R, !F, !I);
        assertEquals(0x0000_0000_0008_0000L, cpu.gr(1));
        // NIB checks come first (6.1 steps 1-2 before 5)
        assertHook(enable(cpu, 1, 0), kernel, "vfio-ap.nib-zero", 3, 0x06, !E, !R, !F, !I);
        assertHook(enable(cpu, 0, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void everyIscUpTo7IsAcceptedByDefault(Kernel kernel) {
        for (int isc = 0; isc <= 7; isc++) {
            Vcpu cpu = kernel.machine().vcpu();
            assertHook(enable(cpu, isc, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        }
    }

    // ---- declined and not assigned (4.4 steps 2 and 6, 6.3) -----------------------------------

    @Test
    void withoutAivTheHookDeclinesAndMainlineGoesToUserspace() {
        Vcpu cpu = Kernel.MAINLINE.machine().aiv(false).vcpu();
        Step s = enable(cpu, ISC, NIB);
        assertUserspaceOperation(s, "vfio-ap.no-aiv"); // registers and cc untouched
        assertUserspaceOperation(disable(cpu), "vfio-ap.no-aiv");
        assertTapq(cpu, E, !R, !I);
    }

    @Test
    void withoutAivCorrectedAnswersRc01ForTheDecliningHook() {
        Vcpu cpu = Kernel.CORRECTED.machine().aiv(false).vcpu();
        Step s = enable(cpu, ISC, NIB);
        assertCompleted(s, Level.KVM, "exec.aqic-hook-declined", "vfio-ap.no-aiv", 3, 0x0001_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        assertTapq(cpu, E, !R, !I);
    }

    @Test
    void anApqnOutsideTheMatrixIsNotAssignedUnderMainline() {
        Vcpu cpu = Kernel.MAINLINE.machine().vcpu();
        assertHook(aqic(cpu, UNCONFIGURED, true, ISC, NIB), Kernel.MAINLINE, "vfio-ap.not-assigned", 3, 0x01,
                !E, !R, !F, !I);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        assertHook(aqic(cpu, UNCONFIGURED, false, 0, 0), Kernel.MAINLINE, "vfio-ap.not-assigned", 3, 0x01,
                !E, !R, !F, !I);
        // no ECA_AIV is checked before the APQN (4.4 step 2 before 6)
        Step declined = aqic(Kernel.MAINLINE.machine().aiv(false).vcpu(), UNCONFIGURED, true, ISC, NIB);
        assertUserspaceOperation(declined, "vfio-ap.no-aiv");
    }

    @Test
    void anApqnOutsideTheMatrixNeverReachesTheHookUnderCorrected() {
        Vcpu cpu = Kernel.CORRECTED.machine().vcpu();
        Step s = aqic(cpu, UNCONFIGURED, true, ISC, NIB);
        assertCompleted(s, Level.KVM, "exec.apqn-not-available", null, 3, 0x0001_0000L, StatusPlacement.ARCHITECTED);
    }

    @Test
    void anApqnInTheMatrixWithoutAHostQueueIsNotAssigned() {
        // adapter 04 has domain 5 only: 04.0006 is in APM x AQM but the host has no such queue
        ApMachine m = mainlineWithBus(List.of(echoAdapter(3, List.of(5, 6)), echoAdapter(4, List.of(5))), FaultPlan.NEVER);
        Vcpu cpu = m.newVcpu();
        assertHook(aqic(cpu, new Apqn(4, 6), true, ISC, NIB), Kernel.MAINLINE, "vfio-ap.not-assigned", 3, 0x01,
                !E, !R, !F, !I);
        assertHook(aqic(cpu, new Apqn(4, 5), true, ISC, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    // ---- resets and retries in virtual time (6.2, 11.7) ---------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void disableDuringAResetRetriesInVirtualTimeUntilTheResetIsOver(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);                    // tick 2: reset until tick 2 + 1 + RESET_TICKS
        assertEquals(2, m.now());
        // tick 3: RC 0x02, then after 1, 2, 3 waits: the reset is over and turned interrupts off
        assertHook(disable(cpu), kernel, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);
        assertEquals(3 + RESET_TICKS, m.now());
        assertTapq(cpu, E, !R, !I);
    }

    @Test
    void disableWithNoRetriesLeftAnswersTheResetRc() {
        ApMachine m = Kernel.MAINLINE.machine("disable-retries", "0").build();
        Vcpu cpu = m.newVcpu();
        enable(cpu, ISC, NIB);
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-retries-exhausted", 3, 0x02, !E, !R, !F, !I);
        assertEquals(0x0000_0000_0002_0000L, cpu.gr(1));
        assertEquals(4, m.now(), "one try at tick 3, then the kernel's msleep after it");
    }

    @Test
    void theRetryCountAndWaitDecideWhetherTheResetIsOutlasted() {
        // retries 2, wait 1: tries at ticks 3, 4, 5, all during the reset (until tick 6)
        ApMachine m = Kernel.MAINLINE.machine("disable-retries", "2").build();
        Vcpu cpu = m.newVcpu();
        enable(cpu, ISC, NIB);
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-retries-exhausted", 3, 0x02, !E, !R, !F, !I);
        assertEquals(6, m.now());

        // retries 3: the fourth try, at tick 6, finds the reset over
        m = Kernel.MAINLINE.machine("disable-retries", "3").build();
        cpu = m.newVcpu();
        enable(cpu, ISC, NIB);
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);
        assertEquals(6, m.now());

        // wait 0: every try at the same tick
        m = Kernel.MAINLINE.machine("disable-retries", "10", "retry-wait-ticks", "0").build();
        cpu = m.newVcpu();
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-retries-exhausted", 3, 0x02, !E, !R, !F, !I);
        assertEquals(2, m.now());

        // wait 20: the first sleep outlasts the reset
        m = Kernel.MAINLINE.machine("retry-wait-ticks", "20").build();
        cpu = m.newVcpu();
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);
        assertEquals(22, m.now());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void enableDuringAResetRunsTheDisablePathAndAnswersTheEnableRc(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);                    // tick 1: reset until tick 5
        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable-failed", 3, 0x02, !E, !R, !F, !I);
        assertEquals(5, m.now(), "the disable path waited for the reset");
        assertTapq(cpu, E, !R, !I);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void aRapqTurnsInterruptsOffSoALaterDisableIsRc07(Kernel kernel) {
        Vcpu cpu = kernel.machine().vcpu();
        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertTapq(cpu, E, !R, I);
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        for (int tries = 0; tries < 10 && tapq(cpu).ccAfter() != 0; tries++) {
            // TAPQ until the reset is over
        }
        assertTapq(cpu, E, !R, !I);
        assertHook(disable(cpu), kernel, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);
        // and interrupts can be enabled again
        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    @Test
    void aDeconfiguredAdapterFailsDisableAndEnable() {
        ApMachine m = mainlineWithBus(List.of(echoAdapter(3, List.of(5, 6)), echoAdapter(4, List.of(5, 6))), 3);
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, ISC, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I); // tick 1
        tapq(cpu);                                                                                    // tick 2
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-failed", 3, 0x03, !E, !R, !F, !I); // tick 3
        assertEquals(3, m.now(), "no retry for RC 0x03");
        assertHook(enable(cpu, ISC, NIB), Kernel.MAINLINE, "vfio-ap.enable-failed", 3, 0x03, !E, !R, !F, !I);
        assertEquals(4, m.now());
    }

    // ---- interrupts (11.7) ----------------------------------------------------------------------

    /** NQAP 4,6 of 16 bytes at 0x10000 on the configured queue (GR0 with the last-part bit 33): cc 0, {@code word}. */
    static void enqueue(ApMachine m, Vcpu cpu, int word) {
        m.write(0x10000, new byte[16]);
        fill(cpu, CONFIGURED.encode() | bit(33));
        cpu.setGr(4, 0x1);
        cpu.setGr(5, 0x1234);
        cpu.setGr(6, 0x10000);
        cpu.setGr(7, 16);
        Step s = step(cpu, Instruction.nqap(4, 6));
        assertCompleted(s, Level.FIRMWARE, "exec.nqap", null, 0, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void aReadyReplySetsTheNibAndMakesTheIscPending(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, ISC, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        enqueue(m, cpu, Apqsw.WORD_I);                    // reply ready one tick later
        assertArrayEquals(new byte[]{0}, m.read(NIB, 1));
        assertEquals(List.of(), m.pendingInterrupts());
        assertTapq(cpu, !E, R, I);                        // the next instruction delivers first
        assertArrayEquals(new byte[]{1}, m.read(NIB, 1));
        assertEquals(List.of(ISC), m.pendingInterrupts());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void withInterruptsOffAReadyReplyRaisesNothing(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, ISC, 0), kernel, "vfio-ap.nib-zero", 3, 0x06, !E, !R, !F, !I);
        enqueue(m, cpu, 0);
        assertTapq(cpu, !E, R, !I);
        assertArrayEquals(new byte[]{0}, m.read(NIB, 1));
        assertEquals(List.of(), m.pendingInterrupts());
    }

    @Test
    void theIscOfTheEnableIsTheOneMadePending() {
        ApMachine m = Kernel.MAINLINE.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 6, 0x3000), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        enqueue(m, cpu, Apqsw.WORD_I);
        tapq(cpu);
        assertArrayEquals(new byte[]{1}, m.read(0x3000, 1));
        assertArrayEquals(new byte[]{0}, m.read(NIB, 1));
        assertEquals(List.of(6), m.pendingInterrupts());
    }

    // ---- options and rules ------------------------------------------------------------------------

    @Test
    void optionsAreTypedWithTheirDefaultsAndBindingTheSameValuesGivesTheSameHandler() {
        VfioApHook bean = new VfioApHook();
        assertEquals(List.of("kernel", "nib-zero", "gisc-failure-rc", "max-isc", "disable-retries", "retry-wait-ticks"),
                bean.options().stream().map(Option::name).toList());
        assertEquals(List.of("latest", "kernel", "kernel", "7", "5", "1"), bean.options().stream().map(Option::defaultText).toList());
        assertEquals(List.of("kernel", "0x06", "0x08"), VfioApHook.GISC_FAILURE_RC.values());
        assertEquals(List.of("kernel", "invalid", "accepted"), VfioApHook.NIB_ZERO_CHECK.values());
        assertEquals("a whole number from 0 to 7", VfioApHook.MAX_ISC.accepted());
        assertEquals(List.of(0L, 10L), List.of(VfioApHook.DISABLE_RETRIES.min(), VfioApHook.DISABLE_RETRIES.max()));
        assertEquals(List.of(0L, 20L), List.of(VfioApHook.RETRY_WAIT_TICKS.min(), VfioApHook.RETRY_WAIT_TICKS.max()));
        assertSame(hook(), hook(), "the same option values: the handler made last time");
        assertNotSame(hook(), hook("max-isc", "3"));
        // the defaults, bound
        Vcpu cpu = machine("mainline", Kernel.MAINLINE.policy()).hook(hook()).vcpu();
        assertHook(enable(cpu, 7, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    @Test
    void everyRuleIsListedOnceAndCitesVfioApOps() {
        List<Rule> rules = new VfioApHook().rules();
        assertEquals(List.of("vfio-ap.no-aiv", "vfio-ap.not-assigned", "vfio-ap.nib-zero", "vfio-ap.nib-outside-memory",
                "vfio-ap.gisc-register-failed", "vfio-ap.enable", "vfio-ap.enable-already-enabled", "vfio-ap.enable-failed",
                "vfio-ap.disable", "vfio-ap.disable-already-disabled", "vfio-ap.disable-retries-exhausted",
                "vfio-ap.disable-failed"), rules.stream().map(Rule::id).toList());
        assertEquals(rules.size(), new HashSet<>(rules).size());
        for (Rule r : rules) {
            assertTrue(r.source().contains("vfio_ap_ops.c") && r.source().contains("docs/architecture.md"), r.id());
        }
    }
}

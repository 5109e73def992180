package io.apvirt.plugin.vfioap;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.VfioApState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.bus.FaultPlan;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.plugin.vfioap.TestMachines.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.apvirt.plugin.vfioap.TestMachines.*;
import static io.apvirt.plugin.vfioap.VfioApHookTest.E;
import static io.apvirt.plugin.vfioap.VfioApHookTest.F;
import static io.apvirt.plugin.vfioap.VfioApHookTest.I;
import static io.apvirt.plugin.vfioap.VfioApHookTest.R;
import static io.apvirt.plugin.vfioap.VfioApHookTest.assertHook;
import static io.apvirt.plugin.vfioap.VfioApHookTest.assertTapq;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * vfio_ap's software state (docs/architecture.md#6.5): the saved ISC and NIB per queue, which only
 * vfio_ap_free_aqic_resources (drivers/s390/crypto/vfio_ap_ops.c) clears, and KVM's GISC
 * registration counts (kvm_s390_gisc_register/unregister, arch/s390/kvm/interrupt.c) with the NIB
 * pins; and vfio_ap_mdev_reset_queues on Machine.reset() (section 6.6).
 */
class VfioApSoftwareStateTest {

    static final long NIB = 0x1000;

    static Map<Integer, Integer> gisc(int... iscCount) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (int i = 0; i < iscCount.length; i += 2) {
            m.put(iscCount[i], iscCount[i + 1]);
        }
        return m;
    }

    /** The GISC registration counts and the pins held. */
    static void assertHost(ApMachine m, Map<Integer, Integer> gisc, int pins) {
        VfioApState s = m.vfioAp();
        assertEquals(gisc, s.giscRegistrations(), "gisc-registrations");
        assertEquals(pins, s.pinnedPages(), "pinned-pages");
    }

    /** RAPQ on the configured queue, then TAPQ until the reset is over (interrupts off). */
    static void rapqAndWait(Vcpu cpu) {
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        for (int tries = 0; tries < 10 && tapq(cpu).ccAfter() != 0; tries++) {
            // TAPQ until the reset is over
        }
    }

    // ---- the saved ISC outlives a guest RAPQ (vfio_ap_irq_enable, vfio_ap_irq_disable) -----------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void enableRapqDisableEnableLeavesOneRegistrationOfIsc3(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHost(m, gisc(3, 1), 1);
        assertEquals(new VfioApState.Saved(3, NIB), m.vfioAp().of(CONFIGURED));
        rapqAndWait(cpu);
        assertTapq(cpu, E, !R, !I);
        // the guest's RAPQ turned interrupts off; vfio_ap's saved ISC and pinned NIB stay
        assertEquals(new VfioApState.Saved(3, NIB), m.vfioAp().of(CONFIGURED));
        assertHost(m, gisc(3, 1), 1);
        // host AQIC RC 0x07, then vfio_ap_free_aqic_resources: the saved ISC released, the NIB unpinned
        assertHook(disable(cpu), kernel, "vfio-ap.disable-already-disabled", 3, 0x07, E, !R, !F, !I);
        assertHost(m, gisc(), 0);
        assertEquals(new VfioApState.Saved(-1, 0), m.vfioAp().of(CONFIGURED));
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHost(m, gisc(3, 1), 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void anEnableAfterARapqReleasesTheOlderRegistrationAndPin(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        for (int cycle = 0; cycle < 3; cycle++) {
            rapqAndWait(cpu);
            // vfio_ap_irq_enable, host RC 0x00: vfio_ap_free_aqic_resources frees the older ISC 3 and NIB page
            assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
            assertHost(m, gisc(3, 1), 1);
        }
        rapqAndWait(cpu);
        assertHook(enable(cpu, 5, 0x2000), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHost(m, gisc(5, 1), 1);
        assertEquals(new VfioApState.Saved(5, 0x2000), m.vfioAp().of(CONFIGURED));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void enableWhileEnabledReleasesTheNewRegistrationAndPinAtOnce(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHook(enable(cpu, 5, 0x2000), kernel, "vfio-ap.enable-already-enabled", 3, 0x07, E, !R, !F, I);
        assertHost(m, gisc(3, 1), 1);
        assertEquals(new VfioApState.Saved(3, NIB), m.vfioAp().of(CONFIGURED));
    }

    @Test
    void twoQueuesOnOnePageHoldTwoPinsAndTwoRegistrations() {
        ApMachine m = Kernel.MAINLINE.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(aqic(cpu, CONFIGURED, true, 3, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHook(aqic(cpu, new Apqn(3, 6), true, 3, NIB + 1), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHost(m, gisc(3, 2), 2);
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable", 0, 0x00, E, !R, !F, !I);
        assertHost(m, gisc(3, 1), 1);
    }

    // ---- a deconfigured adapter: the ISC is released once (vfio_ap_irq_disable) ---------------------

    @Test
    void aDeconfiguredQueueReleasesItsIscOnceAndLeavesTheOtherQueuesRegistration() {
        // adapter 03 is deconfigured from tick 3 on; adapter 04 keeps working
        ApMachine m = mainlineWithBus(List.of(echoAdapter(3, List.of(5, 6)), echoAdapter(4, List.of(5, 6))),
                apid -> apid == 3 ? 3 : FaultPlan.NEVER);
        Vcpu cpu = m.newVcpu();
        assertHook(aqic(cpu, CONFIGURED, true, 3, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);       // tick 1
        assertHook(aqic(cpu, new Apqn(4, 5), true, 3, 0x2000), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I); // tick 2
        assertHost(m, gisc(3, 2), 2);
        // tick 3: host AQIC RC 0x03; the queue still has interrupts on, vfio_ap frees its saved ISC and NIB
        assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-failed", 3, 0x03, !E, !R, !F, !I);
        assertHost(m, gisc(3, 1), 1);
        assertEquals(true, m.queues().get(0).interrupts(), "the deconfigured queue's controls are unchanged");
        // nothing is saved any more: later disables release nothing, 04.0005 keeps its registration
        for (int i = 0; i < 3; i++) {
            assertHook(disable(cpu), Kernel.MAINLINE, "vfio-ap.disable-failed", 3, 0x03, !E, !R, !F, !I);
            assertHost(m, gisc(3, 1), 1);
        }
        assertEquals(new VfioApState.Saved(3, 0x2000), m.vfioAp().of(new Apqn(4, 5)));
        assertEquals(new VfioApState.Saved(-1, 0), m.vfioAp().of(CONFIGURED));
    }

    @Test
    void aGiscFaultInjectionUnpinsTheNibAndRegistersNothing() {
        ApMachine m = Kernel.MAINLINE.machine("max-isc", "2").build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), Kernel.MAINLINE, "vfio-ap.gisc-register-failed", 3, 0x06, !E, !R, !F, !I);
        assertHost(m, gisc(), 0);
    }

    @Test
    void anEnableDuringAResetKeepsTheNewRegistrationAndPinAsTheKernelDoes() {
        ApMachine m = Kernel.MAINLINE.machine().build();
        Vcpu cpu = m.newVcpu();
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);
        // host AQIC RC 0x02: vfio_ap_irq_disable frees what is saved (nothing); ISC 3 and the NIB pin stay
        assertHook(enable(cpu, 3, NIB), Kernel.MAINLINE, "vfio-ap.enable-failed", 3, 0x02, !E, !R, !F, !I);
        assertHost(m, gisc(3, 1), 1);
        assertEquals(new VfioApState.Saved(-1, 0), m.vfioAp().of(CONFIGURED));
    }

    // ---- Machine.reset(): vfio_ap_mdev_reset_queues (section 6.6) -------------------------------------

    /** NQAP 4,6 of 16 bytes at 0x10000 on the configured queue: accepted. */
    static void enqueue(ApMachine m, Vcpu cpu) {
        m.write(0x10000, new byte[16]);
        fill(cpu, CONFIGURED.encode() | bit(33));
        cpu.setGr(4, 0x1);
        cpu.setGr(5, 0x1234);
        cpu.setGr(6, 0x10000);
        cpu.setGr(7, 16);
        assertEquals(0, step(cpu, Instruction.nqap(4, 6)).ccAfter());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void aVmResetZeroizesEveryQueueAndFreesTheSavedIscAndNib(Kernel kernel) {
        ApMachine m = kernel.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);  // tick 1
        enqueue(m, cpu);                                                                     // tick 2
        enqueue(m, cpu);                                                                     // tick 3
        assertEquals(2, m.queues().get(0).pending());
        m.reset();
        // ZAPQ at tick 3 (reset until 3 + 1 + RESET_TICKS), TAPQ every tick: RC 0x02 until tick 7, then 0x00
        assertEquals(3 + 1 + RESET_TICKS, m.now());
        assertHost(m, gisc(), 0);
        assertEquals(Map.of(), m.vfioAp().saved());
        for (int q = 0; q < 4; q++) {
            assertEquals(0, m.queues().get(q).pending(), m.queues().get(q).apqn().toString());
            assertEquals(false, m.queues().get(q).interrupts());
        }
        assertEquals(2, m.queues().get(0).dropped(), "the two messages were dropped");
        assertTapq(cpu, E, !R, !I);
        // and the guest can enable again
        assertHook(enable(cpu, 3, NIB), kernel, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHost(m, gisc(3, 1), 1);
    }

    @Test
    void aVmResetDuringAGuestResetIssuesZapqAgainWhenThatOneIsOver() {
        ApMachine m = Kernel.MAINLINE.machine().build();
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I); // tick 1
        pqap(cpu, FunctionCode.RAPQ, CONFIGURED);                                                  // tick 2: until tick 6
        m.reset();
        // 03.0005: ZAPQ RC 0x02 at tick 2; TAPQ 0x00 at tick 6, so ZAPQ again (until tick 10); TAPQ 0x00 at tick 10
        assertEquals(2 + 2 * (1 + RESET_TICKS), m.now());
        assertHost(m, gisc(), 0);
        assertTapq(cpu, E, !R, !I);
    }

    @Test
    void aVmResetOfADeconfiguredAdapterFreesAtOnce() {
        ApMachine m = mainlineWithBus(List.of(echoAdapter(3, List.of(5, 6))), apid -> 2);
        Vcpu cpu = m.newVcpu();
        assertHook(enable(cpu, 3, NIB), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I); // tick 1
        tapq(cpu);                                                                                 // tick 2: deconfigured
        m.reset();
        // vfio_ap_mdev_reset_queue: ZAPQ RC 0x03, vfio_ap_free_aqic_resources, no reset check
        assertEquals(2, m.now());
        assertHost(m, gisc(), 0);
    }

    @Test
    void aVmResetWithoutInterruptsLeavesNothingToFree() {
        ApMachine m = Kernel.MAINLINE.machine().build();
        Vcpu cpu = m.newVcpu();
        enqueue(m, cpu);
        m.reset();
        assertEquals(1 + 1 + RESET_TICKS, m.now());
        assertEquals(1, m.queues().get(0).dropped());
        assertHost(m, gisc(), 0);
        int word = new Apqsw(true, false, false, false, false, 0, 0).encode();
        assertCompleted(tapq(cpu), Level.FIRMWARE, "exec.tapq", null, 0, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
    }
}

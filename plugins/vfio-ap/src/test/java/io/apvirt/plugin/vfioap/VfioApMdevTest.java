package io.apvirt.plugin.vfioap;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.embed.Machines;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.AssignmentChange;
import io.apvirt.api.machine.ConfigurationEvent;
import io.apvirt.api.machine.EventInformation;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldJunit5Extension;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vfio_ap mediated device against the guest's masks (docs/architecture.md#12.1, #12.2, #12.3), on
 * machines built from settings: vfio_ap_mdev_filter_matrix, vfio_ap_mdev_filter_cdoms,
 * handle_pqap's vfio_ap_mdev_get_queue, the assign/unassign stores with
 * vfio_ap_mdev_update_guest_apcb's signal, and QEMU's cfg-change handler and CHSC SEI.
 */
@ExtendWith(WeldJunit5Extension.class)
class VfioApMdevTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().enableDiscovery()).build();

    @Inject
    Machines machines;

    private Machine machine(String... properties) {
        MachineSettings s = MachineSettings.defaults();
        for (int i = 0; i < properties.length; i += 2) {
            s = s.with(properties[i], properties[i + 1]);
        }
        return machines.create(s);
    }

    private static Outcome aqicEnable(Vcpu cpu, String apqn) {
        cpu.setGr(0, PqapGr0.of(FunctionCode.AQIC, Apqn.parse(apqn)).encode());
        cpu.setGr(1, AqicControl.guest(true, 3).encode());
        cpu.setGr(2, 0x1000);
        return cpu.execute(Instruction.PQAP);
    }

    private static Outcome tapq(Vcpu cpu, String apqn) {
        cpu.setGr(0, PqapGr0.of(FunctionCode.TAPQ, Apqn.parse(apqn)).encode());
        cpu.setGr(1, 0);
        cpu.setGr(2, 0);
        return cpu.execute(Instruction.PQAP);
    }

    @Test
    void vfioApMdevFilterMatrixDropsTheAdapterOfAnUnboundQueueWithAllItsDomains() {
        Machine m = machine("apvirt.host.unbound-queues", "03.0005");
        assertEquals(ApMask.of(4), m.guest().apm());
        assertEquals(ApMask.of(5, 6), m.guest().aqm());
        assertEquals(ApMask.of(5, 6), m.guest().adm());
        assertEquals(ApMask.of(3, 4), m.assignment().adapters());
        assertEquals(List.of(new Apqn(3, 6), new Apqn(4, 5), new Apqn(4, 6)), m.assignment().queueTable());
    }

    @Test
    void vfioApMdevFilterMatrixDropsAnAdapterOutsideTheHostsConfigurationButKeepsTheOthers() {
        Machine m = machine("apvirt.host.unconfigured-adapters", "4");
        assertEquals(ApMask.of(3), m.guest().apm());
        assertEquals(ApMask.of(5, 6), m.guest().aqm());
        assertEquals(List.of(new Apqn(3, 5), new Apqn(3, 6)), m.assignment().queueTable());
        assertEquals(List.of("03.0005", "03.0006"), m.queues().stream().map(q -> q.apqn().toString()).toList());
    }

    @Test
    void vfioApMdevFilterMatrixKeepsOnlyTheDomainsTheHostConfigures() {
        // the host's AQM is the union of its adapters' domains (5, 6); domain 7 is assigned but not configured
        Machine m = machine("apvirt.matrix.domains", "5,6,7", "apvirt.matrix.control-domains", "5,9",
                "apvirt.devices[0].adapter", "3", "apvirt.devices[0].domains", "5,6",
                "apvirt.devices[1].adapter", "4", "apvirt.devices[1].domains", "5,6");
        assertEquals(ApMask.of(3, 4), m.guest().apm());
        assertEquals(ApMask.of(5, 6), m.guest().aqm());
        assertEquals(ApMask.of(5, 9), m.guest().adm(), "vfio_ap_mdev_filter_cdoms: the host's ADM has every control domain");
    }

    @Test
    void handlePqapFindsTheQueueInTheMdevsQueueTableNotInTheGuestsApcb() {
        Machine m = machine("apvirt.host.unbound-queues", "03.0005");
        Vcpu cpu = m.newVcpu();
        // 03.0006: assigned and bound, filtered from the guest: firmware says RC 0x01 to TAPQ ...
        Outcome t = tapq(cpu, "03.0006");
        assertEquals("exec.apqn-not-available", t.rule().id());
        assertEquals(3, cpu.cc());
        // ... but vfio_ap_mdev_get_queue finds it, so the host AQIC enables it (mainline: AQIC always intercepts)
        Outcome o = aqicEnable(cpu, "03.0006");
        assertEquals(Level.HOOK, o.level());
        assertEquals("vfio-ap.enable", o.rule().id());
        assertEquals(0, cpu.cc());
        assertEquals(0x8100_0000L, cpu.gr(1));
        assertEquals(3, m.queues().stream().filter(q -> q.apqn().equals(new Apqn(3, 6))).findFirst().orElseThrow().isc());
        // 03.0005 is assigned but not bound: RC 0x01, and no host instruction (its queue keeps interrupts off)
        Outcome n = aqicEnable(cpu, "03.0005");
        assertEquals("vfio-ap.not-assigned", n.rule().id());
        assertEquals(3, cpu.cc());
        assertEquals(0x0001_0000L, cpu.gr(1));
        assertEquals(false, m.queues().stream().filter(q -> q.apqn().equals(new Apqn(3, 5))).findFirst().orElseThrow().interrupts());
    }

    @Test
    void assignAdapterStoreFiltersAndSignalsTheConfigurationChange() {
        Machine m = machine("apvirt.devices[0].adapter", "5");
        assertEquals(ApMask.of(3, 4), m.guest().apm());
        m.changeAssignment(new AssignmentChange(true, List.of(5), List.of(), List.of()));
        assertEquals(ApMask.of(3, 4, 5), m.guest().apm());
        assertEquals(List.of(new ConfigurationEvent(0)), m.pendingConfigurationEvents());
        assertEquals(List.of(0x0B000000), m.channelReports());
        // assigning it again changes nothing and signals nothing
        m.changeAssignment(new AssignmentChange(true, List.of(5), List.of(), List.of()));
        assertEquals(1, m.pendingConfigurationEvents().size());
    }

    @Test
    void assignAnAdapterWithAnUnboundQueueChangesNoApcbAndSignalsNothing() {
        Machine m = machine("apvirt.devices[0].adapter", "6", "apvirt.host.unbound-queues", "06.0006");
        m.changeAssignment(new AssignmentChange(true, List.of(6), List.of(), List.of()));
        assertEquals(ApMask.of(3, 4, 6), m.assignment().adapters());
        assertEquals(ApMask.of(3, 4), m.guest().apm());
        assertEquals(List.of(), m.pendingConfigurationEvents());
        assertEquals(List.of(), m.channelReports());
    }

    @Test
    void unassignDomainHotUnplugsWithoutRefilteringAndResetsTheGuestsQueues() {
        Machine m = machine("apvirt.host.unbound-queues", "03.0005");
        Vcpu cpu = m.newVcpu();
        aqicEnable(cpu, "04.0006");
        assertEquals(true, m.queues().stream().filter(q -> q.apqn().equals(new Apqn(4, 6))).findFirst().orElseThrow().interrupts());
        // domain 6 leaves the guest; 04.0006 was in it, so it is reset (ZAPQ: interrupts off)
        m.changeAssignment(new AssignmentChange(false, List.of(), List.of(6), List.of()));
        assertEquals(ApMask.of(5), m.guest().aqm());
        assertEquals(false, m.queues().stream().filter(q -> q.apqn().equals(new Apqn(4, 6))).findFirst().orElseThrow().interrupts());
        // unassigning domain 5 (the unbound 03.0005) does not filter adapter 03 back in: no new filtering
        m.changeAssignment(new AssignmentChange(false, List.of(), List.of(5), List.of()));
        assertEquals(ApMask.of(4), m.guest().apm());
        assertEquals(ApMask.EMPTY, m.guest().aqm());
        assertEquals(2, m.pendingConfigurationEvents().size());
        assertEquals(List.of(0x0B000000), m.channelReports(), "one CRW while the SEI is pending (css_generate_css_crws)");
    }

    @Test
    void aHotUnplugFreesTheSavedIscAndNibEvenAfterAGuestResetClearedTheQueuesInterrupts() {
        Machine m = machine();
        Vcpu cpu = m.newVcpu();
        assertEquals("vfio-ap.enable", aqicEnable(cpu, "04.0006").rule().id());
        assertEquals(java.util.Map.of(3, 1), m.vfioAp().giscRegistrations());
        cpu.setGr(0, PqapGr0.of(FunctionCode.RAPQ, Apqn.parse("04.0006")).encode());
        cpu.execute(Instruction.PQAP);                           // the guest's RAPQ turns the queue's interrupts off ...
        for (int i = 0; i < 10 && tapq(cpu, "04.0006") instanceof Outcome.Completed c && c.cc() != 0; i++) {
            // TAPQ until the reset is over
        }
        assertEquals(false, m.queues().stream().filter(q -> q.apqn().equals(new Apqn(4, 6))).findFirst().orElseThrow().interrupts());
        assertEquals(java.util.Map.of(3, 1), m.vfioAp().giscRegistrations(), "... but q->saved_isc stays registered");
        // domain 6 leaves: vfio_ap_mdev_reset_qlist resets 03.0006 and 04.0006 and frees their saved ISC and NIB
        m.changeAssignment(new AssignmentChange(false, List.of(), List.of(6), List.of()));
        assertEquals(java.util.Map.of(), m.vfioAp().giscRegistrations());
        assertEquals(0, m.vfioAp().pinnedPages());
    }

    @Test
    void controlDomainsFollowVfioApMdevFilterCdoms() {
        Machine m = machine();
        m.changeAssignment(new AssignmentChange(false, List.of(), List.of(), List.of(9)));   // not assigned: nothing
        assertEquals(List.of(), m.pendingConfigurationEvents());
        m.changeAssignment(new AssignmentChange(true, List.of(), List.of(), List.of(8)));
        assertEquals(ApMask.of(5, 6, 8), m.guest().adm());
        m.changeAssignment(new AssignmentChange(false, List.of(), List.of(), List.of(5)));
        assertEquals(ApMask.of(6, 8), m.guest().adm());
        assertEquals(2, m.pendingConfigurationEvents().size());
    }

    @Test
    void chscSeiTakesTheEventsInTurnAsIoinstHandleChscSeiAnswers() {
        Machine m = machine();
        assertArrayEquals(new byte[]{0x00, 0x08, 0x00, 0x05, 0, 0, 0, 0}, m.storeEventInformation().toBytes());
        m.changeAssignment(new AssignmentChange(true, List.of(), List.of(), List.of(8)));
        m.changeAssignment(new AssignmentChange(true, List.of(), List.of(), List.of(9)));
        assertEquals(List.of(0x0B000000), m.channelReports());
        EventInformation first = m.storeEventInformation();
        assertEquals(new EventInformation(0x0001, true), first);
        assertArrayEquals(new byte[]{0x00, 0x0C, 0x00, 0x01, 0, 0, 0, 0, (byte) 0x80, 0, 5, 3}, first.toBytes());
        EventInformation second = m.storeEventInformation();
        assertArrayEquals(new byte[]{0x00, 0x0C, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 5, 3}, second.toBytes());
        assertEquals(new EventInformation(0x0005, false), m.storeEventInformation());
        // sei_pending was cleared with the last event: the next change raises a new CRW
        m.changeAssignment(new AssignmentChange(false, List.of(), List.of(), List.of(9)));
        assertEquals(List.of(0x0B000000, 0x0B000000), m.channelReports());
    }

    @Test
    void withoutTheApFeatureQemuStoresNoApEvent() {
        Machine m = machine("apvirt.guest.facilities.ap", "false");
        m.changeAssignment(new AssignmentChange(true, List.of(), List.of(), List.of(8)));
        assertEquals(1, m.pendingConfigurationEvents().size());
        assertEquals(new EventInformation(0x0005, false), m.storeEventInformation());   // chsc_sei_nt0_get_event: !S390_FEAT_AP
    }
}

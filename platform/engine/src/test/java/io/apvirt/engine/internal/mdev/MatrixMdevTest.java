package io.apvirt.engine.internal.mdev;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.device.AdapterSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mdev of vfio_ap_ops.c (docs/architecture.md#12.1, #12.2) with exact masks. */
class MatrixMdevTest {

    private static AdapterSpec adapter(int apid, Integer... domains) {
        return new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, 0, 8, List.of(domains), 1, 2, "echo");
    }

    private static final List<AdapterSpec> HOST = List.of(adapter(3, 5, 6, 7), adapter(4, 5, 6, 7), adapter(5, 5, 6));

    private static MatrixMdev open(List<Integer> unconfigured, List<Integer> unbound, boolean apxa, ApMask apm, ApMask aqm) {
        return MatrixMdev.open(HostApConfig.of(HOST, unconfigured, unbound), apxa, apm, aqm, ApMask.of(5, 6));
    }

    @Test
    void vfioApMdevFilterMatrixAndsWithTheHostThenDropsAdaptersWithAQueueOutsideTheQueueTable() {
        // adapter 05 has no queue of domain 7 (no queue device): filtered with all its domains
        MatrixMdev m = open(List.of(), List.of(), true, ApMask.of(3, 4, 5, 9), ApMask.of(5, 6, 7));
        assertEquals(ApMask.of(3, 4), m.shadowApm());   // 9 is not in the host's configuration
        assertEquals(ApMask.of(5, 6, 7), m.shadowAqm());
        assertEquals(ApMask.of(5, 6), m.shadowAdm());
        assertTrue(m.hasQueue(new Apqn(5, 5).encode()), "assigned and bound: in the queue table although filtered");
        assertFalse(m.hasQueue(new Apqn(5, 7).encode()), "no queue device");
        assertFalse(m.hasQueue(new Apqn(9, 5).encode()), "adapter not configured on the host");
        assertFalse(m.hasQueue(new Apqn(3, 8).encode()), "not assigned");
    }

    @Test
    void unboundAndUnconfigured() {
        MatrixMdev m = open(List.of(4), List.of(new Apqn(3, 6).encode()), true, ApMask.of(3, 4), ApMask.of(5, 6));
        assertEquals(ApMask.EMPTY, m.shadowApm());
        assertEquals(ApMask.of(5, 6), m.shadowAqm());
        assertEquals(List.of(new Apqn(3, 5)), m.assignment().queueTable());
    }

    @Test
    void assignAdapterStoreReportsTheApcbChangeAndTheFilteredAdaptersQueuesToReset() {
        MatrixMdev m = open(List.of(), List.of(), true, ApMask.of(3, 5), ApMask.of(5, 6));
        assertEquals(ApMask.of(3, 5), m.shadowApm());
        assertEquals(new MatrixMdev.Update(true, List.of()), m.assignAdapter(4));
        assertEquals(MatrixMdev.Update.NONE, m.assignAdapter(4), "already assigned");
        // assigning domain 7 filters adapter 05 (no 05.0007); it was in the guest: reset_queues_for_apids
        MatrixMdev.Update u = m.assignDomain(7);
        assertEquals(new MatrixMdev.Update(true, List.of(new Apqn(5, 5), new Apqn(5, 6))), u);
        assertEquals(ApMask.of(3, 4), m.shadowApm());
        assertEquals(ApMask.of(5, 6, 7), m.shadowAqm());
    }

    @Test
    void assignAboveTheMaximumWithoutApxaIsENodev() {
        MatrixMdev m = open(List.of(), List.of(), false, ApMask.of(3), ApMask.of(5));
        assertEquals(MatrixMdev.Update.NONE, m.assignAdapter(64));
        assertEquals(MatrixMdev.Update.NONE, m.assignDomain(16));
        assertEquals(MatrixMdev.Update.NONE, m.assignControlDomain(16));
        assertEquals(ApMask.of(3), m.assignment().adapters());
    }

    @Test
    void hotUnplugResetsTheQueuesThatWereInTheGuestAndDoesNotRefilter() {
        MatrixMdev m = open(List.of(), List.of(new Apqn(3, 7).encode()), true, ApMask.of(3, 4), ApMask.of(5, 6, 7));
        assertEquals(ApMask.of(4), m.shadowApm());
        assertEquals(new MatrixMdev.Update(true, List.of(new Apqn(4, 6))), m.unassignDomain(6));
        // 03.0007 was the unbound queue; unassigning domain 7 does not bring adapter 03 back
        assertEquals(new MatrixMdev.Update(true, List.of(new Apqn(4, 7))), m.unassignDomain(7));
        assertEquals(ApMask.of(4), m.shadowApm());
        assertEquals(ApMask.of(5), m.shadowAqm());
        // unassigning adapter 03, not in the guest: no APCB change, nothing to reset
        assertEquals(new MatrixMdev.Update(false, List.of()), m.unassignAdapter(3));
        assertEquals(new MatrixMdev.Update(true, List.of(new Apqn(4, 5))), m.unassignAdapter(4));
        assertEquals(ApMask.EMPTY, m.shadowApm());
    }

    @Test
    void controlDomainsFollowVfioApMdevFilterCdoms() {
        MatrixMdev m = open(List.of(), List.of(), true, ApMask.of(3), ApMask.of(5));
        assertEquals(new MatrixMdev.Update(true, List.of()), m.assignControlDomain(9));
        assertEquals(ApMask.of(5, 6, 9), m.shadowAdm());
        assertEquals(MatrixMdev.Update.NONE, m.unassignControlDomain(10));
        assertEquals(new MatrixMdev.Update(true, List.of()), m.unassignControlDomain(5));
        assertEquals(ApMask.of(6, 9), m.shadowAdm());
    }
}

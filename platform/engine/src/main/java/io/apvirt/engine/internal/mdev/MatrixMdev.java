package io.apvirt.engine.internal.mdev;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.Assignment;

import java.util.ArrayList;
import java.util.List;

/**
 * The vfio_ap mediated device of one VM, {@code struct ap_matrix_mdev} of
 * drivers/s390/crypto/vfio_ap_private.h (docs/architecture.md#12.1 and #12.2): the assignment
 * ({@code matrix}), the guest's APCB ({@code shadow_apcb}) and, through the host, the queue
 * table. Each change is one sysfs write, handled as vfio_ap_ops.c handles it; the caller puts
 * a changed APCB into the guest ({@code vfio_ap_mdev_update_guest_apcb}) and resets the queues
 * the change took from the guest.
 */
public final class MatrixMdev {

    /** What one sysfs write did: whether the guest's APCB changed, and the queues to reset (ascending APQNs). */
    public record Update(boolean apcbChanged, List<Apqn> resets) {
        public static final Update NONE = new Update(false, List.of());
    }

    private final HostApConfig host;
    private final int maxApid;
    private final int maxApqi;
    private ApMask apm;
    private ApMask aqm;
    private ApMask adm;
    private ApMask shadowApm;
    private ApMask shadowAqm;
    private ApMask shadowAdm;

    private MatrixMdev(HostApConfig host, boolean apxa, ApMask apm, ApMask aqm, ApMask adm) {
        this.host = host;
        // vfio_ap_matrix_init: apm_max = apxa ? Na : 63, aqm_max = adm_max = apxa ? Nd : 15 (the model's Na = Nd = 255)
        this.maxApid = apxa ? 255 : Apqn.MAX_APID_WITHOUT_APXA;
        this.maxApqi = apxa ? 255 : Apqn.MAX_APQI_WITHOUT_APXA;
        this.apm = apm;
        this.aqm = aqm;
        this.adm = adm;
        this.shadowApm = ApMask.EMPTY;
        this.shadowAqm = ApMask.EMPTY;
        this.shadowAdm = ApMask.EMPTY;
    }

    /**
     * The mdev as the VM opens it: the assignment filtered into the shadow APCB
     * ({@code vfio_ap_mdev_set_kvm} after {@code vfio_ap_mdev_filter_matrix} and
     * {@code vfio_ap_mdev_filter_cdoms} ran at assignment and probe time).
     */
    public static MatrixMdev open(HostApConfig host, boolean apxa, ApMask apm, ApMask aqm, ApMask adm) {
        MatrixMdev m = new MatrixMdev(host, apxa, apm, aqm, adm);
        m.filterMatrix();
        m.filterCdoms();
        return m;
    }

    /** An mdev in the same state, changed independently from now on (a machine's own from a blueprint's). */
    public synchronized MatrixMdev copy() {
        MatrixMdev m = new MatrixMdev(host, maxApid == 255, apm, aqm, adm);
        m.shadowApm = shadowApm;
        m.shadowAqm = shadowAqm;
        m.shadowAdm = shadowAdm;
        return m;
    }

    /** An mdev whose guest APCB is given, unfiltered (machines built without settings, for tests and embedders). */
    public static MatrixMdev unfiltered(HostApConfig host, boolean apxa, ApMask apm, ApMask aqm, ApMask adm) {
        MatrixMdev m = new MatrixMdev(host, apxa, apm, aqm, adm);
        m.shadowApm = apm;
        m.shadowAqm = aqm;
        m.shadowAdm = adm;
        return m;
    }

    /**
     * {@code vfio_ap_mdev_get_queue} is not NULL: the APQN is in the queue table, assigned
     * (APM x AQM of the assignment, not of the guest's APCB) and bound to vfio_ap
     * ({@code vfio_ap_mdev_link_queue} links exactly those).
     */
    public synchronized boolean hasQueue(int apqn) {
        return apm.test((apqn >>> 8) & 0xFF) && aqm.test(apqn & 0xFF) && host.bound(apqn);
    }

    public synchronized ApMask shadowApm() {
        return shadowApm;
    }

    public synchronized ApMask shadowAqm() {
        return shadowAqm;
    }

    public synchronized ApMask shadowAdm() {
        return shadowAdm;
    }

    public HostApConfig host() {
        return host;
    }

    /** For display: the assignment and the queue table. */
    public synchronized Assignment assignment() {
        List<Apqn> table = new ArrayList<>();
        apm.indexes().forEach(apid -> aqm.indexes().forEach(apqi -> {
            if (host.bound(new Apqn(apid, apqi).encode())) {
                table.add(new Apqn(apid, apqi));
            }
        }));
        return new Assignment(apm, aqm, adm, table);
    }

    /**
     * {@code vfio_ap_mdev_filter_matrix}: the shadow APCB is the assignment ANDed with the
     * host's configuration, then every adapter with an APQN (of those masks) that is not in the
     * queue table is filtered out with all its domains ("the AP architecture won't allow
     * filtering of a single APQN"). Returns whether APM or AQM changed, and the adapters the
     * filter took from the guest ({@code apm_filtered}: those in the previous shadow APM).
     */
    private boolean filterMatrix(List<Integer> filteredOut) {
        ApMask prevApm = shadowApm;
        ApMask prevAqm = shadowAqm;
        ApMask newApm = apm.and(host.apm());
        ApMask newAqm = aqm.and(host.aqm());
        ApMask kept = ApMask.EMPTY;
        for (int apid : newApm.indexes().toArray()) {
            boolean all = newAqm.indexes().allMatch(apqi -> hasQueue(new Apqn(apid, apqi).encode()));
            if (all) {
                kept = kept.with(apid);
            } else if (prevApm.test(apid)) {
                filteredOut.add(apid);
            }
        }
        shadowApm = kept;
        shadowAqm = newAqm;
        return !prevApm.equals(shadowApm) || !prevAqm.equals(shadowAqm);
    }

    private boolean filterMatrix() {
        return filterMatrix(new ArrayList<>());
    }

    /** {@code vfio_ap_mdev_filter_cdoms}: shadow ADM = assigned ADM AND the host's; whether it changed. */
    private boolean filterCdoms() {
        ApMask prev = shadowAdm;
        shadowAdm = adm.and(host.adm());
        return !prev.equals(shadowAdm);
    }

    /**
     * {@code assign_adapter_store}: -ENODEV above apm_max, nothing for an adapter already
     * assigned; else set it, link its queues, filter, and (APCB changed) reset the queues of
     * the adapters the filter took from the guest ({@code reset_queues_for_apids}).
     */
    public synchronized Update assignAdapter(int apid) {
        if (apid > maxApid || apm.test(apid)) {
            return Update.NONE;
        }
        apm = apm.with(apid);
        return filtered();
    }

    /** {@code assign_domain_store}: as {@link #assignAdapter} for a usage domain (aqm_max). */
    public synchronized Update assignDomain(int apqi) {
        if (apqi > maxApqi || aqm.test(apqi)) {
            return Update.NONE;
        }
        aqm = aqm.with(apqi);
        return filtered();
    }

    /** {@code assign_control_domain_store}: set the ADM bit; the APCB changes iff {@code vfio_ap_mdev_filter_cdoms} changed it. */
    public synchronized Update assignControlDomain(int id) {
        if (id > maxApqi || adm.test(id)) {
            return Update.NONE;
        }
        adm = adm.with(id);
        return new Update(filterCdoms(), List.of());
    }

    private Update filtered() {
        List<Integer> out = new ArrayList<>();
        if (!filterMatrix(out)) {
            return Update.NONE;
        }
        List<Apqn> resets = new ArrayList<>();
        for (int apid : out) {       // reset_queues_for_apids: the queue table's queues of the domains the host configures
            aqm.indexes().filter(apqi -> host.aqm().test(apqi) && hasQueue(new Apqn(apid, apqi).encode()))
                    .forEach(apqi -> resets.add(new Apqn(apid, apqi)));
        }
        return new Update(true, resets);
    }

    /**
     * {@code unassign_adapter_store} / {@code vfio_ap_mdev_hot_unplug_adapter}: clear the bit,
     * unlink its queues; if the adapter was in the guest's APCB, take it out (no new filtering)
     * and reset the unlinked queues that were in the guest.
     */
    public synchronized Update unassignAdapter(int apid) {
        if (apid > maxApid || !apm.test(apid)) {
            return Update.NONE;
        }
        List<Apqn> resets = inGuest(List.of(apid), aqm.indexes().boxed().toList());
        apm = without(apm, apid);
        if (!shadowApm.test(apid)) {
            return new Update(false, resets);
        }
        shadowApm = without(shadowApm, apid);
        return new Update(true, resets);
    }

    /** {@code unassign_domain_store} / {@code vfio_ap_mdev_hot_unplug_domain}: as {@link #unassignAdapter} for a domain. */
    public synchronized Update unassignDomain(int apqi) {
        if (apqi > maxApqi || !aqm.test(apqi)) {
            return Update.NONE;
        }
        List<Apqn> resets = inGuest(apm.indexes().boxed().toList(), List.of(apqi));
        aqm = without(aqm, apqi);
        if (!shadowAqm.test(apqi)) {
            return new Update(false, resets);
        }
        shadowAqm = without(shadowAqm, apqi);
        return new Update(true, resets);
    }

    /** {@code unassign_control_domain_store}: clear the bit; the APCB changes iff it was in the shadow ADM. */
    public synchronized Update unassignControlDomain(int id) {
        if (id > maxApqi || !adm.test(id)) {
            return Update.NONE;
        }
        adm = without(adm, id);
        if (!shadowAdm.test(id)) {
            return Update.NONE;
        }
        shadowAdm = without(shadowAdm, id);
        return new Update(true, List.of());
    }

    /** vfio_ap_mdev_unlink_adapter/domain: the linked queues (in the queue table) that are in the shadow APCB. */
    private List<Apqn> inGuest(List<Integer> apids, List<Integer> apqis) {
        List<Apqn> out = new ArrayList<>();
        for (int apid : apids) {
            for (int apqi : apqis) {
                if (hasQueue(new Apqn(apid, apqi).encode()) && shadowApm.test(apid) && shadowAqm.test(apqi)) {
                    out.add(new Apqn(apid, apqi));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static ApMask without(ApMask mask, int index) {
        return ApMask.of(mask.indexes().filter(i -> i != index).boxed().toList());
    }
}

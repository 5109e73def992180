package io.apvirt.api.machine;

import io.apvirt.api.arch.Apqn;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot of the host's software state for a machine's AP interrupts (docs/architecture.md#6.5):
 * vfio_ap's saved ISC and NIB per queue ({@code struct vfio_ap_queue}), KVM's GISC registration
 * counts ({@code kvm->arch.gisa_int.alert.ref_count}) and the NIB pins vfio holds.
 *
 * @param saved             the queues with a saved ISC or NIB, by APQN
 * @param giscRegistrations guest ISC to its registration count, the ISCs with a count above 0 only
 * @param pinnedPages       pins held ({@code vfio_pin_pages} not yet undone; a page two queues pin counts twice)
 */
public record VfioApState(SortedMap<Apqn, Saved> saved, SortedMap<Integer, Integer> giscRegistrations, int pinnedPages) {

    /** Nothing saved, registered or pinned. */
    public static final VfioApState EMPTY = new VfioApState(new TreeMap<>(), new TreeMap<>(), 0);

    /**
     * One queue's saved state.
     *
     * @param isc the saved ISC ({@code q->saved_isc}), or -1 ({@code VFIO_AP_ISC_INVALID})
     * @param nib the NIB address whose page is pinned ({@code q->saved_iova}), or 0
     */
    public record Saved(int isc, long nib) {
    }

    public VfioApState {
        saved = Collections.unmodifiableSortedMap(new TreeMap<>(saved));
        giscRegistrations = Collections.unmodifiableSortedMap(new TreeMap<>(giscRegistrations));
    }

    /** The queue's saved state, or {@code Saved(-1, 0)}. */
    public Saved of(Apqn apqn) {
        Saved s = saved.get(apqn);
        return s == null ? new Saved(-1, 0) : s;
    }
}

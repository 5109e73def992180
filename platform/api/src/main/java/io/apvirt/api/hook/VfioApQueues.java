package io.apvirt.api.hook;

/**
 * vfio_ap's software state of one machine's queues, kept on the host side and reached with
 * {@link HostAp#vfioAp()} (docs/architecture.md#6.5): per queue the saved ISC and the pinned NIB
 * ({@code struct vfio_ap_queue}: {@code saved_isc}, {@code saved_iova}), which only
 * {@link #freeAqicResources} clears. A guest RAPQ/ZAPQ or a deconfigured adapter changes the
 * queue's interrupt controls but not this state. APQNs are 16-bit ({@code Apqn.encode()}).
 */
public interface VfioApQueues {

    /** {@code VFIO_AP_ISC_INVALID}: no ISC saved. */
    int NO_ISC = -1;

    /** {@code q->saved_isc}: the guest ISC registered for the queue's interrupts, or {@link #NO_ISC}. */
    int savedIsc(int apqn);

    /** {@code q->saved_iova}: the guest address of the NIB whose page is pinned for the queue, or 0. */
    long savedNib(int apqn);

    /** {@code q->saved_iova = nib; q->saved_isc = isc} ({@code vfio_ap_irq_enable} after host RC 0x00). */
    void save(int apqn, int isc, long nib);

    /** {@code vfio_pin_pages}: pins the guest page holding {@code nib} once more. */
    void pinNib(long nib);

    /** {@code vfio_unpin_pages}: drops one pin of the page holding {@code nib} (none held: nothing happens). */
    void unpinNib(long nib);

    /**
     * {@code vfio_ap_free_aqic_resources}: unregisters the saved ISC with the GISA
     * ({@code kvm_s390_gisc_unregister}) and unpins the saved NIB's page, then forgets both.
     * Nothing is saved: nothing happens.
     */
    void freeAqicResources(int apqn);
}

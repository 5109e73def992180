package io.apvirt.api.hook;

/**
 * What a PQAP hook may do on the host side (vfio_ap, docs/architecture.md#6.1,
 * 6.2 and 6.5): issue AQIC and TAPQ on the real queue, check the NIB against guest memory, register
 * the guest ISC with the GISA, keep vfio_ap's per-queue software state ({@link #vfioAp()}), and
 * wait in virtual time.
 */
public interface HostAp {

    /**
     * Host PQAP(AQIC) on a queue: enable its interrupts for the guest's ISC and NIB, or
     * disable them. Returns the APQSW (section 3): RC 0x07 when the controls are already as
     * requested, 0x02 during a reset, 0x01 when the host has no such queue.
     */
    int aqic(int apqn, boolean enable, int isc, long nib);

    /**
     * {@code vfio_ap_mdev_get_queue} is not NULL: the APQN is assigned to the VM's mediated device
     * and its queue device is bound to the vfio_ap driver (the mdev's queue table,
     * docs/architecture.md#12.1), whether or not the guest's APCB holds it.
     */
    boolean assigned(int apqn);

    /** Host PQAP(TAPQ): the APQSW of the queue (RC 0x01 when the host has no such queue). */
    int tapq(int apqn);

    /**
     * The guest ISC of the queue's interrupts as the queue has them now (TAPQ I), or -1 when they
     * are off: a guest RAPQ/ZAPQ turns them off. Not vfio_ap's saved ISC ({@link VfioApQueues#savedIsc}).
     */
    int interruptIsc(int apqn);

    /** Whether {@code [address, address + length)} lies in guest memory (a memslot). */
    boolean inGuestMemory(long address, long length);

    /**
     * {@code kvm_is_gpa_in_memslot} (virt/kvm, via {@code kvm_s390_is_gpa_in_memslot}): whether the
     * 4 KiB page holding guest absolute address {@code gpa} belongs to a memslot. Memslots hold whole
     * pages, so a guest memory whose size is not a multiple of 4 KiB has its last page in the memslot
     * in full (the model backs it in full too), and an address past the end inside that page passes.
     */
    default boolean pageInMemslot(long gpa) {
        return inGuestMemory(gpa & ~0xFFFL, 1);
    }

    /**
     * {@code kvm_s390_gisc_register}: registers one use of a guest ISC with the VM's GISA;
     * false when the VM has no GISA.
     */
    boolean giscRegister(int isc);

    /** {@code kvm_s390_gisc_unregister}: drops one use of a guest ISC (none registered: nothing happens, -EINVAL). */
    void giscUnregister(int isc);

    /** vfio_ap's software state of this machine's queues (saved ISC, pinned NIB; docs/architecture.md#6.5). */
    VfioApQueues vfioAp();

    /** Sleeps: virtual time advances by {@code ticks} (the retry waits of section 6.2). */
    void waitTicks(int ticks);

    /** The machine's virtual time (section 11.7): the tick of the instruction, plus the waits so far. */
    default long now() {
        return 0;
    }
}

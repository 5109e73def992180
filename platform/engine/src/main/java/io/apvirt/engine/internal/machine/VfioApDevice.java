package io.apvirt.engine.internal.machine;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.ResetKind;
import io.apvirt.api.hook.VfioApQueues;
import io.apvirt.api.machine.VfioApState;
import io.apvirt.engine.internal.bus.ApQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The host's software state for one machine's AP interrupts (docs/architecture.md#6.5), kept as
 * the kernel keeps it and not in the hook bean (one bean serves every machine): vfio_ap's
 * {@code struct vfio_ap_queue} per queue (saved ISC, saved NIB), KVM's GISC registration counts
 * ({@code kvm_s390_gisc_register/unregister}, arch/s390/kvm/interrupt.c) and vfio's NIB pins; and
 * vfio_ap's reset of the mdev's queues ({@code vfio_ap_mdev_reset_queues}, section 6.6).
 * Guarded by its monitor.
 */
final class VfioApDevice implements VfioApQueues {

    /** The page of a guest address ({@code PAGE_SHIFT} 12). */
    private static final int PAGE_SHIFT = 12;
    /** {@code MAX_ISC}. */
    private static final int MAX_ISC = 7;
    /** {@code AP_RESET_INTERVAL} (20 ms) as virtual ticks, like the hook's default retry-wait-ticks. */
    static final int RESET_INTERVAL_TICKS = 1;
    /**
     * The kernel's apq_reset_check polls without a limit (since Aug 2023: "the architecture does not
     * define an upper limit on how long a queue reset can take"); the model gives up after this many
     * polls so a behaviour that never ends its reset cannot hang a run.
     */
    static final int MAX_RESET_POLLS = 10_000;

    private final ApMachine machine;
    /** The queues with a saved state, keyed by APQN (16-bit): the saved ISC ({@code ints}) and NIB ({@code longs}). */
    private final SortedTable saved = new SortedTable();
    /** {@code gi->alert.ref_count[gisc]}. */
    private final int[] giscUses = new int[MAX_ISC + 1];
    /** The guest pages with pins, keyed by page number: the pins held on each ({@code ints}). */
    private final SortedTable pins = new SortedTable();

    /**
     * Sorted keys with an int and a long each: binary search, grown only past its capacity, so an AQIC
     * allocates nothing (issue 11: 0 bytes per instruction on paths that move no message), unlike a
     * map's boxed key and entry.
     */
    private static final class SortedTable {
        long[] keys = new long[4];
        int[] ints = new int[4];
        long[] longs = new long[4];
        int size;

        /** The key's index, or {@code -(insertion point) - 1}. */
        int find(long key) {
            return java.util.Arrays.binarySearch(keys, 0, size, key);
        }

        /** The key's index, inserted with 0 and 0 if absent. */
        int findOrInsert(long key) {
            int i = find(key);
            if (i >= 0) {
                return i;
            }
            i = -i - 1;
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                ints = java.util.Arrays.copyOf(ints, size * 2);
                longs = java.util.Arrays.copyOf(longs, size * 2);
            }
            System.arraycopy(keys, i, keys, i + 1, size - i);
            System.arraycopy(ints, i, ints, i + 1, size - i);
            System.arraycopy(longs, i, longs, i + 1, size - i);
            size++;
            keys[i] = key;
            ints[i] = 0;
            longs[i] = 0;
            return i;
        }

        void remove(int i) {
            size--;
            System.arraycopy(keys, i + 1, keys, i, size - i);
            System.arraycopy(ints, i + 1, ints, i, size - i);
            System.arraycopy(longs, i + 1, longs, i, size - i);
        }
    }

    VfioApDevice(ApMachine machine) {
        this.machine = machine;
    }

    // ---- KVM: the GISA's ISC registrations (arch/s390/kvm/interrupt.c) -------------------------

    /** kvm_s390_gisc_register: -ENODEV without a GISA (no AIV, section 6.4), -ERANGE above MAX_ISC. */
    synchronized boolean giscRegister(int isc) {
        if (!machine.guest().aiv() || isc < 0 || isc > MAX_ISC) {
            return false;
        }
        giscUses[isc]++;
        return true;
    }

    /** kvm_s390_gisc_unregister: -EINVAL (nothing changes) when the ISC has no registration. */
    synchronized void giscUnregister(int isc) {
        if (isc >= 0 && isc <= MAX_ISC && giscUses[isc] > 0) {
            giscUses[isc]--;
        }
    }

    // ---- vfio_ap's struct vfio_ap_queue (drivers/s390/crypto/vfio_ap_ops.c) ---------------------

    @Override
    public synchronized int savedIsc(int apqn) {
        int i = saved.find(apqn & 0xFFFF);
        return i < 0 ? NO_ISC : saved.ints[i];
    }

    @Override
    public synchronized long savedNib(int apqn) {
        int i = saved.find(apqn & 0xFFFF);
        return i < 0 ? 0 : saved.longs[i];
    }

    @Override
    public synchronized void save(int apqn, int isc, long nib) {
        if (isc == NO_ISC && nib == 0) {
            int i = saved.find(apqn & 0xFFFF);
            if (i >= 0) {
                saved.remove(i);
            }
            return;
        }
        int i = saved.findOrInsert(apqn & 0xFFFF);
        saved.ints[i] = isc;
        saved.longs[i] = nib;
    }

    @Override
    public synchronized void pinNib(long nib) {
        pins.ints[pins.findOrInsert(nib >>> PAGE_SHIFT)]++;
    }

    @Override
    public synchronized void unpinNib(long nib) {
        int i = pins.find(nib >>> PAGE_SHIFT);
        if (i >= 0 && --pins.ints[i] == 0) {
            pins.remove(i);
        }
    }

    /** vfio_ap_free_aqic_resources: unregister q->saved_isc, unpin q->saved_iova, both invalid after. */
    @Override
    public synchronized void freeAqicResources(int apqn) {
        int i = saved.find(apqn & 0xFFFF);
        if (i < 0) {
            return;
        }
        int isc = saved.ints[i];
        long nib = saved.longs[i];
        saved.remove(i);
        if (isc != NO_ISC) {
            giscUnregister(isc);
        }
        if (nib != 0) {
            unpinNib(nib);
        }
    }

    /** For {@code apvirt devices}. */
    synchronized VfioApState snapshot() {
        SortedMap<Apqn, VfioApState.Saved> queues = new TreeMap<>();
        for (int i = 0; i < saved.size; i++) {
            queues.put(Apqn.decode((int) saved.keys[i]), new VfioApState.Saved(saved.ints[i], saved.longs[i]));
        }
        SortedMap<Integer, Integer> gisc = new TreeMap<>();
        for (int isc = 0; isc <= MAX_ISC; isc++) {
            if (giscUses[isc] > 0) {
                gisc.put(isc, giscUses[isc]);
            }
        }
        int pinned = 0;
        for (int i = 0; i < pins.size; i++) {
            pinned += pins.ints[i];
        }
        return new VfioApState(queues, gisc, pinned);
    }

    // ---- vfio_ap_mdev_reset_queues (section 6.6) --------------------------------------------------

    /** One queue's reset: {@code q->reset_status} and whether apq_reset_check still runs for it. */
    private static final class Reset {
        final ApQueue queue;
        int status;
        boolean checking;

        Reset(ApQueue queue) {
            this.queue = queue;
        }
    }

    /**
     * vfio_ap_mdev_reset_queues: vfio_ap_mdev_reset_queue (ZAPQ) on every queue of the mdev, then
     * flush_work of each queue's apq_reset_check. The checks run side by side on a workqueue, so the
     * model polls them in rounds: each round sleeps AP_RESET_INTERVAL once, then every check still
     * running issues its TAPQ. The mdev's queues are those in the guest's APM x AQM that the host has.
     */
    void resetQueues() {
        // vfio_ap_mdev_reset_queues: every queue of the mdev's queue table (assigned and bound, docs/architecture.md#12.1)
        resetQueues(machine.assignment().queueTable());
    }

    /**
     * vfio_ap_mdev_reset_qlist: ZAPQ each of these queues, the reset checks side by side, then
     * vfio_ap_free_aqic_resources for each (also what a hot unplug of the queues does, 12.2).
     */
    void resetQueues(java.util.Collection<io.apvirt.api.arch.Apqn> apqns) {
        List<Reset> resets = new ArrayList<>();
        for (ApQueue q : machine.bus().queues()) {
            if (apqns.contains(q.apqn())) {
                resets.add(new Reset(q));
            }
        }
        for (Reset r : resets) {
            resetQueue(r);
        }
        for (int poll = 0; poll < MAX_RESET_POLLS && resets.stream().anyMatch(r -> r.checking); poll++) {
            machine.advance(RESET_INTERVAL_TICKS);                       // msleep(AP_RESET_INTERVAL)
            for (Reset r : resets) {
                if (r.checking) {
                    resetCheck(r);
                }
            }
        }
    }

    /** vfio_ap_mdev_reset_queue: ZAPQ; RC 0x00/0x02/0x05/0x0A: queue the reset check; 0x03: free now. */
    private void resetQueue(Reset r) {
        r.status = r.queue.reset(machine.now(), ResetKind.ZAPQ);
        ResponseCode rc = ResponseCode.of(Apqsw.rcOf(r.status));
        switch (rc) {
            case NORMAL, RESET_IN_PROGRESS, BUSY, STATE_CHANGE_IN_PROGRESS -> r.checking = true; // queue_work
            case DECONFIGURED -> {                     // the adapter's deconfiguration reset the queue
                r.status = 0;
                freeAqicResources(r.queue.apqn().encode());
            }
            case null, default -> {                    // WARN "PQAP/ZAPQ ... failed with invalid rc": nothing freed
            }
        }
    }

    /**
     * One poll of apq_reset_check: TAPQ and apq_status_check (0x00/0x03: done; 0x02/0x05: busy;
     * 0x35/0x36: reset again; other: -EIO, give up without freeing). Done after a ZAPQ that answered
     * 0x02, 0x05 or 0x0A, or on 0x35/0x36: ZAPQ again and keep polling. Done otherwise: free the
     * queue's AQIC resources when an ISC is saved.
     */
    private void resetCheck(Reset r) {
        int word = r.queue.test(machine.now());
        ResponseCode rc = ResponseCode.of(Apqsw.rcOf(word));
        boolean again = rc == ResponseCode.ASSOC_SECRET_NOT_UNIQUE || rc == ResponseCode.ASSOC_FAILED;  // -EAGAIN
        boolean done = rc == ResponseCode.NORMAL || rc == ResponseCode.DECONFIGURED;
        if (!again && !done) {
            if (rc != ResponseCode.RESET_IN_PROGRESS && rc != ResponseCode.BUSY) {
                r.checking = false;                    // -EIO: WARN, return
            }
            return;                                    // -EBUSY: pr_notice, keep waiting
        }
        ResponseCode reset = ResponseCode.of(Apqsw.rcOf(r.status));
        if (again || reset == ResponseCode.RESET_IN_PROGRESS || reset == ResponseCode.BUSY
                || reset == ResponseCode.STATE_CHANGE_IN_PROGRESS) {
            r.status = r.queue.reset(machine.now(), ResetKind.ZAPQ);
            return;
        }
        if (rc == ResponseCode.DECONFIGURED) {
            r.status = 0;
        }
        int apqn = r.queue.apqn().encode();
        if (savedIsc(apqn) != NO_ISC) {
            freeAqicResources(apqn);
        }
        r.checking = false;
    }
}

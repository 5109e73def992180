package io.apvirt.engine.internal.machine;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.hook.HostAp;
import io.apvirt.api.hook.VfioApQueues;
import io.apvirt.engine.internal.bus.ApQueue;

/**
 * The host side of one machine as a PQAP hook sees it (docs/architecture.md#6): the
 * real queues, guest memory slots, the GISA's ISC registrations and vfio_ap's software state
 * ({@link VfioApDevice}, section 6.5), and the virtual clock.
 */
final class HostAccess implements HostAp {

    private static final int NOT_AVAILABLE = Apqsw.of(ResponseCode.Q_NOT_AVAIL).encode();

    private final ApMachine machine;
    private final VfioApDevice vfioAp;

    HostAccess(ApMachine machine, VfioApDevice vfioAp) {
        this.machine = machine;
        this.vfioAp = vfioAp;
    }

    @Override
    public int aqic(int apqn, boolean enable, int isc, long nib) {
        ApQueue q = machine.bus().queue(apqn);
        return q == null ? NOT_AVAILABLE : q.aqic(machine.now(), enable, isc, nib);
    }

    /** vfio_ap_mdev_get_queue: the mdev's queue table, never the guest's APCB (section 12.1). */
    @Override
    public boolean assigned(int apqn) {
        return machine.mdev().hasQueue(apqn);
    }

    @Override
    public int tapq(int apqn) {
        ApQueue q = machine.bus().queue(apqn);
        return q == null ? NOT_AVAILABLE : q.test(machine.now());
    }

    @Override
    public int interruptIsc(int apqn) {
        ApQueue q = machine.bus().queue(apqn);
        return q == null ? ApQueue.NO_ISC : q.interruptIsc();
    }

    @Override
    public boolean inGuestMemory(long address, long length) {
        return machine.memory().contains(address, length);
    }

    /** The GISA exists iff the VM has AIV (section 6.4); ISCs are 0-7. */
    @Override
    public boolean giscRegister(int isc) {
        return vfioAp.giscRegister(isc);
    }

    @Override
    public void giscUnregister(int isc) {
        vfioAp.giscUnregister(isc);
    }

    @Override
    public VfioApQueues vfioAp() {
        return vfioAp;
    }

    @Override
    public long now() {
        return machine.now();
    }

    @Override
    public void waitTicks(int ticks) {
        if (ticks > 0) {
            machine.advance(ticks);
        }
    }
}

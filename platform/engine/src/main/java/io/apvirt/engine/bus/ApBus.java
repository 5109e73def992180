package io.apvirt.engine.bus;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.GuestModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The AP queues of the guest's matrix: one per configured APID x usage domain (APM x AQM).
 * Every configured adapter is a CEX8 in CCA mode until devices become configurable.
 * Lookup is a plain array indexed by the 16-bit APQN: no lock, no allocation.
 */
public final class ApBus {
    private final ApQueue[] queues = new ApQueue[1 << 16];
    private final List<ApQueue> ordered = new ArrayList<>();

    public ApBus(GuestModel guest, int resetTicks, int queueDepth) {
        int nd = guest.apxa() ? 0xFF : Apqn.MAX_APQI_WITHOUT_APXA;
        AdapterInfo adapter = new AdapterInfo(ApType.CEX8, ApMode.CCA, 0, queueDepth, nd, guest.apxa());
        guest.apm().indexes().forEach(apid -> guest.aqm().indexes().forEach(apqi -> {
            ApQueue q = new ApQueue(new Apqn(apid, apqi), adapter, resetTicks, guest.secureExecution());
            queues[q.apqn().encode()] = q;
            ordered.add(q);
        }));
    }

    /** The queue of a 16-bit APQN, or {@code null} when it is not in the matrix. */
    public ApQueue queue(int apqn) {
        return queues[apqn & 0xFFFF];
    }

    public List<ApQueue> queues() {
        return List.copyOf(ordered);
    }
}

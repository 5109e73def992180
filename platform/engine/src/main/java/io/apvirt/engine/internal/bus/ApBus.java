package io.apvirt.engine.internal.bus;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Response;
import io.apvirt.api.machine.GuestModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The AP bus of one machine: its adapters and their queues (adapter x the adapter's
 * domains). Lookup is a plain array indexed by the 16-bit APQN: no lock, no allocation.
 * Whether the guest may use a queue is the matrix's business (APM x AQM), not the bus's.
 */
public final class ApBus {
    private final ApQueue[][] queues;
    private final List<ApQueue> ordered = new ArrayList<>();
    private final List<ApAdapter> adapters;
    private final InterruptController interrupts;

    public ApBus(GuestModel guest, List<ApAdapter> adapters, InterruptController interrupts) {
        this.adapters = List.copyOf(adapters);
        this.interrupts = interrupts;
        int maxApid = -1;
        for (ApAdapter adapter : this.adapters) {
            maxApid = Math.max(maxApid, adapter.spec().apid());
        }
        this.queues = new ApQueue[maxApid + 1][];
        for (ApAdapter adapter : this.adapters) {
            int maxApqi = -1;
            for (int domain : adapter.spec().domains()) {
                maxApqi = Math.max(maxApqi, domain);
            }
            for (int domain : adapter.spec().domains()) {
                ApQueue q = ApQueue.create(new Apqn(adapter.spec().apid(), domain), adapter, interrupts, guest.secureExecution());
                ApQueue[] row = queues[q.apqn().apid()];
                if (row == null) {
                    row = queues[q.apqn().apid()] = new ApQueue[maxApqi + 1];
                }
                if (row[q.apqn().apqi()] != null) {
                    throw new IllegalArgumentException("queue " + q.apqn() + " is configured twice");
                }
                row[q.apqn().apqi()] = q;
                ordered.add(q);
            }
        }
        ordered.sort((a, b) -> Integer.compare(a.apqn().encode(), b.apqn().encode()));
    }

    /**
     * A CEX8 CCA adapter that echoes requests for every adapter of the guest's matrix, with
     * the matrix's domains: the bus of embedders and tests that configure no devices.
     */
    public static List<ApAdapter> echoAdapters(GuestModel guest, int resetTicks, int queueDepth) {
        List<Integer> domains = guest.aqm().indexes().boxed().toList();
        List<ApAdapter> out = new ArrayList<>();
        guest.apm().indexes().forEach(apid -> out.add(new ApAdapter(
                new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, 0, queueDepth, domains, 1, resetTicks, "echo"),
                (request, queue) -> Response.Reply.of(request.message()), FaultPlan.NONE, guest.apxa())));
        return out;
    }

    /** The queue of a 16-bit APQN, or {@code null} when the bus has none. */
    public ApQueue queue(int apqn) {
        int apid = (apqn >>> 8) & 0xFF;
        int apqi = apqn & 0xFF;
        if (apid >= queues.length) {
            return null;
        }
        ApQueue[] row = queues[apid];
        return row == null || apqi >= row.length ? null : row[apqi];
    }

    /** Every queue, by APQN. */
    public List<ApQueue> queues() {
        return List.copyOf(ordered);
    }

    public List<ApAdapter> adapters() {
        return adapters;
    }

    public InterruptController interrupts() {
        return interrupts;
    }
}

package io.apvirt.engine.internal.bus;

import io.apvirt.engine.internal.machine.GuestMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Adapter interruptions of one VM (docs/architecture.md#11.7): when a reply becomes ready on
 * a queue whose interrupts are on, the queue's NIB byte in guest memory is set to 1 and an
 * adapter interruption for its ISC becomes pending on the VM.
 * <p>
 * Queues schedule the tick at which a reply becomes ready; every instruction first delivers
 * what is due ({@link #deliverDue}). The fast path is one volatile read. Lock order: a queue's
 * monitor, then this controller's; delivery releases this controller before it enters a queue.
 */
public final class InterruptController {

    private record Due(long at, long sequence, ApQueue queue) {
    }

    private static final byte[] NIB_SET = {1};

    private final GuestMemory memory;
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.sequence, b.sequence));
    private final AtomicInteger pendingIscs = new AtomicInteger();
    private long sequence;
    private volatile long nextDue = Long.MAX_VALUE;

    public InterruptController(GuestMemory memory) {
        this.memory = memory;
    }

    /** Called by a queue (under its monitor): look at it again at tick {@code at}. */
    synchronized void schedule(long at, ApQueue queue) {
        due.add(new Due(at, sequence++, queue));
        nextDue = due.peek().at;
    }

    /** Signals every queue whose reply is due at {@code now}; in schedule order, so deterministic. */
    public void deliverDue(long now) {
        if (now < nextDue) {
            return;
        }
        List<ApQueue> ready = new ArrayList<>();
        synchronized (this) {
            while (!due.isEmpty() && due.peek().at <= now) {
                ready.add(due.poll().queue);
            }
            nextDue = due.isEmpty() ? Long.MAX_VALUE : due.peek().at;
        }
        for (ApQueue q : ready) {
            q.signal(now);
        }
    }

    /** Sets the NIB byte and makes the ISC pending (section 11.7). */
    void raise(int isc, long nib) {
        if (memory.contains(nib, 1)) {
            memory.write(nib, NIB_SET);
        }
        pendingIscs.getAndUpdate(mask -> mask | (1 << isc));
    }

    /** The pending adapter-interruption ISCs, bit n for ISC n. */
    public int pendingIscMask() {
        return pendingIscs.get();
    }

    /** The pending ISCs in ascending order. */
    public List<Integer> pendingIscs() {
        List<Integer> out = new ArrayList<>();
        int mask = pendingIscs.get();
        for (int isc = 0; isc < 8; isc++) {
            if ((mask & (1 << isc)) != 0) {
                out.add(isc);
            }
        }
        return out;
    }
}

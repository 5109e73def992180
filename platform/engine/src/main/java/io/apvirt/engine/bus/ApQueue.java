package io.apvirt.engine.bus;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.ResetKind;
import io.apvirt.api.device.Response;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * One AP queue (adapter x domain): messages, reset, interruption controls and the SE bind
 * state, with the results of ap-architecture.md 11.5 step 5 and section 3. All state is
 * guarded by the queue's monitor, so each queue is linearizable on its own; the behaviour
 * is called under it.
 * <p>
 * Ledger: every accepted request is replied to (dequeued in full), dropped by a reset, or
 * still in the queue: {@code accepted == replied + dropped + pending}.
 */
public final class ApQueue implements QueueView {

    /** A message: accepted at one tick, its reply ready at {@code readyAt}. */
    private static final class Entry {
        final long psmid;
        final byte[] reply;
        final long readyAt;
        int delivered;
        boolean signalled;

        Entry(long psmid, byte[] reply, long readyAt) {
            this.psmid = psmid;
            this.reply = reply;
            this.readyAt = readyAt;
        }
    }

    /** A DQAP result: {@code data == null} when nothing was received ({@code statusWord} says why). */
    public record Dequeued(int statusWord, long psmid, byte[] data, int residual, boolean partial) {
    }

    /** What {@code apvirt devices} shows of a queue. */
    public record Snapshot(Apqn apqn, AdapterSpec adapter, String status, long accepted, long replied, long dropped,
                           long refused, int pending, boolean interrupts, int isc, long nib, long interruptsRaised,
                           long interruptsLost) {
    }

    public static final int NO_ISC = -1;

    private final Apqn apqn;
    private final ApAdapter adapter;
    private final InterruptController interruptController;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long resetUntil = Long.MIN_VALUE;
    private long now;
    private boolean interrupts;
    private int isc = NO_ISC;
    private long nib;
    private int bindState;
    private long accepted;
    private long replied;
    private long dropped;
    private long refused;
    private long raised;
    private long lost;

    public ApQueue(Apqn apqn, ApAdapter adapter, InterruptController interruptController, boolean secureExecution) {
        this.apqn = apqn;
        this.adapter = adapter;
        this.interruptController = interruptController;
        this.bindState = secureExecution ? 2 : 0;
    }

    @Override
    public Apqn apqn() {
        return apqn;
    }

    public ApAdapter card() {
        return adapter;
    }

    @Override
    public AdapterSpec adapter() {
        return adapter.spec();
    }

    // ---- QueueView (called by behaviours under the monitor) ----------------------------------

    @Override
    public synchronized int pending() {
        return entries.size();
    }

    @Override
    public synchronized boolean interrupts() {
        return interrupts;
    }

    @Override
    public synchronized long now() {
        return now;
    }

    // ---- status -------------------------------------------------------------------------------

    private static int rc(ResponseCode rc) {
        return rc.code() << 16;
    }

    private boolean resetting() {
        return now < resetUntil;
    }

    /** The adapter's condition, then a running reset: the RC every function answers with, or 0. */
    private int blocked() {
        ResponseCode condition = adapter.condition(now);
        if (condition != null) {
            return rc(condition);
        }
        return resetting() ? rc(ResponseCode.RESET_IN_PROGRESS) : 0;
    }

    private Entry oldestReady() {
        for (Entry e : entries) {
            if (e.readyAt <= now) {
                return e;
            }
        }
        return null;
    }

    /** E, R, F and I (section 3). */
    private int flags() {
        int word = 0;
        if (entries.isEmpty()) {
            word |= Apqsw.WORD_E;
        } else if (oldestReady() != null) {
            word |= Apqsw.WORD_R;
        }
        if (entries.size() >= adapter.spec().queueDepth()) {
            word |= Apqsw.WORD_F;
        }
        if (interrupts) {
            word |= Apqsw.WORD_I;
        }
        return word;
    }

    // ---- functions ----------------------------------------------------------------------------

    /** TAPQ: the status word; the behaviour may override an operational queue's status. */
    public synchronized int test(long now) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        ResponseCode override = adapter.behaviour().onTest(this);
        return override == null || override == ResponseCode.NORMAL ? flags() : rc(override);
    }

    public synchronized int bindState() {
        return bindState;
    }

    /**
     * RAPQ/ZAPQ (11.5 step 5): drop every message (counted), interrupts off, reset for the
     * adapter's reset-ticks. RC 0x02 while a reset runs.
     */
    public synchronized int reset(long now, ResetKind kind) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        dropped += entries.size();
        entries.clear();
        interrupts = false;
        isc = NO_ISC;
        nib = 0;
        resetUntil = now + 1 + adapter.spec().resetTicks();
        adapter.behaviour().onReset(this, kind);
        return rc(ResponseCode.NORMAL);
    }

    /** NQAP: RC 0x10 when the queue holds queue-depth messages; otherwise the behaviour answers. */
    public synchronized int enqueue(long now, long psmid, byte[] message) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        if (entries.size() >= adapter.spec().queueDepth()) {
            return flags() | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY);
        }
        Response response = adapter.request(new Request(psmid, message, now), this);
        if (response instanceof Response.Refused r) {
            refused++;
            return flags() | rc(r.code());
        }
        Response.Reply reply = (Response.Reply) response;
        int latency = reply.latency() == Response.ADAPTER_LATENCY ? adapter.spec().replyLatency() : reply.latency();
        Entry entry = new Entry(psmid, reply.data(), now + latency);
        entries.addLast(entry);
        accepted++;
        if (interrupts) {
            interruptController.schedule(entry.readyAt, this);
        }
        return flags();
    }

    /** DQAP: the oldest ready reply, or as much of it as fits in {@code bufferLength} (11.5 step 5). */
    public synchronized Dequeued dequeue(long now, long bufferLength) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return new Dequeued(blocked, 0, null, 0, false);
        }
        Entry head = oldestReady();
        if (head == null) {
            return new Dequeued(flags() | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), 0, null, 0, false);
        }
        int remaining = head.reply.length - head.delivered;
        int n = (int) Math.min(remaining, bufferLength);
        byte[] data = Arrays.copyOfRange(head.reply, head.delivered, head.delivered + n);
        head.delivered += n;
        if (head.delivered < head.reply.length) {
            return new Dequeued(0, head.psmid, data, head.reply.length - head.delivered, true);
        }
        remove(head);
        replied++;
        return new Dequeued(flags(), head.psmid, data, 0, false);
    }

    private void remove(Entry entry) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            if (it.next() == entry) {
                it.remove();
                return;
            }
        }
    }

    /**
     * The host AQIC a hook issues (sections 6.1 and 6.2): enable with an ISC and a NIB, or
     * disable. RC 0x07 when the controls are already as requested; RC 0x02 during a reset.
     */
    public synchronized int aqic(long now, boolean enable, int isc, long nib) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        if (enable == interrupts) {
            return flags() | rc(ResponseCode.OTHERWISE_CHANGED);
        }
        interrupts = enable;
        this.isc = enable ? isc : NO_ISC;
        this.nib = enable ? nib : 0;
        if (enable) {
            for (Entry e : entries) {
                if (!e.signalled) {
                    interruptController.schedule(Math.max(e.readyAt, now + 1), this);
                }
            }
        }
        return flags();
    }

    /** The ISC of the queue's interrupts, or {@link #NO_ISC} when they are off. */
    public synchronized int interruptIsc() {
        return isc;
    }

    /** Called when a reply may have become ready: set the NIB and make the ISC pending (11.7). */
    synchronized void signal(long now) {
        if (!interrupts) {
            return;
        }
        boolean any = false;
        for (Entry e : entries) {
            if (e.readyAt <= now && !e.signalled) {
                e.signalled = true;
                any = true;
            }
        }
        if (!any) {
            return;
        }
        if (adapter.faults().dropInterrupts()) {
            lost++;
            return;
        }
        raised++;
        interruptController.raise(isc, nib);
    }

    /** BAPQ/AAPQ (SE): 2 available for binding, 1 bound (usable, no secure key), 0 associated (usable). */
    public synchronized int bind(long now, boolean associate) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        if (!associate) {
            bindState = 1;
            return rc(ResponseCode.NORMAL);
        }
        if (bindState == 2) {
            return rc(ResponseCode.Q_NOT_BOUND);
        }
        bindState = 0;
        return rc(ResponseCode.NORMAL);
    }

    // ---- ledger and display -------------------------------------------------------------------

    public synchronized long accepted() {
        return accepted;
    }

    public synchronized long replied() {
        return replied;
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** lszcrypt-like status at {@code now}: online, reset, deconfigured or checkstopped. */
    public synchronized Snapshot snapshot(long now) {
        ResponseCode condition = adapter.condition(now);
        String status = condition == ResponseCode.DECONFIGURED ? "deconfigured"
                : condition == ResponseCode.CHECKSTOPPED ? "checkstopped"
                : now < resetUntil ? "reset" : "online";
        return new Snapshot(apqn, adapter.spec(), status, accepted, replied, dropped, refused, entries.size(),
                interrupts, isc, nib, raised, lost);
    }
}

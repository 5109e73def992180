package io.apvirt.engine.internal.bus;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.ResetKind;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.device.Response;

import java.util.Arrays;

/**
 * One AP queue (adapter x domain): messages, reset, interruption controls and the SE bind
 * state, with the results of docs/architecture.md#11.5 step 5 and #3. All state is
 * guarded by the queue's monitor, so each queue is linearizable on its own; the behaviour
 * is called under it.
 * <p>
 * Ledger: every accepted request is replied to (dequeued in full), dropped by a reset, or
 * still in the queue: {@code accepted == replied + dropped + pending}.
 * <p>
 * Memory layout for several vCPUs: the queues of a bus are written by different threads, so
 * nothing one queue writes may share a cache line with another queue. The messages sit in a
 * ring with 64 unused bytes at either end, and every queue is an instance of {@link Padded},
 * whose fields (laid out after the superclass's) keep the next object 64 bytes away.
 */
public sealed class ApQueue implements QueueView permits ApQueue.Padded {

    /** 64 bytes of padding after the queue's fields (subclass fields follow superclass fields in HotSpot). */
    static final class Padded extends ApQueue {
        @SuppressWarnings("unused")
        private long p0, p1, p2, p3, p4, p5, p6, p7;

        Padded(Apqn apqn, ApAdapter adapter, InterruptController interruptController, boolean secureExecution) {
            super(apqn, adapter, interruptController, secureExecution);
        }
    }

    /** A queue of a bus. */
    static ApQueue create(Apqn apqn, ApAdapter adapter, InterruptController interruptController, boolean secureExecution) {
        return new Padded(apqn, adapter, interruptController, secureExecution);
    }

    /** Unused ring slots either side of the messages: 16 references, 64 bytes or more. */
    private static final int RING_PAD = 16;

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

    /**
     * A DQAP result: {@code data == null} when nothing was received ({@code statusWord} says why);
     * {@code received}: the bytes of the reply delivered so far, this part included.
     */
    public record Dequeued(int statusWord, long psmid, byte[] data, int residual, boolean partial, int received) {
    }

    public static final int NO_ISC = -1;

    private final Apqn apqn;
    private final ApAdapter adapter;
    private final InterruptController interruptController;
    /** Made on the first request: most queues of a diff sweep's machines never see one. */
    private Entry[] ring;
    private final int capacity;
    private int head;
    private int size;
    private long resetUntil = Long.MIN_VALUE;
    private long now;
    private boolean interrupts;
    private int isc = NO_ISC;
    private long nib;
    private final boolean secureExecution;
    /** The SE bind state (TAPQ BS, 2.4): 0 usable (associated), 1 usable without secure key (bound), 2 available for binding. */
    private int bindState;
    /** The tick at which a pending AAPQ association completes (BS 1 -> 0), or {@link #NO_ASSOCIATION}. */
    private long associatedAt = NO_ASSOCIATION;
    private long accepted;
    private long replied;
    private long dropped;
    private long refused;
    private long raised;
    private long lost;

    private ApQueue(Apqn apqn, ApAdapter adapter, InterruptController interruptController, boolean secureExecution) {
        this.apqn = apqn;
        this.adapter = adapter;
        this.interruptController = interruptController;
        this.secureExecution = secureExecution;
        this.bindState = secureExecution ? BS_AVAILABLE_FOR_BINDING : BS_USABLE;
        this.capacity = adapter.spec().queueDepth();
    }

    // ---- the ring of messages, oldest first -------------------------------------------------

    private Entry entry(int i) {
        return ring[RING_PAD + (head + i) % capacity];
    }

    private void append(Entry e) {
        if (ring == null) {
            ring = new Entry[RING_PAD + capacity + RING_PAD];
        }
        ring[RING_PAD + (head + size) % capacity] = e;
        size++;
    }

    /** Removes the i-th oldest message; the younger ones move up. */
    private void remove(int i) {
        for (int k = i; k < size - 1; k++) {
            ring[RING_PAD + (head + k) % capacity] = entry(k + 1);
        }
        ring[RING_PAD + (head + size - 1) % capacity] = null;
        size--;
        if (i == 0 && size == 0) {
            head = 0;
        }
    }

    private void clear() {
        if (ring != null) {
            Arrays.fill(ring, null);
        }
        head = 0;
        size = 0;
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
        return size;
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
        return Apqsw.rcWord(rc.code());
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

    /** The index of the oldest message whose reply is ready, or -1. */
    private int oldestReady() {
        for (int i = 0; i < size; i++) {
            if (entry(i).readyAt <= now) {
                return i;
            }
        }
        return -1;
    }

    /** E, R, F and I (section 3). */
    private int flags() {
        int word = 0;
        if (size == 0) {
            word |= Apqsw.WORD_E;
        } else if (oldestReady() >= 0) {
            word |= Apqsw.WORD_R;
        }
        if (size >= capacity) {
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

    /** The SE bind state at the queue's time: a pending association has completed once its tick is reached. */
    public synchronized int bindState() {
        if (associatedAt != NO_ASSOCIATION && now >= associatedAt) {
            bindState = BS_USABLE;
            associatedAt = NO_ASSOCIATION;
        }
        return bindState;
    }

    /** RAPQ/ZAPQ without the F bit (vfio_ap's own resets: ap_zapq(apqn, 0)). */
    public synchronized int reset(long now, ResetKind kind) {
        return reset(now, kind, false);
    }

    /**
     * RAPQ/ZAPQ (11.5 step 5): drop every message (counted), interrupts off, reset for the
     * adapter's reset-ticks. RC 0x02 while a reset runs. With the F bit (GR0 bit 41,
     * {@code ap_rapq(qid, fbit)} / {@code ap_zapq(qid, fbit)} in asm/ap.h) an SE guest's queue is
     * also unbound: BS 2, any association gone, as Linux's {@code se_bind_store} "unbind" relies on
     * (it sets {@code rapq_fbit} and lets {@code ap_sm_reset} issue RAPQ+F). Without F the bind state
     * stays (Linux's recovery resets use F = 0; docs/architecture.md#11.9).
     */
    public synchronized int reset(long now, ResetKind kind, boolean fbit) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        if (fbit && secureExecution) {
            bindState = BS_AVAILABLE_FOR_BINDING;
            associatedAt = NO_ASSOCIATION;
        }
        dropped += size;
        clear();
        interrupts = false;
        isc = NO_ISC;
        nib = 0;
        int ticks = adapter.behaviour().onReset(this, kind);
        resetUntil = now + 1 + (ticks < 0 ? adapter.spec().resetTicks() : ticks);
        return rc(ResponseCode.NORMAL);
    }

    /** NQAP: RC 0x10 when the queue holds queue-depth messages; otherwise the behaviour answers. */
    public synchronized int enqueue(long now, long psmid, byte[] message) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        if (size >= capacity) {
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
        append(entry);
        accepted++;
        if (interrupts) {
            interruptController.schedule(entry.readyAt, this);
        }
        return flags();
    }

    /**
     * DQAP: the oldest ready reply, or as much of it as fits in {@code bufferLength} (11.5 step 5).
     * {@code received} is what the guest says it already has of that reply (the continuation GR0 of
     * a partial DQAP, docs/architecture.md#11.9): when it is not what this queue delivered so far
     * (0: a fresh GR0), the reply is delivered again from its first byte, as {@code ap_dqap} expects
     * ("*resgr0 is to be used instead of qid to further process this entry").
     */
    public synchronized Dequeued dequeue(long now, long bufferLength, long received) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return new Dequeued(blocked, 0, null, 0, false, 0);
        }
        int index = oldestReady();
        if (index < 0) {
            return new Dequeued(flags() | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), 0, null, 0, false, 0);
        }
        Entry e = entry(index);
        if (received != e.delivered) {
            e.delivered = 0;
        }
        int remaining = e.reply.length - e.delivered;
        int n = (int) Math.min(remaining, bufferLength);
        byte[] data = Arrays.copyOfRange(e.reply, e.delivered, e.delivered + n);
        e.delivered += n;
        if (e.delivered < e.reply.length) {
            return new Dequeued(0, e.psmid, data, e.reply.length - e.delivered, true, e.delivered);
        }
        remove(index);
        replied++;
        return new Dequeued(flags(), e.psmid, data, 0, false, e.reply.length);
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
            for (int i = 0; i < size; i++) {
                Entry e = entry(i);
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
        for (int i = 0; i < size; i++) {
            Entry e = entry(i);
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

    public static final int BS_USABLE = 0;
    public static final int BS_USABLE_NO_SECURE_KEY = 1;
    public static final int BS_AVAILABLE_FOR_BINDING = 2;
    private static final long NO_ASSOCIATION = Long.MIN_VALUE;

    /**
     * BAPQ (SE): synchronous. Linux's {@code se_bind_store} issues it on BS 2 only and reads BS 0 or 1
     * with TAPQ T=1 right after RC 0; the queue is then bound (BS 1). On a queue already bound the
     * model answers RC 0x00 and leaves it bound without an association (UNSURE, 11.9).
     */
    public synchronized int bind(long now) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        bindState();
        bindState = BS_USABLE_NO_SECURE_KEY;
        associatedAt = NO_ASSOCIATION;
        return rc(ResponseCode.NORMAL);
    }

    /**
     * AAPQ (SE): asynchronous, as Linux's {@code se_associate_store} and {@code ap_sm_assoc_wait}
     * expect. On a bound queue (BS 1) RC 0x00 starts the association: TAPQ T=1 reads BS 1 until it
     * completes {@code 1 + reset-ticks} ticks later, then BS 0. AAPQ while one is pending answers RC 0x0A
     * (state change in progress; Linux accepts it like 0x00) and the pending one goes on. On a queue not
     * bound (BS 2): RC 0x0B, Q_NOT_BOUND (section 3; an apvirt decision, 11.9: Linux never issues AAPQ
     * there, it checks BS 1 first). On an associated queue (BS 0): RC 0x00, no change (UNSURE, 11.9).
     */
    public synchronized int associate(long now) {
        this.now = now;
        int blocked = blocked();
        if (blocked != 0) {
            return blocked;
        }
        int bs = bindState();
        if (bs == BS_AVAILABLE_FOR_BINDING) {
            return rc(ResponseCode.Q_NOT_BOUND);
        }
        if (associatedAt != NO_ASSOCIATION) {
            return rc(ResponseCode.STATE_CHANGE_IN_PROGRESS);
        }
        if (bs == BS_USABLE_NO_SECURE_KEY) {
            associatedAt = now + 1 + adapter.spec().resetTicks();
        }
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

    /**
     * The queue at {@code now}, for {@code apvirt devices} and the ledger; the status is
     * lszcrypt-like: online, reset, deconfigured or checkstopped.
     */
    public synchronized QueueState state(long now) {
        ResponseCode condition = adapter.condition(now);
        String status = condition == ResponseCode.DECONFIGURED ? "deconfigured"
                : condition == ResponseCode.CHECKSTOPPED ? "checkstopped"
                : now < resetUntil ? "reset" : "online";
        AdapterSpec spec = adapter.spec();
        return new QueueState(apqn, spec.type().name(), spec.mode().id(), spec.behaviour(), status, accepted, replied,
                dropped, refused, size, interrupts, isc, raised, lost);
    }
}

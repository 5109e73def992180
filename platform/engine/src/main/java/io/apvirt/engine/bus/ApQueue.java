package io.apvirt.engine.bus;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ResponseCode;

import java.util.ArrayDeque;

/**
 * One AP queue: the simple in-memory model of ap-architecture.md 11.5 step 5 (the full AP
 * bus with device behaviours comes later). Every accepted request yields one reply (the
 * request echoed, ready one tick later) or is dropped by a reset and counted. All state
 * is guarded by the queue's monitor: each queue is linearizable on its own.
 */
public final class ApQueue {

    /** A message in the queue: accepted at one tick, its reply ready at {@code readyAt}. */
    private static final class Entry {
        final long psmid;
        final byte[] reply;
        final long readyAt;
        int delivered;

        Entry(long psmid, byte[] reply, long readyAt) {
            this.psmid = psmid;
            this.reply = reply;
            this.readyAt = readyAt;
        }
    }

    /** A DQAP result. */
    public record Dequeued(int statusWord, long psmid, byte[] data, int residual, boolean partial) {
    }

    private final Apqn apqn;
    private final AdapterInfo adapter;
    private final int resetTicks;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long resetUntil = Long.MIN_VALUE;
    private boolean interrupts;
    private int bindState;
    private long accepted;
    private long replied;
    private long dropped;

    public ApQueue(Apqn apqn, AdapterInfo adapter, int resetTicks, boolean secureExecution) {
        this.apqn = apqn;
        this.adapter = adapter;
        this.resetTicks = resetTicks;
        this.bindState = secureExecution ? 2 : 0;
    }

    public Apqn apqn() {
        return apqn;
    }

    public AdapterInfo adapter() {
        return adapter;
    }

    private boolean resetting(long now) {
        return now < resetUntil;
    }

    private int flags(long now) {
        int word = 0;
        if (entries.isEmpty()) {
            word |= Apqsw.WORD_E;
        } else if (entries.peekFirst().readyAt <= now) {
            word |= Apqsw.WORD_R;
        }
        if (entries.size() >= adapter.qd()) {
            word |= Apqsw.WORD_F;
        }
        if (interrupts) {
            word |= Apqsw.WORD_I;
        }
        return word;
    }

    private static int rc(ResponseCode rc) {
        return rc.code() << 16;
    }

    /** TAPQ: the status word (RC 0x02 while a reset runs). */
    public synchronized int test(long now) {
        if (resetting(now)) {
            return rc(ResponseCode.RESET_IN_PROGRESS);
        }
        return flags(now);
    }

    public synchronized int bindState() {
        return bindState;
    }

    /** RAPQ/ZAPQ: drop everything, interrupts off, reset for resetTicks (RC 0x02 while one runs). */
    public synchronized int reset(long now) {
        if (resetting(now)) {
            return rc(ResponseCode.RESET_IN_PROGRESS);
        }
        dropped += entries.size();
        entries.clear();
        interrupts = false;
        resetUntil = now + 1 + resetTicks;
        return rc(ResponseCode.NORMAL);
    }

    /** NQAP: accept a request; its reply (the request echoed) is ready one tick later. */
    public synchronized int enqueue(long now, long psmid, byte[] message) {
        if (resetting(now)) {
            return rc(ResponseCode.RESET_IN_PROGRESS);
        }
        if (entries.size() >= adapter.qd()) {
            return flags(now) | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY);
        }
        entries.addLast(new Entry(psmid, message, now + 1));
        accepted++;
        return flags(now);
    }

    /** DQAP: the oldest ready reply, or as much of it as fits in {@code bufferLength}. */
    public synchronized Dequeued dequeue(long now, long bufferLength) {
        if (resetting(now)) {
            return new Dequeued(rc(ResponseCode.RESET_IN_PROGRESS), 0, null, 0, false);
        }
        Entry head = entries.peekFirst();
        if (head == null || head.readyAt > now) {
            return new Dequeued(flags(now) | rc(ResponseCode.Q_FULL_OR_NO_PENDING_REPLY), 0, null, 0, false);
        }
        int remaining = head.reply.length - head.delivered;
        int n = (int) Math.min(remaining, bufferLength);
        byte[] data = java.util.Arrays.copyOfRange(head.reply, head.delivered, head.delivered + n);
        head.delivered += n;
        if (head.delivered < head.reply.length) {
            return new Dequeued(0, head.psmid, data, head.reply.length - head.delivered, true);
        }
        entries.removeFirst();
        replied++;
        return new Dequeued(flags(now), head.psmid, data, 0, false);
    }

    /** BAPQ/AAPQ (SE): 2 available for binding, 1 bound (usable, no secure key), 0 associated (usable). */
    public synchronized int bind(long now, boolean associate) {
        if (resetting(now)) {
            return rc(ResponseCode.RESET_IN_PROGRESS);
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

    public synchronized boolean interrupts() {
        return interrupts;
    }

    public synchronized void setInterrupts(boolean on) {
        interrupts = on;
    }

    /** Ledger: accepted = replied + dropped + in the queue. */
    public synchronized long accepted() {
        return accepted;
    }

    public synchronized long replied() {
        return replied;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized int pending() {
        return entries.size();
    }

    public synchronized String status(long now) {
        return resetting(now) ? "reset" : "online";
    }
}

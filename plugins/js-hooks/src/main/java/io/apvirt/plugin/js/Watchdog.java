package io.apvirt.plugin.js;

import org.graalvm.polyglot.Context;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The call deadlines of every script instance, enforced by one sweep on the shared watchdog
 * thread ({@link JsEngine#watchdog()}) every {@link #PERIOD_MILLIS} ms while script instances
 * exist. A call costs the calling thread a clock read and a few writes under an uncontended
 * monitor: no task is scheduled per call.
 *
 * <p>A call past its deadline is interrupted ({@link Context#interrupt}: the call ends, the
 * Context and its module state stay) once its thread has run on the CPU for at least half of
 * the deadline: time the thread did not run (descheduled, a GC pause, a blocking host call) is
 * not held against the script. After {@link #MAX_STRETCH} deadlines it is interrupted whatever
 * it ran. An interrupt that does not take within half a deadline (at least 20 ms) cancels the
 * Context ({@code close(true)}).
 */
final class Watchdog {

    static final long PERIOD_MILLIS = 5;
    /** A call whose thread hardly ran is stopped all the same after this many deadlines. */
    static final int MAX_STRETCH = 10;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = cpuTimeAvailable();
    private static final Set<Watch> WATCHES = ConcurrentHashMap.newKeySet();
    private static final Object SWEEP_LOCK = new Object();
    private static ScheduledFuture<?> sweeper;

    private Watchdog() {
    }

    /** What the watchdog knows of one instance's current call. */
    static final class Watch {
        private final Object guard = new Object();
        private Context context;
        private long seq;
        private long start;
        private long deadline;
        private Thread thread;
        private boolean expired;
        private boolean cancelled;
        // the sweeper's own: when it first saw the call, and the thread's CPU time then
        private long seenSeq = -1;
        private long seenAt;
        private long seenCpu;

        /** A call in {@code context} starts now, with {@code deadline} (0: none). */
        void start(Context context, Duration deadline) {
            synchronized (guard) {
                this.context = context;
                this.seq++;
                this.start = System.nanoTime();
                this.deadline = deadline == null || deadline.isNegative() ? 0 : deadline.toNanos();
                this.thread = Thread.currentThread();
                this.expired = false;
                this.cancelled = false;
            }
        }

        /** The call has ended (an interrupt in progress has returned: it holds the guard). */
        void end() {
            synchronized (guard) {
                context = null;
            }
        }

        /** Whether the watchdog interrupted the last call, and whether it had to cancel its Context. */
        boolean expired() {
            synchronized (guard) {
                return expired;
            }
        }

        boolean cancelled() {
            synchronized (guard) {
                return cancelled;
            }
        }

        /** The last call's deadline in ms. */
        long deadlineMillis() {
            synchronized (guard) {
                return TimeUnit.NANOSECONDS.toMillis(deadline);
            }
        }

        private void check(long now) {
            synchronized (guard) {
                if (context == null || deadline <= 0 || expired) {
                    return;
                }
                if (seenSeq != seq) {
                    seenSeq = seq;
                    seenAt = now;
                    seenCpu = CPU_TIME ? THREADS.getThreadCpuTime(thread.threadId()) : -1;
                }
                long wall = now - start;
                if (wall < deadline) {
                    return;
                }
                if (seenCpu >= 0 && wall < MAX_STRETCH * deadline) {
                    long cpu = THREADS.getThreadCpuTime(thread.threadId());
                    // before the sweep first saw the call, count it as running
                    long ran = cpu < 0 ? deadline : cpu - seenCpu + (seenAt - start);
                    if (ran < deadline / 2) {
                        return;
                    }
                }
                expired = true;
                try {
                    context.interrupt(Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(20), deadline / 2)));
                } catch (TimeoutException e) {
                    cancelled = true;
                    try {
                        context.close(true);
                    } catch (RuntimeException closed) {
                        // already closed
                    }
                } catch (RuntimeException e) {
                    // closed meanwhile: nothing to interrupt
                }
            }
        }
    }

    /** A new watch, swept until {@link #unregister}. */
    static Watch register() {
        Watch w = new Watch();
        WATCHES.add(w);
        synchronized (SWEEP_LOCK) {
            if (sweeper == null) {
                sweeper = JsEngine.watchdog().scheduleAtFixedRate(Watchdog::sweep, PERIOD_MILLIS, PERIOD_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }
        return w;
    }

    static void unregister(Watch w) {
        WATCHES.remove(w);
    }

    private static void sweep() {
        if (WATCHES.isEmpty()) {
            synchronized (SWEEP_LOCK) {
                if (WATCHES.isEmpty() && sweeper != null) {
                    sweeper.cancel(false);
                    sweeper = null;
                }
            }
            return;
        }
        long now = System.nanoTime();
        for (Watch w : WATCHES) {
            try {
                w.check(now);
            } catch (RuntimeException e) {
                // one instance's trouble must not stop the watchdog
            }
        }
    }

    private static boolean cpuTimeAvailable() {
        try {
            return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

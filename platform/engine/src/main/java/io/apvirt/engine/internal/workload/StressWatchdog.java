package io.apvirt.engine.internal.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;

/**
 * Watches a stress run from a thread of its own, every {@value #PERIOD_MS} ms of wall time: the
 * vCPUs' instruction counts (when none has moved for {@code stall}, it takes every vCPU thread's
 * stack, with the locks held and waited for, and the JVM's deadlocked threads, and stops
 * watching: the run has stalled) and the heap in use ({@link MemoryMXBean}), whose highest sample
 * is the run's peak. Wall time here decides only whether a run is reported as stalled, never an
 * outcome of the model.
 */
final class StressWatchdog implements Runnable {

    static final int PERIOD_MS = 20;

    private final List<StressVcpu> vcpus;
    private final List<Thread> threads;
    private final Duration stall;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile boolean finished;
    private volatile String stalled;
    private volatile long peakHeap;

    StressWatchdog(List<StressVcpu> vcpus, List<Thread> threads, Duration stall) {
        this.vcpus = vcpus;
        this.threads = threads;
        this.stall = stall;
    }

    @Override
    public void run() {
        long last = -1;
        long since = System.nanoTime();
        while (!finished) {
            sampleHeap();
            long progress = 0;
            for (StressVcpu v : vcpus) {
                progress += v.done();
            }
            long now = System.nanoTime();
            if (progress != last) {
                last = progress;
                since = now;
            } else if (now - since >= stall.toNanos() && !finished) {
                stalled = report(progress);
                return;
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void sampleHeap() {
        long used = memory.getHeapMemoryUsage().getUsed();
        if (used > peakHeap) {
            peakHeap = used;
        }
    }

    /** The vCPU threads' stacks and the deadlocked threads, as text. */
    private String report(long progress) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder b = new StringBuilder("no vCPU progressed for " + stall.toMillis() + " ms (" + progress
                + " instructions done)\n");
        long[] deadlocked = mx.findDeadlockedThreads();
        b.append("deadlocked threads: ").append(deadlocked == null ? "none" : deadlocked.length).append('\n');
        long[] ids = threads.stream().mapToLong(Thread::threadId).toArray();
        for (int i = 0; i < ids.length; i++) {
            ThreadInfo info = mx.getThreadInfo(new long[] {ids[i]}, true, true)[0];
            b.append("vCPU ").append(vcpus.get(i).id()).append(" (").append(vcpus.get(i).done()).append(" instructions): ");
            if (info == null) {
                b.append("ended\n");
                continue;
            }
            b.append(info.getThreadName()).append(' ').append(info.getThreadState());
            if (info.getLockName() != null) {
                b.append(" on ").append(info.getLockName());
                if (info.getLockOwnerName() != null) {
                    b.append(" held by ").append(info.getLockOwnerName());
                }
            }
            b.append('\n');
            for (StackTraceElement e : info.getStackTrace()) {
                b.append("    at ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    void finish() {
        finished = true;
    }

    /** The stacks when the run stalled, or {@code null}. */
    String stalled() {
        return stalled;
    }

    long peakHeap() {
        return peakHeap;
    }
}

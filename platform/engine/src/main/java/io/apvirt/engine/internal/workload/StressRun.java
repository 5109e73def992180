package io.apvirt.engine.internal.workload;

import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code apvirt stress}: the vCPU threads of a {@link StressPlan} on one machine, driven through the
 * public {@link Machine} API only, a {@link StressWatchdog}, and the ledger at the end: the guest's
 * side ({@link StressLedger}: what NQAP accepted and DQAP delivered) against the model's (every
 * queue's dropped and pending counts, {@link QueueState}: messages are dropped where the model
 * drops them, a RAPQ/ZAPQ, vfio_ap's resets on a VM reset and on an unassignment, and counted
 * there).
 */
public final class StressRun {

    private StressRun() {
    }

    /** Runs the plan on the machine; returns when every vCPU has ended or the watchdog saw the run stall. */
    public static StressReport run(Machine machine, StressPlan plan) throws InterruptedException {
        StressLedger ledger = new StressLedger(plan.vcpus(), plan.instructions());
        SplittableRandom root = new SplittableRandom(plan.seed());
        List<StressVcpu> vcpus = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.vcpus(); i++) {
            StressVcpu v = new StressVcpu(machine, plan, ledger, root.split());
            vcpus.add(v);
            Thread t = new Thread(v, "apvirt-stress-vcpu-" + v.id());
            t.setDaemon(true);
            threads.add(t);
        }
        StressWatchdog watchdog = new StressWatchdog(vcpus, threads, plan.stall());
        Thread watching = new Thread(watchdog, "apvirt-stress-watchdog");
        watching.setDaemon(true);
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        watching.start();
        for (Thread t : threads) {
            while (t.isAlive() && watchdog.stalled() == null && watching.isAlive()) {
                t.join(StressWatchdog.PERIOD_MS);
            }
        }
        long elapsed = System.nanoTime() - t0;
        watchdog.finish();
        watching.join();
        watchdog.sampleHeap();
        String stalled = watchdog.stalled();
        if (stalled != null) {
            return StressReport.stalled(plan, vcpus, elapsed, watchdog.peakHeap(), stalled);
        }
        long dropped = 0;
        long pending = 0;
        long modelAccepted = 0;
        long modelReplied = 0;
        Map<Integer, String> adapters = new java.util.TreeMap<>();
        for (QueueState q : machine.queues()) {
            dropped += q.dropped();
            pending += q.pending();
            modelAccepted += q.requests();
            modelReplied += q.replies();
            adapters.putIfAbsent(q.apqn().apid(), q.status());
        }
        System.gc();   // what the run keeps: the heap in use after a collection
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        return new StressReport(plan, vcpus.stream().map(StressReport.Vcpu::of).toList(), ledger.counts(), dropped, pending,
                new StressReport.Model(modelAccepted, modelReplied, adapters), machine.failedCalls().size(),
                new StressReport.Heap(watchdog.peakHeap(), retained, max), elapsed, null,
                vcpus.stream().map(v -> v.failure).filter(f -> f != null).toList());
    }
}

package io.apvirt.cli;

import io.apvirt.api.arch.ResponseCode;
import io.apvirt.engine.internal.bus.ApQueue;
import io.apvirt.engine.internal.workload.BehaviourCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code apvirt bench --calls}: the threads that call a device behaviour ({@link CallWorker}), one
 * behaviour's measurement ({@link CallsRun}) and the report of one or two of them ({@link CallsReport}).
 */
final class BenchCalls {

    private BenchCalls() {
    }

    /**
     * One thread calling its queue's behaviour: request n has PSMID (thread &lt;&lt; 32 | n), a fresh
     * copy of the thread's 16-byte message (the callee owns it) and tick n. A queue shared by
     * several threads is locked around each call, as the engine does; an unshared one is not.
     */
    static final class CallWorker implements Runnable {
        final int id;
        final ApQueue queue;
        final boolean shared;
        final BehaviourCall call;
        final long warmup;
        final long calls;
        final CountDownLatch ready;
        final CountDownLatch go;
        long replies;
        long refused;
        String refusal;
        long replyBytes;
        long elapsedNs;
        volatile String failure;

        CallWorker(int id, ApQueue queue, boolean shared, long warmup, long calls, CountDownLatch ready, CountDownLatch go) {
            this.id = id;
            this.queue = queue;
            this.shared = shared;
            this.call = new BehaviourCall(id, queue, queue.card().behaviour(), shared);
            this.warmup = warmup;
            this.calls = calls;
            this.ready = ready;
            this.go = go;
        }

        @Override
        public void run() {
            boolean arrived = false;
            try {
                for (long n = 0; n < warmup; n++) {
                    call.call(n);
                }
                call.resetCounts();
                ready.countDown();
                arrived = true;
                go.await();
                long t0 = System.nanoTime();
                for (long n = 0; n < calls; n++) {
                    call.call(warmup + n);
                }
                elapsedNs = System.nanoTime() - t0;
            } catch (InterruptedException e) {
                failure = "thread " + id + " interrupted";
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = "thread " + id + " on " + queue.apqn() + " after " + (call.replies() + call.refused()) + " measured calls: " + e;
            } finally {
                replies = call.replies();
                refused = call.refused();
                refusal = call.lastRefusal() == null ? null : rc(call.lastRefusal().code());
                replyBytes = call.replyBytes();
                if (!arrived) {
                    ready.countDown();
                }
            }
        }
    }

    /** {@code RC 0x05 (busy)}. */
    static String rc(ResponseCode code) {
        return String.format(Locale.ROOT, "RC 0x%02X (%s)", code.code(), code.meaning());
    }

    /** One behaviour measured: M calls on each of N threads. */
    record CallsRun(String label, int vcpus, long calls, long warmup, long elapsedNs, List<CallWorker> workers, String failure) {

        long totalCalls() {
            return (long) vcpus * calls;
        }

        double callsPerSecond() {
            return totalCalls() * 1e9 / elapsedNs;
        }

        /** Wall time per call over all threads: the inverse of calls/s. */
        double nsPerCall() {
            return (double) elapsedNs / totalCalls();
        }

        long refused() {
            return workers.stream().mapToLong(w -> w.refused).sum();
        }

        long replies() {
            return workers.stream().mapToLong(w -> w.replies).sum();
        }

        /** {@code calls: echo 1 vCPU x 1000000 calls: 452312 calls/s, 2210.9 ns/call}. */
        String line() {
            StringBuilder b = new StringBuilder("calls: ").append(label).append(' ').append(vcpus)
                    .append(vcpus == 1 ? " vCPU x " : " vCPUs x ").append(calls).append(" calls: ")
                    .append(Math.round(callsPerSecond())).append(" calls/s, ").append(BenchPairs.Result.fixed(nsPerCall())).append(" ns/call");
            if (refused() > 0) {
                List<String> codes = workers.stream().map(w -> w.refusal).filter(r -> r != null).distinct().toList();
                b.append("; ").append(refused()).append(" refused (").append(String.join(", ", codes)).append(')');
            }
            return b.toString();
        }

        Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("behaviour", label);
            d.put("elapsed-ns", elapsedNs);
            d.put("calls-per-second", BenchPairs.Result.round1(callsPerSecond()));
            d.put("ns-per-call", BenchPairs.Result.round1(nsPerCall()));
            d.put("replies", replies());
            d.put("refused", refused());
            List<Object> per = new ArrayList<>();
            for (CallWorker w : workers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("vcpu", w.id);
                m.put("apqn", w.queue.apqn().toString());
                m.put("shared", w.shared);
                m.put("calls", calls);
                m.put("elapsed-ns", w.elapsedNs);
                per.add(m);
            }
            d.put("per-vcpu", per);
            d.put("failure", failure);
            return d;
        }
    }

    /** The --calls report: a line per behaviour, the ratio, the set-up and the machine. */
    record CallsReport(List<CallsRun> runs, String policy, String hook) {

        /** ns/call of the first behaviour over that of the second; {@code null} without a (successful) second. */
        Double ratio() {
            if (runs.size() < 2 || runs.stream().anyMatch(r -> r.failure() != null)) {
                return null;
            }
            return runs.get(0).nsPerCall() / runs.get(1).nsPerCall();
        }

        String text() {
            StringBuilder b = new StringBuilder();
            for (CallsRun r : runs) {
                if (r.failure() == null) {
                    b.append(r.line()).append('\n');
                } else {
                    b.append("calls: ").append(r.label()).append(" stopped, nothing measured\n");
                }
            }
            if (ratio() != null) {
                b.append("ratio: ").append(runs.get(0).label()).append(" takes ")
                        .append(String.format(Locale.ROOT, "%.2f", ratio())).append("x the time per call of ")
                        .append(runs.get(1).label()).append('\n');
            }
            CallsRun first = runs.get(0);
            b.append("setup: ").append(BenchCommand.MESSAGE_LENGTH).append("-byte requests, ").append(first.warmup())
                    .append(" warm-up calls per vCPU; ");
            List<String> placed = new ArrayList<>();
            for (CallWorker w : first.workers()) {
                placed.add("vCPU " + w.id + " on " + w.queue.apqn() + (w.shared ? " (shared, locked)" : ""));
            }
            if (placed.size() > 8) {
                int more = placed.size() - 8;
                placed = new ArrayList<>(placed.subList(0, 8));
                placed.add("... (" + more + " more)");
            }
            b.append(String.join(", ", placed)).append('\n');
            b.append("machine: policy ").append(policy).append(", hook ").append(hook).append("; ")
                    .append(BenchEnvironment.Environment.cpus()).append(" CPUs, JDK ").append(BenchEnvironment.Environment.jdk()).append("; JVM ")
                    .append(BenchEnvironment.Environment.vm()).append(BenchEnvironment.Environment.flags().isEmpty() ? "" : ", flags "
                            + String.join(" ", BenchEnvironment.Environment.flags())).append('\n');
            return b.toString();
        }

        Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("apvirt", ApvirtCli.version());
            d.put("mode", "calls");
            d.put("vcpus", runs.get(0).vcpus());
            d.put("calls", runs.get(0).calls());
            d.put("warmup", runs.get(0).warmup());
            d.put("message-bytes", BenchCommand.MESSAGE_LENGTH);
            d.put("runs", runs.stream().map(CallsRun::document).toList());
            Double ratio = ratio();
            d.put("ratio", ratio == null ? null : Math.round(ratio * 100) / 100.0);
            d.put("policy", policy);
            d.put("hook", hook);
            d.put("cpus", BenchEnvironment.Environment.cpus());
            d.put("jdk", BenchEnvironment.Environment.jdk());
            d.put("vm", BenchEnvironment.Environment.vm());
            d.put("jvm-flags", BenchEnvironment.Environment.flags());
            return d;
        }
    }
}

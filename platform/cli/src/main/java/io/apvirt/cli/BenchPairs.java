package io.apvirt.cli;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.cli.render.Describe;
import io.apvirt.cli.render.Table;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.workload.QueuePair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code apvirt bench} (pairs): the vCPU threads ({@link Worker}) and the measured result with its ledger ({@link Result}). */
final class BenchPairs {

    private BenchPairs() {
    }

    /** One vCPU thread: W warm-up pairs, then, once every vCPU is ready, M measured pairs of its {@link QueuePair}. */
    static final class Worker implements Runnable {
        final Vcpu cpu;
        final Apqn apqn;
        final QueuePair pair;
        final long warmup;
        final long pairs;
        final CountDownLatch ready;
        final CountDownLatch go;
        long measuredInstructions;
        long measuredDqapEmpty;
        long elapsedNs;
        volatile String failure;

        Worker(Vcpu cpu, Apqn apqn, long message, long buffer, long warmup, long pairs, CountDownLatch ready, CountDownLatch go) {
            this.cpu = cpu;
            this.apqn = apqn;
            this.pair = new QueuePair(cpu, apqn, message, buffer);
            this.warmup = warmup;
            this.pairs = pairs;
            this.ready = ready;
            this.go = go;
        }

        @Override
        public void run() {
            boolean arrived = false;
            try {
                for (long i = 0; i < warmup; i++) {
                    pair.pair(i);
                }
                ready.countDown();
                arrived = true;
                go.await();
                long i0 = pair.instructions();
                long e0 = pair.dqapEmpty();
                long t0 = System.nanoTime();
                for (long i = 0; i < pairs; i++) {
                    pair.pair(warmup + i);
                }
                elapsedNs = System.nanoTime() - t0;
                measuredInstructions = pair.instructions() - i0;
                measuredDqapEmpty = pair.dqapEmpty() - e0;
            } catch (QueuePair.Failure e) {
                failure = e.describe(Describe::brief);
            } catch (InterruptedException e) {
                failure = "vCPU " + cpu.id() + " interrupted";
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = "vCPU " + cpu.id() + ": " + e;
            } finally {
                if (!arrived) {
                    ready.countDown();
                }
            }
        }
    }

    record Result(int vcpus, long pairs, long warmup, long elapsedNs, List<Worker> workers, ApMachine.Ledger ledger,
                  long ticks, String policy, String hook, String behaviour, String failure) {

        long totalPairs() {
            return (long) vcpus * pairs;
        }

        long totalInstructions() {
            return workers.stream().mapToLong(w -> w.measuredInstructions).sum();
        }

        double pairsPerSecond() {
            return totalPairs() * 1e9 / elapsedNs;
        }

        double instructionsPerSecond() {
            return totalInstructions() * 1e9 / elapsedNs;
        }

        /** Wall time per pair over all vCPUs: the inverse of pairs/s. */
        double nsPerPair() {
            return (double) elapsedNs / totalPairs();
        }

        long expectedReplies() {
            return (long) vcpus * (pairs + warmup);
        }

        boolean ledgerHolds() {
            return ledger.balanced() && ledger.replied() == expectedReplies();
        }

        String ledgerText() {
            return "accepted " + ledger.accepted() + " = replied " + ledger.replied() + " + dropped " + ledger.dropped()
                    + " + pending " + ledger.pending() + (ledger.balanced() ? "" : " FAILS") + "; replied " + ledger.replied()
                    + (ledger.replied() == expectedReplies() ? " = " : " != ") + vcpus + " x (" + pairs + " + " + warmup + ")"
                    + (ledgerHolds() ? ": ok" : ": FAILED");
        }

        String text() {
            StringBuilder b = new StringBuilder();
            b.append("bench: ").append(vcpus).append(vcpus == 1 ? " vCPU x " : " vCPUs x ").append(pairs)
                    .append(" NQAP+DQAP pairs (after ").append(warmup).append(" warm-up pairs each): ")
                    .append(Math.round(pairsPerSecond())).append(" pairs/s, ").append(Math.round(instructionsPerSecond()))
                    .append(" instructions/s, ").append(fixed(nsPerPair())).append(" ns/pair; ")
                    .append(BenchEnvironment.Environment.cpus()).append(" CPUs, JDK ").append(BenchEnvironment.Environment.jdk()).append('\n');
            Table t = new Table("VCPU", "APQN", "PAIRS", "INSTRUCTIONS", "DQAP-EMPTY", "ELAPSED-MS", "PAIRS/S", "NS/PAIR");
            for (Worker w : workers) {
                t.row(String.valueOf(w.cpu.id()), w.apqn.toString(), String.valueOf(pairs), String.valueOf(w.measuredInstructions),
                        String.valueOf(w.measuredDqapEmpty), fixed(w.elapsedNs / 1e6),
                        String.valueOf(w.elapsedNs == 0 ? 0 : Math.round(pairs * 1e9 / w.elapsedNs)),
                        fixed((double) w.elapsedNs / pairs));
            }
            t.row("all", "-", String.valueOf(totalPairs()), String.valueOf(totalInstructions()),
                    String.valueOf(workers.stream().mapToLong(w -> w.measuredDqapEmpty).sum()), fixed(elapsedNs / 1e6),
                    String.valueOf(Math.round(pairsPerSecond())), fixed(nsPerPair()));
            b.append(t.render());
            b.append("ledger: ").append(ledgerText()).append('\n');
            b.append("machine: policy ").append(policy).append(", hook ").append(hook)
                    .append(behaviour == null ? "" : ", behaviour " + behaviour).append(", ").append(ticks)
                    .append(" ticks; JVM ").append(BenchEnvironment.Environment.vm()).append(BenchEnvironment.Environment.flags().isEmpty() ? "" : ", flags "
                            + String.join(" ", BenchEnvironment.Environment.flags())).append('\n');
            return b.toString();
        }

        Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("apvirt", ApvirtCli.version());
            d.put("vcpus", vcpus);
            d.put("pairs", pairs);
            d.put("warmup", warmup);
            d.put("elapsed-ns", elapsedNs);
            d.put("pairs-per-second", round1(pairsPerSecond()));
            d.put("instructions-per-second", round1(instructionsPerSecond()));
            d.put("ns-per-pair", round1(nsPerPair()));
            d.put("instructions", totalInstructions());
            List<Object> per = new ArrayList<>();
            for (Worker w : workers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("vcpu", w.cpu.id());
                m.put("apqn", w.apqn.toString());
                m.put("pairs", pairs);
                m.put("instructions", w.measuredInstructions);
                m.put("dqap-empty", w.measuredDqapEmpty);
                m.put("elapsed-ns", w.elapsedNs);
                per.add(m);
            }
            d.put("per-vcpu", per);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("accepted", ledger.accepted());
            l.put("replied", ledger.replied());
            l.put("dropped", ledger.dropped());
            l.put("pending", ledger.pending());
            l.put("expected-replies", expectedReplies());
            l.put("holds", ledgerHolds());
            d.put("ledger", l);
            d.put("policy", policy);
            d.put("hook", hook);
            d.put("behaviour", behaviour);
            d.put("ticks", ticks);
            d.put("cpus", BenchEnvironment.Environment.cpus());
            d.put("jdk", BenchEnvironment.Environment.jdk());
            d.put("vm", BenchEnvironment.Environment.vm());
            d.put("jvm-flags", BenchEnvironment.Environment.flags());
            d.put("failure", failure);
            return d;
        }

        static String fixed(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }

        static double round1(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }
}

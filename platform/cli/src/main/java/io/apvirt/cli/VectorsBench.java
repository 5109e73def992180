package io.apvirt.cli;

import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.cli.render.Json;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.scenario.ScenarioRunner;
import io.apvirt.engine.internal.workload.VectorReplay;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code apvirt bench --vectors FILE}: the steps of a scenario file, round and round, through the
 * embedded platform. The file's expectations are checked once first (a vector file whose
 * expectations fail under the policy is not measured: exit 1). Then each of T threads, a vCPU of
 * one machine, replays the steps: W warm-up instructions, whose outcomes make the histogram, then
 * N measured ones; the wall time runs from the moment every thread is released until the last
 * ends; the bytes each thread allocates while measuring come from the JVM's per-thread counter.
 */
final class VectorsBench {

    static final String SCHEMA = "apvirt.bench-vectors/1";

    /** {@code apvirt bench --vectors --json} (docs/schemas/bench-vectors.schema.json). */
    record Document(String schema, String file, String policy, String hook, int threads, long warmup, long count,
                    long instructions, long elapsedNs, double instructionsPerSecond, double nsPerInstruction,
                    double bytesPerInstruction, Map<String, Long> outcomes, Map<String, Object> environment) {
    }

    private VectorsBench() {
    }

    static int run(Session session, ConfigLayers layers, Path file, int threads, long warmup, long count, boolean json,
                   PrintWriter out, PrintWriter err) throws InterruptedException {
        ScenarioPlan plan = ScenarioPlan.prepare(List.of(file), layers, session.configuration(), session.registry().catalog()).get(0);
        new ConfiguredScripts(session).check(plan.layers(layers), plan.settings());
        String policy = plan.settings().policy();
        ScenarioRunner.PolicyRun check = ScenarioRunner.run(plan.scenario(), policy, true,
                listener -> session.machines().create(plan.settings(), listener));
        if (check.failedCount() > 0) {
            err.println("apvirt: bench: " + file + ": " + check.failedCount() + " expectation(s) fail under " + policy
                    + " (apvirt run --policy " + policy + " " + file + " shows them); nothing measured");
            return ExitCode.EXPECTATION_FAILED;
        }
        Machine machine = session.machines().create(plan.settings());
        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Replayer> replayers = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Replayer r = new Replayer(machine, machine.newVcpu(), VectorReplay.of(plan.scenario()), warmup, count, ready, go, threadBean);
            replayers.add(r);
            Thread thread = new Thread(r, "apvirt-bench-vectors-" + t);
            thread.setDaemon(true);
            started.add(thread);
        }
        long elapsed = BenchCommand.startTogether(started, ready, go);
        for (Replayer r : replayers) {
            if (r.failure != null) {
                err.println("apvirt: bench: " + r.failure);
                return ExitCode.EXPECTATION_FAILED;
            }
        }
        long instructions = count * threads;
        long bytes = replayers.stream().mapToLong(r -> r.allocated).sum();
        Map<String, Long> outcomes = new TreeMap<>();
        replayers.forEach(r -> r.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum)));
        Document d = new Document(SCHEMA, file.toString(), policy, plan.settings().hook(), threads, warmup, count, instructions,
                elapsed, instructions * 1e9 / elapsed, (double) elapsed * threads / instructions, (double) bytes / instructions,
                outcomes, environment());
        if (json) {
            out.print(Json.write(d));
        } else {
            out.print(text(d, plan.scenario().steps().size()));
        }
        out.flush();
        return ExitCode.OK;
    }

    static String text(Document d, int steps) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("bench --vectors %s: %d steps a round, policy %s, hook %s; %d thread(s), each %,d warm-up then %,d measured instructions%n",
                d.file(), steps, d.policy(), d.hook(), d.threads(), d.warmup(), d.count()));
        b.append(String.format("instructions-per-second  %,.0f%n", d.instructionsPerSecond()));
        b.append(String.format("ns-per-instruction       %.1f (per thread)%n", d.nsPerInstruction()));
        b.append(String.format("bytes-per-instruction    %.1f%n", d.bytesPerInstruction()));
        b.append("OUTCOME (the warm-up's instructions)                  COUNT\n");
        d.outcomes().forEach((k, v) -> b.append(String.format("%-52s  %,d%n", k, v)));
        return b.toString();
    }

    private static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    /** One thread: warm-up (counting outcomes by level and rule), then the measured replay. */
    private static final class Replayer implements Runnable {
        final Machine machine;
        final Vcpu cpu;
        final VectorReplay replay;
        final long warmup;
        final long count;
        final CountDownLatch ready;
        final CountDownLatch go;
        final com.sun.management.ThreadMXBean threads;
        final Map<String, Long> outcomes = new TreeMap<>();
        long allocated;
        volatile String failure;

        Replayer(Machine machine, Vcpu cpu, VectorReplay replay, long warmup, long count, CountDownLatch ready, CountDownLatch go,
                 com.sun.management.ThreadMXBean threads) {
            this.machine = machine;
            this.cpu = cpu;
            this.replay = replay;
            this.warmup = warmup;
            this.count = count;
            this.ready = ready;
            this.go = go;
            this.threads = threads;
        }

        @Override
        public void run() {
            boolean arrived = false;
            try {
                for (long i = 0; i < warmup; i++) {
                    Outcome o = replay.step(machine, cpu);
                    outcomes.merge(o.level().id() + " " + o.rule().id(), 1L, Long::sum);
                }
                ready.countDown();
                arrived = true;
                go.await();
                long id = Thread.currentThread().threadId();
                long b0 = threads.getThreadAllocatedBytes(id);
                for (long i = 0; i < count; i++) {
                    replay.step(machine, cpu);
                }
                allocated = threads.getThreadAllocatedBytes(id) - b0;
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
}

package io.apvirt.cli;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.cli.render.Describe;
import io.apvirt.cli.render.Json;
import io.apvirt.cli.render.Table;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import io.apvirt.engine.internal.bus.ApQueue;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentRef;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.workload.BehaviourCall;
import io.apvirt.engine.internal.workload.QueuePair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code apvirt bench}: NQAP+DQAP pairs per second on the configured machine. Each of N
 * vCPU threads owns an APQN (round-robin over the guest's queues) and a message buffer in
 * guest memory, runs W warm-up pairs, waits for the others, then M measured pairs; DQAP is
 * repeated until a reply is there. The wall time of the measured phase is taken with
 * {@link System#nanoTime()} from the moment every vCPU is released until the last one ends.
 * The message ledger is checked at the end.
 *
 * <p>{@code --behaviour REF} gives every adapter of the guest's matrix that device behaviour
 * ({@code --set apvirt.devices[i].adapter=<apid>} and {@code .behaviour=REF} layers).
 * {@code --calls} measures the behaviour alone: the machine is built (so the behaviour is bound
 * as the engine binds it), then each thread calls its queue's {@link AdapterBehaviour#onRequest}
 * directly, W warm-up calls then M measured ones ({@link CallsRun}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure NQAP+DQAP pairs per second on the configured machine (16-byte messages to the echo devices).",
                "vCPU n uses queue n of the guest's matrix (round-robin when N exceeds the queues) and its own buffers in guest memory.",
                "--calls measures device-behaviour calls instead: M onRequest calls per thread (after W warm-up calls), "
                        + "thread n on the n-th queue of the matrix, taking the adapters in turn."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured, the message ledger balances", "1:an instruction failed or the ledger does not balance",
                "2:invalid configuration or command line"})
public class BenchCommand implements Callable<Integer>, JsonOutput {

    /** Message and reply buffers: one 8 KiB slot per vCPU from here, message at +0, reply buffer at +4 KiB. */
    static final long BUFFER_BASE = 0x10000;
    static final int SLOT = 0x2000;
    static final int MESSAGE_LENGTH = QueuePair.MESSAGE_LENGTH;
    static final int REPLY_BUFFER = QueuePair.REPLY_BUFFER;
    static final int MAX_VCPUS = 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1", description = "vCPU threads, each on its own APQN while there are enough, 1-" + MAX_VCPUS + " (default: ${DEFAULT-VALUE})")
    int vcpus;

    @Option(names = "--pairs", paramLabel = "M", defaultValue = "1000000", description = "Measured NQAP+DQAP pairs (with --calls: behaviour calls) per vCPU (default: ${DEFAULT-VALUE})")
    long pairs;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "100000", description = "Warm-up pairs (with --calls: calls) per vCPU before the measurement (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--json", description = "Print one JSON document instead of the summary, table and ledger lines; "
            + "an error is a JSON document too (docs/schemas/error.schema.json)")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Option(names = "--behaviour", paramLabel = "REF", description = "Give every adapter of the guest's matrix this device "
            + "behaviour (for example echo, accelerator or script:hooks/echo.js)")
    String behaviour;

    @Option(names = "--calls", description = "Measure device-behaviour calls (onRequest) instead of NQAP+DQAP pairs: "
            + "M calls per vCPU thread (--pairs) after W warm-up calls (--warmup)")
    boolean calls;

    @Option(names = "--compare", paramLabel = "REF", description = "With --calls: measure this behaviour the same way "
            + "afterwards and print the ratio (default: echo when --behaviour names a script file; none: no comparison)")
    String compare;

    @Option(names = "--diff", description = "Measure the sweep of apvirt diff instead (every installed policy, the whole space): "
            + "median wall time, classes per second and the speed-up of each --threads count, side by side")
    boolean diff;

    @Option(names = "--threads", paramLabel = "N", split = ",", description = "With --diff: the thread counts to compare "
            + "(default: 1 and the number of cores)")
    List<Integer> threads = new java.util.ArrayList<>();

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "5", description = "With --diff: measured rounds (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--vectors", paramLabel = "FILE", description = "Replay the steps of this scenario file instead (its expectations "
            + "checked once first): instructions per second, ns and bytes allocated per instruction, the outcome histogram "
            + "(for example scripts/bench/decision-mix.yaml)")
    Path vectors;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10000000", description = "With --vectors: measured instructions "
            + "per thread after --warmup ones (default: ${DEFAULT-VALUE})")
    long count;

    @Option(names = "--policy", paramLabel = "ID", description = "The policy to measure (same as --set apvirt.policy=ID)")
    String policy;

    @Override
    public Integer call() throws Exception {
        if (vectors != null) {
            return vectors();
        }
        if (count != 10_000_000) {
            throw new ParameterException(spec.commandLine(), "--count needs --vectors");
        }
        if (diff) {
            if (repeat < 1) {
                throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, not " + repeat);
            }
            List<Integer> counts = threads.isEmpty()
                    ? java.util.stream.Stream.of(1, Runtime.getRuntime().availableProcessors()).distinct().toList() : threads;
            for (int t : counts) {
                if (t < 1) {
                    throw new ParameterException(spec.commandLine(), "--threads must be 1 or more, not " + t);
                }
            }
            try (Session session = new Session()) {
                return DiffBench.run(session, baseLayers(), counts, repeat, json, spec.commandLine().getOut());
            }
        }
        if (!threads.isEmpty() || repeat != 5) {
            throw new ParameterException(spec.commandLine(), "--threads and --repeat need --diff");
        }
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new ParameterException(spec.commandLine(), "--vcpus must be between 1 and " + MAX_VCPUS + ", not " + vcpus);
        }
        if (pairs < 1) {
            throw new ParameterException(spec.commandLine(), "--pairs must be at least 1, not " + pairs);
        }
        if (warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup must be 0 or more, not " + warmup);
        }
        if (compare != null && !calls) {
            throw new ParameterException(spec.commandLine(), "--compare needs --calls");
        }
        try (Session session = new Session()) {
            if (calls) {
                return calls(session);
            }
            ApvirtSettings settings = session.configuration().resolve(layers(session, behaviour));
            ApMachine machine = session.machines().create(settings);
            List<Apqn> queues = machine.queues().stream().map(QueueState::apqn).filter(machine.guest()::inMatrix).toList();
            var err = spec.commandLine().getErr();
            if (queues.isEmpty()) {
                return noQueues(err);
            }
            long slotsEnd = BUFFER_BASE + (long) vcpus * SLOT;
            if (slotsEnd > settings.guest().memory()) {
                err.println("apvirt: bench: " + vcpus + " vCPUs need guest memory up to 0x" + Long.toHexString(slotsEnd)
                        + " for their buffers; the guest has " + settings.guest().memory() + " bytes; nothing ran.");
                return ExitCode.INVALID_INPUT;
            }
            Result result = measure(machine, queues);
            var out = spec.commandLine().getOut();
            if (json) {
                out.print(Json.write(result.document()));
            } else if (result.failure() == null) {
                out.print(result.text());
            } else {
                out.println("bench: stopped, nothing measured");
                out.println("ledger: " + result.ledgerText());
            }
            out.flush();
            if (result.failure() != null) {
                return failed(err, result.failure(), machine);
            }
            if (!result.ledgerHolds()) {
                err.println("apvirt: bench: the message ledger does not hold: " + result.ledgerText());
                return ExitCode.EXPECTATION_FAILED;
            }
            return ExitCode.OK;
        }
    }

    /** {@code --config}, {@code --set} and {@code --policy}. */
    private ConfigLayers baseLayers() {
        ConfigLayers layers = config.layers();
        return policy == null ? layers : layers.withOption("--policy", ConfigKeys.POLICY, policy);
    }

    /** {@code --vectors FILE}: the thread count is {@code --threads} (one number) or 1. */
    private Integer vectors() throws Exception {
        if (diff || calls || behaviour != null || compare != null) {
            throw new ParameterException(spec.commandLine(), "--vectors measures a scenario file: leave out --diff, --calls, --behaviour and --compare");
        }
        if (threads.size() > 1 || threads.stream().anyMatch(t -> t < 1 || t > MAX_VCPUS)) {
            throw new ParameterException(spec.commandLine(), "with --vectors, --threads is one count from 1 to " + MAX_VCPUS + ", not " + threads);
        }
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
        }
        if (warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup must be 0 or more, not " + warmup);
        }
        if (!java.nio.file.Files.isRegularFile(vectors)) {
            throw new ParameterException(spec.commandLine(), "--vectors " + vectors + ": no such file (give a scenario file, "
                    + "for example scripts/bench/decision-mix.yaml)");
        }
        ConfigLayers layers = baseLayers();
        try (Session session = new Session()) {
            return VectorsBench.run(session, layers, vectors, threads.isEmpty() ? 1 : threads.get(0), warmup, count, json,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    private static int noQueues(java.io.PrintWriter err) {
        err.println("apvirt: bench: no queue of the bus is in the guest's matrix (APM x AQM); nothing ran.");
        return ExitCode.INVALID_INPUT;
    }

    /** The failure, then the machine's log (the script errors behind it), on stderr. */
    private static int failed(java.io.PrintWriter err, String failure, ApMachine machine) {
        err.println("apvirt: bench: " + failure);
        for (String line : machine.log()) {
            err.println("  " + line);
        }
        return ExitCode.EXPECTATION_FAILED;
    }

    /**
     * Starts the threads, waits until all have warmed up ({@code ready}), releases them together
     * ({@code go}) and returns the wall time until the last one has finished.
     */
    private static long startTogether(List<Thread> threads, CountDownLatch ready, CountDownLatch go)
            throws InterruptedException {
        threads.forEach(Thread::start);
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return System.nanoTime() - t0;
    }

    private Result measure(ApMachine machine, List<Apqn> queues) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(vcpus);
        CountDownLatch go = new CountDownLatch(1);
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            Vcpu cpu = machine.newVcpu();
            long slot = BUFFER_BASE + (long) i * SLOT;
            byte[] message = new byte[MESSAGE_LENGTH];
            for (int b = 0; b < MESSAGE_LENGTH; b++) {
                message[b] = (byte) (i * 16 + b);
            }
            machine.write(slot, message);
            Worker w = new Worker(cpu, queues.get(i % queues.size()), slot, slot + REPLY_BUFFER, warmup, pairs, ready, go);
            workers.add(w);
            Thread t = new Thread(w, "apvirt-bench-vcpu-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        long elapsed = startTogether(threads, ready, go);
        String failure = workers.stream().map(w -> w.failure).filter(f -> f != null).findFirst().orElse(null);
        return new Result(vcpus, pairs, warmup, elapsed, workers, machine.ledger(), machine.now(), machine.policyId(),
                machine.hookId(), behaviour, failure);
    }

    /**
     * The configuration layers, with every adapter of the guest's matrix given behaviour
     * {@code ref} (unchanged when it is {@code null}): its {@code devices} entry when it has one,
     * else a new entry after the configured ones.
     */
    ConfigLayers layers(Session session, String ref) {
        ConfigLayers base = baseLayers();
        if (ref == null) {
            return base;
        }
        ApvirtSettings configured = session.configuration().resolve(base);
        Map<String, String> sets = new LinkedHashMap<>();
        int next = configured.devices().size();
        for (int apid : new java.util.TreeSet<>(configured.matrix().adapters())) {
            int index = -1;
            for (int i = 0; i < configured.devices().size(); i++) {
                if (configured.devices().get(i).adapter() == apid) {
                    index = i;
                }
            }
            if (index < 0) {
                index = next++;
                sets.put(ConfigKeys.device(index, "adapter"), String.valueOf(apid));
            }
            sets.put(ConfigKeys.device(index, "behaviour"), ref);
        }
        return base.withSets(sets);
    }

    // ---- --calls ------------------------------------------------------------------------------

    /** The behaviour to compare with: --compare, else echo when --behaviour names a file; {@code null} for none. */
    String comparison() {
        if (compare != null) {
            return compare.equals("none") ? null : compare;
        }
        return behaviour != null && ComponentRef.parse(behaviour).argument() != null ? "echo" : null;
    }

    private Integer calls(Session session) throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<String> refs = new ArrayList<>();
        refs.add(behaviour);
        String other = comparison();
        if (other != null) {
            refs.add(other);
        }
        List<CallsRun> runs = new ArrayList<>();
        ApMachine last = null;
        for (String ref : refs) {
            ApvirtSettings settings = session.configuration().resolve(layers(session, ref));
            ApMachine machine = session.machines().create(settings);
            List<ApQueue> queues = callQueues(machine);
            if (queues.isEmpty()) {
                return noQueues(err);
            }
            CallsRun run = measureCalls(machine, ref, queues);
            runs.add(run);
            last = machine;
            if (run.failure() != null) {
                break;
            }
        }
        CallsReport report = new CallsReport(runs, last.policyId(), last.hookId());
        if (json) {
            out.print(Json.write(report.document()));
        } else {
            out.print(report.text());
        }
        out.flush();
        CallsRun failed = runs.get(runs.size() - 1);
        if (failed.failure() != null) {
            return failed(err, failed.label() + ": " + failed.failure(), last);
        }
        return ExitCode.OK;
    }

    /** The queues of the guest's matrix, the adapters taken in turn: 03.0005, 04.0005, 03.0006, 04.0006 ... */
    static List<ApQueue> callQueues(ApMachine machine) {
        Map<Integer, List<ApQueue>> byAdapter = new LinkedHashMap<>();
        for (ApQueue q : machine.bus().queues()) {
            if (machine.guest().inMatrix(q.apqn())) {
                byAdapter.computeIfAbsent(q.apqn().apid(), a -> new ArrayList<>()).add(q);
            }
        }
        List<ApQueue> out = new ArrayList<>();
        for (int k = 0; out.size() < byAdapter.values().stream().mapToInt(List::size).sum(); k++) {
            for (List<ApQueue> qs : byAdapter.values()) {
                if (k < qs.size()) {
                    out.add(qs.get(k));
                }
            }
        }
        return out;
    }

    private CallsRun measureCalls(ApMachine machine, String ref, List<ApQueue> queues) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(vcpus);
        CountDownLatch go = new CountDownLatch(1);
        int[] users = new int[queues.size()];
        for (int i = 0; i < vcpus; i++) {
            users[i % queues.size()]++;
        }
        List<CallWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            int q = i % queues.size();
            CallWorker w = new CallWorker(i, queues.get(q), users[q] > 1, warmup, pairs, ready, go);
            workers.add(w);
            Thread t = new Thread(w, "apvirt-bench-calls-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        long elapsed = startTogether(threads, ready, go);
        String failure = workers.stream().map(w -> w.failure).filter(f -> f != null).findFirst().orElse(null);
        if (failure == null) {
            for (ApQueue q : new LinkedHashSet<>(workers.stream().map(w -> w.queue).toList())) {
                var condition = q.card().behaviour().condition();
                if (condition != null) {
                    failure = "adapter " + q.adapter().card() + " answers " + rc(condition)
                            + " after the calls: its behaviour failed (see the machine log)";
                    break;
                }
            }
        }
        String label = ref != null ? ref : String.join(",", new LinkedHashSet<>(
                workers.stream().map(w -> w.queue.adapter().behaviour()).toList()));
        return new CallsRun(label, vcpus, pairs, warmup, elapsed, workers, failure);
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
                    .append(Math.round(callsPerSecond())).append(" calls/s, ").append(Result.fixed(nsPerCall())).append(" ns/call");
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
            d.put("calls-per-second", Result.round1(callsPerSecond()));
            d.put("ns-per-call", Result.round1(nsPerCall()));
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
            b.append("setup: ").append(MESSAGE_LENGTH).append("-byte requests, ").append(first.warmup())
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
                    .append(Environment.cpus()).append(" CPUs, JDK ").append(Environment.jdk()).append("; JVM ")
                    .append(Environment.vm()).append(Environment.flags().isEmpty() ? "" : ", flags "
                            + String.join(" ", Environment.flags())).append('\n');
            return b.toString();
        }

        Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("apvirt", ApvirtCli.version());
            d.put("mode", "calls");
            d.put("vcpus", runs.get(0).vcpus());
            d.put("calls", runs.get(0).calls());
            d.put("warmup", runs.get(0).warmup());
            d.put("message-bytes", MESSAGE_LENGTH);
            d.put("runs", runs.stream().map(CallsRun::document).toList());
            Double ratio = ratio();
            d.put("ratio", ratio == null ? null : Math.round(ratio * 100) / 100.0);
            d.put("policy", policy);
            d.put("hook", hook);
            d.put("cpus", Environment.cpus());
            d.put("jdk", Environment.jdk());
            d.put("vm", Environment.vm());
            d.put("jvm-flags", Environment.flags());
            return d;
        }
    }

    /** One vCPU thread: NQAP 4,6 then DQAP 10,8 until cc 0, on its own APQN. */
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
                    .append(Environment.cpus()).append(" CPUs, JDK ").append(Environment.jdk()).append('\n');
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
                    .append(" ticks; JVM ").append(Environment.vm()).append(Environment.flags().isEmpty() ? "" : ", flags "
                            + String.join(" ", Environment.flags())).append('\n');
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
            d.put("cpus", Environment.cpus());
            d.put("jdk", Environment.jdk());
            d.put("vm", Environment.vm());
            d.put("jvm-flags", Environment.flags());
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

    /** What the measurement ran on. */
    static final class Environment {
        private Environment() {
        }

        static int cpus() {
            return Runtime.getRuntime().availableProcessors();
        }

        static String jdk() {
            return Runtime.version().toString();
        }

        static String vm() {
            return System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                    + System.getProperty("java.vendor") + ")";
        }

        /**
         * The JVM's -X/-XX flags and its upgrade module path, by file name (the launcher's JIT, GC
         * and Graal compiler choices change the figures).
         */
        static List<String> flags() {
            try {
                return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X") || a.startsWith(UPGRADE))
                        .map(a -> a.startsWith(UPGRADE) ? UPGRADE + fileNames(a.substring(UPGRADE.length())) : a).toList();
            } catch (RuntimeException | LinkageError e) {
                return List.of();
            }
        }

        private static final String UPGRADE = "--upgrade-module-path=";

        private static String fileNames(String path) {
            return String.join(java.io.File.pathSeparator, Arrays.stream(path.split(java.io.File.pathSeparator))
                    .map(p -> p.isEmpty() ? p : String.valueOf(Path.of(p).getFileName())).toList());
        }
    }
}

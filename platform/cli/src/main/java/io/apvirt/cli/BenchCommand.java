package io.apvirt.cli;

import io.apvirt.cli.BenchCalls.CallWorker;
import io.apvirt.cli.BenchCalls.CallsReport;
import io.apvirt.cli.BenchCalls.CallsRun;
import io.apvirt.cli.BenchPairs.Result;
import io.apvirt.cli.BenchPairs.Worker;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.cli.render.Json;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.engine.internal.bus.ApQueue;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentRef;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.workload.QueuePair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
    static long startTogether(List<Thread> threads, CountDownLatch ready, CountDownLatch go)
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
                    failure = "adapter " + q.adapter().card() + " answers " + BenchCalls.rc(condition)
                            + " after the calls: its behaviour failed (see the machine log)";
                    break;
                }
            }
        }
        String label = ref != null ? ref : String.join(",", new LinkedHashSet<>(
                workers.stream().map(w -> w.queue.adapter().behaviour()).toList()));
        return new CallsRun(label, vcpus, pairs, warmup, elapsed, workers, failure);
    }

}

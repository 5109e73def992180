package io.apvirt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.cli.render.Describe;
import io.apvirt.cli.render.Table;
import io.apvirt.engine.config.ApvirtSettings;
import io.apvirt.engine.machine.ApMachine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure NQAP+DQAP pairs per second on the configured machine (16-byte messages to the echo devices).",
                "vCPU n uses queue n of the guest's matrix (round-robin when N exceeds the queues) and its own buffers in guest memory."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured, the message ledger balances", "1:an instruction failed or the ledger does not balance",
                "2:invalid configuration or command line"})
public class BenchCommand implements Callable<Integer> {

    /** Message and reply buffers: one 8 KiB slot per vCPU from here, message at +0, reply buffer at +4 KiB. */
    static final long BUFFER_BASE = 0x10000;
    static final int SLOT = 0x2000;
    static final int MESSAGE_LENGTH = 16;
    static final int REPLY_BUFFER = 4096;
    static final int MAX_VCPUS = 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1", description = "vCPU threads, each on its own APQN while there are enough, 1-" + MAX_VCPUS + " (default: ${DEFAULT-VALUE})")
    int vcpus;

    @Option(names = "--pairs", paramLabel = "M", defaultValue = "1000000", description = "Measured NQAP+DQAP pairs per vCPU (default: ${DEFAULT-VALUE})")
    long pairs;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "100000", description = "Warm-up pairs per vCPU before the measurement (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--json", description = "Print one JSON document instead of the summary, table and ledger lines")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new ParameterException(spec.commandLine(), "--vcpus must be between 1 and " + MAX_VCPUS + ", not " + vcpus);
        }
        if (pairs < 1) {
            throw new ParameterException(spec.commandLine(), "--pairs must be at least 1, not " + pairs);
        }
        if (warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup must be 0 or more, not " + warmup);
        }
        try (Session session = new Session()) {
            ApvirtSettings settings = session.configuration().resolve(config.layers());
            ApMachine machine = session.machines().create(settings);
            List<Apqn> queues = machine.queues().stream().map(QueueState::apqn).filter(machine.guest()::inMatrix).toList();
            var err = spec.commandLine().getErr();
            if (queues.isEmpty()) {
                err.println("apvirt: bench: no queue of the bus is in the guest's matrix (APM x AQM); nothing ran.");
                return ExitCode.INVALID_INPUT;
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
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result.document()));
            } else if (result.failure() == null) {
                out.print(result.text());
            } else {
                out.println("bench: stopped, nothing measured");
                out.println("ledger: " + result.ledgerText());
            }
            out.flush();
            if (result.failure() != null) {
                err.println("apvirt: bench: " + result.failure());
                return ExitCode.EXPECTATION_FAILED;
            }
            if (!result.ledgerHolds()) {
                err.println("apvirt: bench: the message ledger does not hold: " + result.ledgerText());
                return ExitCode.EXPECTATION_FAILED;
            }
            return ExitCode.OK;
        }
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
        threads.forEach(Thread::start);
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - t0;
        String failure = workers.stream().map(w -> w.failure).filter(f -> f != null).findFirst().orElse(null);
        return new Result(vcpus, pairs, warmup, elapsed, workers, machine.ledger(), machine.now(), machine.policyId(),
                machine.hookId(), failure);
    }

    /** One vCPU thread: NQAP 4,6 then DQAP 10,8 until cc 0, on its own APQN. */
    static final class Worker implements Runnable {
        private static final Instruction NQAP = Instruction.nqap(4, 6);
        private static final Instruction DQAP = Instruction.dqap(10, 8);

        final Vcpu cpu;
        final Apqn apqn;
        final long message;
        final long buffer;
        final long warmup;
        final long pairs;
        final CountDownLatch ready;
        final CountDownLatch go;
        final long nqapGr0;
        final long dqapGr0;
        long instructions;
        long dqapEmpty;
        long nqapFull;
        long measuredInstructions;
        long measuredDqapEmpty;
        long elapsedNs;
        long done;
        volatile String failure;

        Worker(Vcpu cpu, Apqn apqn, long message, long buffer, long warmup, long pairs, CountDownLatch ready, CountDownLatch go) {
            this.cpu = cpu;
            this.apqn = apqn;
            this.message = message;
            this.buffer = buffer;
            this.warmup = warmup;
            this.pairs = pairs;
            this.ready = ready;
            this.go = go;
            this.nqapGr0 = QueueGr0.nqap(apqn, true).encode();
            this.dqapGr0 = QueueGr0.dqap(apqn).encode();
        }

        @Override
        public void run() {
            boolean arrived = false;
            try {
                for (long i = 0; i < warmup; i++) {
                    pair(i);
                }
                ready.countDown();
                arrived = true;
                go.await();
                long i0 = instructions;
                long e0 = dqapEmpty;
                long t0 = System.nanoTime();
                for (long i = 0; i < pairs; i++) {
                    pair(warmup + i);
                }
                elapsedNs = System.nanoTime() - t0;
                measuredInstructions = instructions - i0;
                measuredDqapEmpty = dqapEmpty - e0;
            } catch (BenchFailure e) {
                failure = e.getMessage();
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

        private void pair(long n) {
            long psmid = ((long) cpu.id() << 32) | (n & 0xFFFFFFFFL);
            cpu.setGr(0, nqapGr0);
            cpu.setGr(4, psmid >>> 32);
            cpu.setGr(5, psmid & 0xFFFFFFFFL);
            cpu.setGr(6, message);
            cpu.setGr(7, MESSAGE_LENGTH);
            while (true) {
                Outcome o = cpu.execute(NQAP);
                instructions++;
                int rc = check(o, "NQAP");
                if (rc == 0) {
                    break;
                }
                nqapFull++; // RC 0x10: the queue is full (vCPUs sharing an APQN); try again
            }
            while (true) {
                cpu.setGr(0, dqapGr0);
                cpu.setGr(8, buffer);
                cpu.setGr(9, REPLY_BUFFER);
                Outcome o = cpu.execute(DQAP);
                instructions++;
                int rc = check(o, "DQAP");
                if (rc == 0) {
                    break;
                }
                dqapEmpty++; // RC 0x10: no reply ready yet
            }
            done++;
        }

        /** 0 for cc 0, 0x10 for cc 3 with RC 0x10; anything else ends the bench. */
        private int check(Outcome o, String what) {
            if (o instanceof Outcome.Completed c) {
                if (c.cc() == 0) {
                    return 0;
                }
                if (c.cc() == 3 && c.rc() == ResponseCode.Q_FULL_OR_NO_PENDING_REPLY.code()) {
                    return c.rc();
                }
            }
            throw new BenchFailure("vCPU " + cpu.id() + ": " + what + " " + apqn + " after " + done + " pairs: "
                    + Describe.brief(o) + " (rule " + o.rule().id() + ")");
        }
    }

    static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message, null, false, false);
        }
    }

    record Result(int vcpus, long pairs, long warmup, long elapsedNs, List<Worker> workers, ApMachine.Ledger ledger,
                  long ticks, String policy, String hook, String failure) {

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
            b.append("machine: policy ").append(policy).append(", hook ").append(hook).append(", ").append(ticks)
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
            d.put("ticks", ticks);
            d.put("cpus", Environment.cpus());
            d.put("jdk", Environment.jdk());
            d.put("vm", Environment.vm());
            d.put("jvm-flags", Environment.flags());
            d.put("failure", failure);
            return d;
        }

        private static String fixed(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }

        private static double round1(double v) {
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

        /** The JVM's -X/-XX flags (the launcher's JIT and GC choices change the figures). */
        static List<String> flags() {
            try {
                return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList();
            } catch (RuntimeException | LinkageError e) {
                return List.of();
            }
        }
    }
}

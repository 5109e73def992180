package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Assignment;
import io.apvirt.api.machine.AssignmentChange;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.FailedCall;
import io.apvirt.cli.CliTest.Result;
import io.apvirt.engine.internal.workload.StressReport;
import io.apvirt.engine.internal.workload.StressRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code apvirt stress}: the ledger balances exactly under faults and hostile scripts, the same
 * seed gives the same counts on one vCPU, and a planted bug (a vCPU double that swallows replies,
 * or delivers one twice) is caught as lost or duplicated.
 */
class StressCommandTest {

    static final String HOSTILE = "script:" + Path.of("../../scripts/hooks/stress-hostile.js").toAbsolutePath().normalize();
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode stress(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("stress", "--json", "--hostile", HOSTILE));
        all.addAll(List.of(args));
        Result r = run(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        JsonDocumentsTest.assertValid("stress", r.out());
        return MAPPER.readTree(r.out());
    }

    @Test
    void twoVcpusWithFaultsBalanceTheLedgerExactly() throws Exception {
        JsonNode d = stress("--vcpus", "2", "--instructions", "20000", "--faults", "--seed", "42");
        assertEquals("apvirt.stress/1", d.get("schema").asText());
        assertEquals(40000, d.get("instructions").asLong());
        long accepted = d.get("accepted").asLong();
        assertTrue(accepted > 1000, d.toString());
        assertEquals(accepted, d.get("replied").asLong() + d.get("dropped").asLong() + d.get("pending").asLong());
        assertEquals(0, d.get("lost").asLong());
        assertEquals(0, d.get("duplicated").asLong());
        assertTrue(d.get("balanced").asBoolean());
        assertTrue(d.get("passed").asBoolean());
        // the guest's side and the model's agree
        assertEquals(accepted, d.get("model").get("accepted").asLong());
        assertEquals(d.get("replied").asLong(), d.get("model").get("replied").asLong());
        assertTrue(d.get("dropped").asLong() > 0, "resets dropped messages");
        // every kind of fault happened, and each failed script call answered one request of the hostile adapter
        d.get("faults-by-kind").fields().forEachRemaining(e -> assertTrue(e.getValue().asLong() > 0, e.getKey() + " in " + d));
        long scriptFaults = 0;
        for (JsonNode n : d.get("script-faults")) {
            scriptFaults += n.asLong();
        }
        assertEquals(d.get("script-failures-logged").asLong(), scriptFaults + d.get("script-faults-unplanned").asLong());
        assertTrue(d.get("contained").asBoolean());
        assertEquals("checkstopped", d.get("model").get("adapters").get("06").asText());
        assertEquals("deconfigured", d.get("model").get("adapters").get("04").asText());
        assertEquals("online", d.get("model").get("adapters").get("03").asText());
    }

    static JsonNode perVcpuWithoutTime(JsonNode d) {
        JsonNode per = d.get("per-vcpu").deepCopy();
        for (JsonNode v : per) {
            ((ObjectNode) v).remove("elapsed-ns");
        }
        return per;
    }

    @Test
    void theSameSeedGivesTheSameCountsOnOneVcpuAndAnotherSeedOthers() throws Exception {
        JsonNode a = stress("--vcpus", "1", "--instructions", "5000", "--faults", "--seed", "7");
        JsonNode b = stress("--vcpus", "1", "--instructions", "5000", "--faults", "--seed", "7");
        JsonNode c = stress("--vcpus", "1", "--instructions", "5000", "--faults", "--seed", "8");
        assertEquals(perVcpuWithoutTime(a), perVcpuWithoutTime(b));
        for (String key : List.of("accepted", "replied", "dropped", "pending", "faults")) {
            assertEquals(a.get(key), b.get(key), key);
        }
        assertNotEquals(perVcpuWithoutTime(a), perVcpuWithoutTime(c));
    }

    @Test
    void theTextEndsWithTheLedgerHeapAndSummaryLines() {
        Result r = run("stress", "--vcpus", "1", "--instructions", "2000", "--seed", "3");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("stress: 1 vCPU x 2000 instructions, faults off, seed 3; policy mainline, hook vfio-ap", lines[0]);
        assertEquals("VCPU  INSTRUCTIONS  NQAP  ACCEPTED  DQAP  REPLIES  FAULTS  ELAPSED-MS", lines[1]);
        assertTrue(lines[lines.length - 3].startsWith("ledger: accepted "), r.out());
        assertTrue(lines[lines.length - 2].startsWith("heap: peak "), r.out());
        assertTrue(lines[lines.length - 1].matches("SUMMARY: 2000 instructions, 0 faults, [0-9]+ messages accepted; lost 0, duplicated 0: PASS"),
                r.out());
    }

    @Test
    void badArgumentsAreExit2WithWhatToDo() {
        Result r = run("stress", "--vcpus", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("--vcpus must be between 1 and 1024, not 0"), r.err());
        r = run("stress", "--seed", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("--seed x: not a number from 0 to 18446744073709551615 (decimal or 0x hex)"), r.err());
        r = run("stress", "--instructions", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("--instructions must be between 1 and 4294967295"), r.err());
        r = run("stress", "--hostile", "echo");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("--hostile needs --faults"), r.err());
    }

    // ---- planted bugs: the check can fail ---------------------------------------------------------------

    /** A vCPU that hands every call to {@code cpu}; a planted bug overrides {@link #execute}. */
    abstract static class DelegatingVcpu implements Vcpu {
        final Vcpu cpu;

        DelegatingVcpu(Vcpu cpu) {
            this.cpu = cpu;
        }

        public int id() { return cpu.id(); }
        public long gr(int r) { return cpu.gr(r); }
        public void setGr(int r, long v) { cpu.setGr(r, v); }
        public boolean problemState() { return cpu.problemState(); }
        public void setProblemState(boolean p) { cpu.setProblemState(p); }
        public int cc() { return cpu.cc(); }
        public Outcome execute(Instruction instruction) { return cpu.execute(instruction); }
    }

    /** A vCPU that swallows every {@code every}-th reply DQAP delivered (the guest is told cc 3 RC 0x10). */
    static final class Buggy extends DelegatingVcpu {
        final int every;
        final AtomicLong planted;
        long replies;

        Buggy(Vcpu cpu, int every, AtomicLong planted) {
            super(cpu);
            this.every = every;
            this.planted = planted;
        }

        @Override
        public Outcome execute(Instruction instruction) {
            Outcome o = cpu.execute(instruction);
            if (instruction instanceof Instruction.Dqap && o instanceof Outcome.Completed c && c.cc() == 0 && ++replies % every == 0) {
                planted.incrementAndGet();
                return new Outcome.Completed(c.level(), c.rule(), null, 3, 0x0010_0000L, c.placement());
            }
            return o;
        }
    }

    /** The machine with every vCPU wrapped by {@code wrap} (a planted bug). */
    record WrappingMachine(Machine m, java.util.function.UnaryOperator<Vcpu> wrap) implements Machine {
        public String policyId() { return m.policyId(); }
        public String hookId() { return m.hookId(); }
        public HostModel host() { return m.host(); }
        public GuestModel guest() { return m.guest(); }
        public Vcpu newVcpu() { return wrap.apply(m.newVcpu()); }
        public long now() { return m.now(); }
        public List<QueueState> queues() { return m.queues(); }
        public byte[] read(long a, int n) { return m.read(a, n); }
        public void write(long a, byte[] d) { m.write(a, d); }
        public void reset() { m.reset(); }
        public List<Integer> pendingInterrupts() { return m.pendingInterrupts(); }
        public List<String> log() { return m.log(); }
        public List<FailedCall> failedCalls() { return m.failedCalls(); }
        public Assignment assignment() { return m.assignment(); }
        public void changeAssignment(AssignmentChange c) { m.changeAssignment(c); }
    }

    static StressReport buggyRun(AtomicLong planted) throws Exception {
        StressCommand command = new StressCommand();
        command.vcpus = 2;
        command.instructions = 5000;
        command.hostile = StressCommand.HOSTILE_SCRIPT;
        try (Session session = new Session()) {
            StressCommand.Setup s = StressCommand.setup(session, command.layers(5), 2, 5000, false, 5, Duration.ofSeconds(5));
            return StressRun.run(new WrappingMachine(s.machine(), cpu -> new Buggy(cpu, 7, planted)), s.plan());
        }
    }

    @Test
    void aVcpuThatSwallowsRepliesIsCaughtAsLostExactly() throws Exception {
        AtomicLong swallowed = new AtomicLong();
        StressReport r = buggyRun(swallowed);
        assertTrue(swallowed.get() > 10, "replies swallowed: " + swallowed);
        assertEquals(swallowed.get(), r.lost());
        assertEquals(0, r.duplicated());
        assertEquals(false, r.passed());
    }

    /** The guest's ledger: a reply delivered twice, on the wrong queue, with a PSMID not its own, or never accepted is duplicated. */
    @Test
    void aReplyDeliveredTwiceIsCaughtAsDuplicated() throws Exception {
        var ledger = new io.apvirt.engine.internal.workload.StressLedger(1, 10);
        var q = new io.apvirt.api.arch.Apqn(3, 5);
        long id = io.apvirt.engine.internal.workload.StressMessage.id(0, 4);
        byte[] reply = new io.apvirt.engine.internal.workload.StressMessage(id, q, 0, 0).encode();
        ledger.accepted(id);
        ledger.delivered(q, id, reply);
        ledger.delivered(q, id, reply);                                   // twice
        ledger.delivered(new io.apvirt.api.arch.Apqn(4, 5), id, reply);   // on the wrong queue
        ledger.delivered(q, id + 1, reply);                               // PSMID not the message's
        long never = io.apvirt.engine.internal.workload.StressMessage.id(0, 6);
        ledger.delivered(q, never, new io.apvirt.engine.internal.workload.StressMessage(never, q, 0, 0).encode());
        var c = ledger.counts();
        assertEquals(new io.apvirt.engine.internal.workload.StressLedger.Counts(1, 1, 1, 1, 1, 1), c);
        assertEquals(4, c.duplicated());
    }

    // ---- the watchdog: a run that stops progressing is reported with the vCPUs' stacks -------------------

    /** A vCPU that hangs (waits on {@code release}) from its {@code after}-th instruction on. */
    static final class Hanging extends DelegatingVcpu {
        final long after;
        final java.util.concurrent.CountDownLatch release;
        long executed;

        Hanging(Vcpu cpu, long after, java.util.concurrent.CountDownLatch release) {
            super(cpu);
            this.after = after;
            this.release = release;
        }

        @Override
        public Outcome execute(Instruction instruction) {
            if (++executed == after) {
                hang();
            }
            return cpu.execute(instruction);
        }

        void hang() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aRunThatStopsProgressingIsReportedStalledWithTheVcpuStacks() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        StressCommand command = new StressCommand();
        command.vcpus = 1;
        command.instructions = 5000;
        try (Session session = new Session()) {
            StressCommand.Setup s = StressCommand.setup(session, command.layers(5), 1, 5000, false, 5, Duration.ofMillis(300));
            StressReport r;
            try {
                r = StressRun.run(new WrappingMachine(s.machine(), cpu -> new Hanging(cpu, 100, release)), s.plan());
            } finally {
                release.countDown();
            }
            assertTrue(r.stalled() != null, "the watchdog did not report the hang");
            assertTrue(r.stalled().startsWith("no vCPU progressed for 300 ms (99 instructions done)\n"), r.stalled());
            assertTrue(r.stalled().contains("deadlocked threads: none\n"), r.stalled());
            assertTrue(r.stalled().contains("vCPU 0 (99 instructions): "), r.stalled());
            assertTrue(r.stalled().contains("apvirt-stress-vcpu-0 WAITING on java.util.concurrent.CountDownLatch"), r.stalled());
            assertTrue(r.stalled().contains("io.apvirt.cli.StressCommandTest$Hanging.hang(StressCommandTest.java:"), r.stalled());
            assertEquals(false, r.passed());
        }
    }
}

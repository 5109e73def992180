package io.apvirt.engine.internal.bus;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger under load (docs/design.md#speed-and-load): 8 vCPU threads each
 * enqueue 100,000 messages on 4 shared queues, dequeue whatever is ready, and now and then
 * reset a queue with RAPQ or ZAPQ or switch its interrupts. Afterwards every accepted
 * message was replied to exactly once, with its own data, or dropped by a reset, and the
 * machine's ledger agrees with what the vCPUs saw. A deadlock fails the test by timeout.
 */
class ConcurrentLedgerTest {

    static final int VCPUS = 8;
    static final int MESSAGES = 100_000;
    static final List<Apqn> QUEUES = List.of(new Apqn(3, 5), new Apqn(3, 6), new Apqn(4, 5), new Apqn(4, 6));
    static final int RC_MASK = Apqsw.WORD_RC;

    /** What one vCPU saw. */
    static final class Seen {
        final BitSet accepted = new BitSet(MESSAGES);
        long acceptedCount;
        long dequeued;
        final List<String> errors = new ArrayList<>();
    }

    final AtomicIntegerArray[] replies = new AtomicIntegerArray[VCPUS];
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    @Test
    void eightVcpusWithRandomResetsLoseAndDuplicateNothing() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), this::run);
    }

    private void run() throws Exception {
        BusFixture.Builder b = BusFixture.bus();
        b.adapter(BusFixture.spec(3, 4, 0, 1, 2), BusFixture.ECHO, FaultPlan.NONE);
        b.adapter(BusFixture.spec(4, 4, 0, 2, 3), BusFixture.ECHO, FaultPlan.NONE);
        BusFixture fixture = b.build();
        ApMachine machine = fixture.machine;
        for (int i = 0; i < VCPUS; i++) {
            replies[i] = new AtomicIntegerArray(MESSAGES);
        }
        Seen[] seen = new Seen[VCPUS];
        Thread[] threads = new Thread[VCPUS];
        CyclicBarrier start = new CyclicBarrier(VCPUS);
        for (int t = 0; t < VCPUS; t++) {
            int id = t;
            seen[t] = new Seen();
            Vcpu cpu = machine.newVcpu();
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    drive(machine, cpu, id, seen[id]);
                } catch (Throwable e) {
                    errors.add("vCPU " + id + ": " + e);
                }
            }, "vcpu-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), List.copyOf(errors));

        // drain: wait out running resets, then dequeue every reply left, on one vCPU
        Vcpu cpu = machine.newVcpu();
        long drained = 0;
        for (Apqn q : QUEUES) {
            while (true) {
                int word = dqap(cpu, q, 0xF0000L, 0xF8000L, 64);
                if (word == -1) {
                    drained++;
                    record(cpu, 0xF8000L, machine);
                } else if ((word & RC_MASK) == (ResponseCode.RESET_IN_PROGRESS.code() << 16)
                        || ((word & Apqsw.WORD_E) == 0 && (word & RC_MASK) != 0)) {
                    continue; // reset running, or replies not ready yet
                } else {
                    break;   // RC 0x10 with E: empty
                }
            }
        }
        assertEquals(List.of(), List.copyOf(errors));

        long accepted = 0;
        long dequeued = drained;
        for (Seen s : seen) {
            accepted += s.acceptedCount;
            dequeued += s.dequeued;
        }
        long repliedOnce = 0;
        long notReplied = 0;
        for (int t = 0; t < VCPUS; t++) {
            for (int n = 0; n < MESSAGES; n++) {
                int r = replies[t].get(n);
                boolean wasAccepted = seen[t].accepted.get(n);
                if (r > 1) {
                    throw new AssertionError("message " + t + "/" + n + " was replied to " + r + " times");
                }
                if (r == 1 && !wasAccepted) {
                    throw new AssertionError("message " + t + "/" + n + " was replied to but never accepted");
                }
                if (wasAccepted) {
                    if (r == 1) repliedOnce++;
                    else notReplied++;
                }
            }
        }
        ApMachine.Ledger ledger = machine.ledger();
        assertEquals(accepted, ledger.accepted(), "accepted NQAPs the vCPUs saw");
        assertEquals(dequeued, ledger.replied(), "replies the vCPUs dequeued");
        assertEquals(repliedOnce, ledger.replied());
        assertEquals(notReplied, ledger.dropped(), "every message not replied to was dropped by a reset");
        assertEquals(0, ledger.pending());
        assertTrue(ledger.balanced());
        assertTrue(ledger.dropped() > 0, "the random resets dropped messages");
        assertEquals((long) VCPUS * MESSAGES, accepted, "every vCPU got all its messages accepted eventually");
    }

    /** Enqueue MESSAGES messages, each retried until accepted; dequeue after each; sometimes reset. */
    private void drive(ApMachine machine, Vcpu cpu, int id, Seen seen) {
        SplittableRandom random = new SplittableRandom(42 + id);
        long message = 0x40000L + id * 0x10000L;
        long buffer = message + 0x8000;
        for (int n = 0; n < MESSAGES; n++) {
            long psmid = ((long) id << 32) | n;
            machine.write(message, ByteBuffer.allocate(8).putLong(psmid).array());
            while (true) {
                Apqn q = QUEUES.get(random.nextInt(QUEUES.size()));
                int roll = random.nextInt(2000);
                if (roll == 0) {
                    pqap(cpu, random.nextBoolean() ? FunctionCode.RAPQ : FunctionCode.ZAPQ, q);
                } else if (roll == 1) {
                    ApQueue queue = machine.bus().queue(q.encode());
                    queue.aqic(machine.now(), random.nextBoolean(), id & 7, 0x1000 + id);
                }
                cpu.setGr(0, QueueGr0.nqap(q, true).encode());
                cpu.setGr(4, psmid >>> 32);
                cpu.setGr(5, psmid & 0xFFFFFFFFL);
                cpu.setGr(6, message);
                cpu.setGr(7, 8);
                Outcome.Completed c = (Outcome.Completed) cpu.execute(Instruction.nqap(4, 6));
                if (c.cc() == 0) {
                    seen.accepted.set(n);
                    seen.acceptedCount++;
                    break;
                }
                int rc = c.rc();
                if (rc != ResponseCode.Q_FULL_OR_NO_PENDING_REPLY.code() && rc != ResponseCode.RESET_IN_PROGRESS.code()) {
                    throw new AssertionError("NQAP " + q + ": unexpected RC " + rc);
                }
                dequeueOne(machine, cpu, q, message, buffer, seen);
            }
            dequeueOne(machine, cpu, QUEUES.get(random.nextInt(QUEUES.size())), message, buffer, seen);
        }
    }

    private void dequeueOne(ApMachine machine, Vcpu cpu, Apqn q, long message, long buffer, Seen seen) {
        if (dqap(cpu, q, message, buffer, 64) == -1) {
            seen.dequeued++;
            record(cpu, buffer, machine);
        }
    }

    /** Checks the reply's data against its PSMID and counts it. */
    private void record(Vcpu cpu, long buffer, ApMachine machine) {
        long psmid = (cpu.gr(4) << 32) | (cpu.gr(5) & 0xFFFFFFFFL);
        long data = ByteBuffer.wrap(machine.read(buffer, 8)).getLong();
        if (data != psmid) {
            errors.add(String.format("reply for PSMID %x carries data %x", psmid, data));
            return;
        }
        replies[(int) (psmid >>> 32)].incrementAndGet((int) psmid);
    }

    /** DQAP: -1 when a whole reply was received, else the status word. */
    private static int dqap(Vcpu cpu, Apqn q, long message, long buffer, long length) {
        cpu.setGr(0, QueueGr0.dqap(q).encode());
        cpu.setGr(8, buffer);
        cpu.setGr(9, length);
        Outcome.Completed c = (Outcome.Completed) cpu.execute(Instruction.dqap(4, 8));
        if (c.cc() == 0) {
            return -1;
        }
        if (c.cc() != 3) {
            throw new AssertionError("DQAP " + q + ": cc " + c.cc());
        }
        int rc = c.rc();
        if (rc != ResponseCode.Q_FULL_OR_NO_PENDING_REPLY.code() && rc != ResponseCode.RESET_IN_PROGRESS.code()) {
            throw new AssertionError("DQAP " + q + ": unexpected RC " + rc);
        }
        return (int) c.status();
    }

    private static void pqap(Vcpu cpu, FunctionCode fc, Apqn q) {
        cpu.setGr(0, PqapGr0.of(fc, q).encode());
        Outcome.Completed c = (Outcome.Completed) cpu.execute(Instruction.PQAP);
        if (c.cc() != 0 && c.rc() != ResponseCode.RESET_IN_PROGRESS.code()) {
            throw new AssertionError(fc + " " + q + ": RC " + c.rc());
        }
    }
}

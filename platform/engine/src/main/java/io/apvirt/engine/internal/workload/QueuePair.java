package io.apvirt.engine.internal.workload;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;

/**
 * One vCPU's NQAP+DQAP pairs on one queue: NQAP of a {@value #MESSAGE_LENGTH}-byte request at
 * {@code message} (PSMID: vCPU id in the high word, the pair's number in the low word), then DQAP
 * into {@code buffer} until the reply is there. NQAP on a full queue (vCPUs sharing an APQN) is
 * retried. Not thread-safe: one driver per vCPU thread.
 */
public final class QueuePair {

    public static final int MESSAGE_LENGTH = 16;
    public static final int REPLY_BUFFER = 4096;
    private static final Instruction NQAP = Instruction.nqap(4, 6);
    private static final Instruction DQAP = Instruction.dqap(10, 8);

    private final Vcpu cpu;
    private final Apqn apqn;
    private final long message;
    private final long buffer;
    private final long nqapGr0;
    private final long dqapGr0;
    private long instructions;
    private long dqapEmpty;
    private long nqapFull;
    private long pairs;

    public QueuePair(Vcpu cpu, Apqn apqn, long message, long buffer) {
        this.cpu = cpu;
        this.apqn = apqn;
        this.message = message;
        this.buffer = buffer;
        this.nqapGr0 = QueueGr0.nqap(apqn, true).encode();
        this.dqapGr0 = QueueGr0.dqap(apqn).encode();
    }

    /**
     * Pair number {@code n}.
     *
     * @throws Failure when an instruction ends other than cc 0 or RC 0x10 (queue full, no reply yet)
     */
    public void pair(long n) {
        long psmid = ((long) cpu.id() << 32) | (n & 0xFFFFFFFFL);
        cpu.setGr(0, nqapGr0);
        cpu.setGr(4, psmid >>> 32);
        cpu.setGr(5, psmid & 0xFFFFFFFFL);
        cpu.setGr(6, message);
        cpu.setGr(7, MESSAGE_LENGTH);
        while (true) {
            Outcome o = cpu.execute(NQAP);
            instructions++;
            if (check(o, "NQAP") == 0) {
                break;
            }
            nqapFull++;
        }
        while (true) {
            cpu.setGr(0, dqapGr0);
            cpu.setGr(8, buffer);
            cpu.setGr(9, REPLY_BUFFER);
            Outcome o = cpu.execute(DQAP);
            instructions++;
            if (check(o, "DQAP") == 0) {
                break;
            }
            dqapEmpty++;
        }
        pairs++;
    }

    /** 0 for cc 0, 0x10 for cc 3 with RC 0x10; anything else is a {@link Failure}. */
    private int check(Outcome o, String what) {
        if (o instanceof Outcome.Completed c) {
            if (c.cc() == 0) {
                return 0;
            }
            if (c.cc() == 3 && c.rc() == ResponseCode.Q_FULL_OR_NO_PENDING_REPLY.code()) {
                return c.rc();
            }
        }
        throw new Failure(cpu.id(), what, apqn, pairs, o);
    }

    public Vcpu cpu() {
        return cpu;
    }

    public Apqn apqn() {
        return apqn;
    }

    /** Instructions executed so far (NQAP and DQAP, retries included). */
    public long instructions() {
        return instructions;
    }

    /** DQAPs that found no reply ready (RC 0x10). */
    public long dqapEmpty() {
        return dqapEmpty;
    }

    /** NQAPs refused by a full queue (RC 0x10). */
    public long nqapFull() {
        return nqapFull;
    }

    /** Pairs completed. */
    public long pairs() {
        return pairs;
    }

    /** An instruction of the pair did not end as a pair may: which, on which queue, after how many pairs, and how. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;
        private final String instruction;
        private final int vcpu;
        private final Apqn apqn;
        private final long pairs;

        Failure(int vcpu, String instruction, Apqn apqn, long pairs, Outcome outcome) {
            super("vCPU " + vcpu + ": " + instruction + " " + apqn + " after " + pairs + " pairs: " + outcome
                    + " (rule " + outcome.rule().id() + ")", null, false, false);
            this.vcpu = vcpu;
            this.instruction = instruction;
            this.apqn = apqn;
            this.pairs = pairs;
            this.outcome = outcome;
        }

        /** {@code vCPU 0: NQAP 03.0005 after 49 pairs: } followed by the outcome as {@code describe} puts it. */
        public String describe(java.util.function.Function<Outcome, String> describe) {
            return "vCPU " + vcpu + ": " + instruction + " " + apqn + " after " + pairs + " pairs: " + describe.apply(outcome)
                    + " (rule " + outcome.rule().id() + ")";
        }

        public Outcome outcome() {
            return outcome;
        }
    }
}

package io.apvirt.engine.internal.workload;

import io.apvirt.api.arch.Apqn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The guest's side of the message ledger of {@code apvirt stress}: which ids each vCPU's NQAPs
 * got accepted (cc 0), and which ids DQAP delivered, on any vCPU. A bit per instruction of each
 * vCPU, so the ledger is as big as the run ({@code vcpus x instructions / 8} bytes twice) and
 * needs no lock: acceptances are written by their own vCPU only, deliveries are set with an
 * atomic OR, whose old value says whether the id had been delivered before.
 * <p>
 * An accepted id delivered (on its own queue) is replied; a second delivery of an id, a reply on
 * a queue other than the one its message names (not recorded as a delivery), a reply whose bytes
 * are no stress message or whose PSMID is not the message's id, and an id delivered that was
 * never accepted are counted as duplicated.
 */
public final class StressLedger {

    private static final VarHandle BITS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long instructions;
    private final long[][] accepted;
    private final long[][] delivered;
    private final java.util.concurrent.atomic.LongAdder redelivered = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder misrouted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder garbled = new java.util.concurrent.atomic.LongAdder();

    public StressLedger(int vcpus, long instructions) {
        this.instructions = instructions;
        int words = (int) ((instructions + 63) / 64);
        accepted = new long[vcpus][words];
        delivered = new long[vcpus][words];
    }

    /** NQAP of message {@code id} ended with cc 0 (called by the vCPU that sent it). */
    public void accepted(long id) {
        int vcpu = (int) (id >>> 32);
        long n = id & 0xFFFFFFFFL;
        accepted[vcpu][(int) (n >>> 6)] |= 1L << n;
    }

    /** DQAP on {@code queue} delivered {@code reply} with {@code psmid}. */
    public void delivered(Apqn queue, long psmid, byte[] reply) {
        StressMessage m = StressMessage.decode(reply);
        int vcpu = (int) (psmid >>> 32);
        long n = psmid & 0xFFFFFFFFL;
        if (m == null || m.id() != psmid || vcpu >= delivered.length || n >= instructions) {
            garbled.increment();
            return;
        }
        if (!m.apqn().equals(queue)) {
            misrouted.increment();
            return;
        }
        long bit = 1L << n;
        long before = (long) BITS.getAndBitwiseOr(delivered[vcpu], (int) (n >>> 6), bit);
        if ((before & bit) != 0) {
            redelivered.increment();
        }
    }

    /** The counts, once every vCPU has stopped (their threads joined). */
    public Counts counts() {
        long a = 0;
        long r = 0;
        long unknown = 0;
        for (int v = 0; v < accepted.length; v++) {
            for (int w = 0; w < accepted[v].length; w++) {
                long d = (long) BITS.getVolatile(delivered[v], w);
                a += Long.bitCount(accepted[v][w]);
                r += Long.bitCount(d & accepted[v][w]);
                unknown += Long.bitCount(d & ~accepted[v][w]);
            }
        }
        return new Counts(a, r, redelivered.sum(), misrouted.sum(), garbled.sum(), unknown);
    }

    /**
     * @param accepted    NQAPs that ended with cc 0
     * @param replied     accepted messages delivered once, on their own queue
     * @param redelivered deliveries of an id delivered before
     * @param misrouted   first deliveries on a queue other than the message's
     * @param garbled     replies that are no stress message, or whose PSMID is not the message's id
     * @param unknown     ids delivered that were never accepted
     */
    public record Counts(long accepted, long replied, long redelivered, long misrouted, long garbled, long unknown) {
        /** Replies seen twice, to the wrong queue, garbled or never sent. */
        public long duplicated() {
            return redelivered + misrouted + garbled + unknown;
        }
    }
}

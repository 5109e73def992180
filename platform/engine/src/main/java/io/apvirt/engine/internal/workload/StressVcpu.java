package io.apvirt.engine.internal.workload;

import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.AssignmentChange;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One vCPU thread of {@code apvirt stress}: {@code instructions} guest instructions drawn from its
 * own seeded stream, and with faults the events of {@link Fault} between them. Of 1000 draws:
 * {@value #FAULT_PER_MILLE} a fault (with faults on), then NQAP 30 %, DQAP 30 %, PQAP the rest
 * (every function code, undefined ones and reserved GR0 bits too; see {@link #pqap}). A queue is
 * one of the matrix (90 %) or one outside it (10 %). One instruction in 50 of NQAP and DQAP sets a
 * reserved GR0 bit (a specification exception); one instruction in 100 runs in problem state.
 * A request to a hostile adapter carries a {@link ScriptFault} once in {@value #SCRIPT_FAULT_ONE_IN}.
 * Not thread-safe: one per thread.
 */
public final class StressVcpu implements Runnable {

    static final int FAULT_PER_MILLE = 2;
    static final int SCRIPT_FAULT_ONE_IN = 64;
    private static final int REPLY_BUFFER = 4096;
    private static final Instruction NQAP = Instruction.nqap(4, 6);
    private static final Instruction DQAP = Instruction.dqap(10, 8);

    /** The faults a vCPU injects between its instructions, through the machine's API. */
    public enum Fault {
        /** {@link Machine#reset()}: vfio_ap resets every queue of the guest (docs/architecture.md#6.6). */
        VM_RESET("vm-reset"),
        /** {@code unassign_adapter}: the adapter leaves the guest, its queues are reset (docs/architecture.md#12.2). */
        UNASSIGN_ADAPTER("unassign-adapter"),
        ASSIGN_ADAPTER("assign-adapter"),
        /** {@code unassign_domain}: the domain leaves the guest on every adapter (docs/architecture.md#12.2). */
        UNASSIGN_DOMAIN("unassign-domain"),
        ASSIGN_DOMAIN("assign-domain");

        private final String id;

        Fault(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Machine machine;
    private final Vcpu cpu;
    private final StressPlan plan;
    private final StressLedger ledger;
    private final SplittableRandom random;
    private final long slot;
    final OutcomeCounts outcomes = new OutcomeCounts();
    private volatile long done;
    long nqap;
    long accepted;
    long dqap;
    long delivered;
    final long[] faults = new long[Fault.values().length];
    /** Per {@link ScriptFault} ordinal: requests sent with it, and those the device answered with RC 0x05 (the failure answer). */
    final long[] planted = new long[ScriptFault.values().length];
    final long[] answered = new long[ScriptFault.values().length];
    /** Requests with a script fault the device accepted (cc 0): a failure that did not reach the guest. */
    long unanswered;
    /** RC 0x05 or 0x04 from an adapter that is neither hostile nor configured to checkstop: a fault that left its device. */
    long escaped;
    /**
     * RC 0x05 from a hostile adapter for a request without a planted fault: a failed call of its own
     * (an echo stopped by the call deadline when the thread was starved); it stays with its device.
     */
    long unplanned;
    long elapsedNs;
    volatile String failure;

    StressVcpu(Machine machine, StressPlan plan, StressLedger ledger, SplittableRandom random) {
        this.machine = machine;
        this.cpu = machine.newVcpu();
        this.plan = plan;
        this.ledger = ledger;
        this.random = random;
        this.slot = plan.bufferBase() + (long) cpu.id() * StressPlan.SLOT;
    }

    public int id() {
        return cpu.id();
    }

    /** Instructions executed so far (read by the watchdog from another thread). */
    public long done() {
        return done;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        try {
            for (long n = 0; n < plan.instructions(); n++) {
                int draw = random.nextInt(1000);
                if (plan.faults() && draw < FAULT_PER_MILLE) {
                    fault();
                    draw = FAULT_PER_MILLE + random.nextInt(1000 - FAULT_PER_MILLE);
                }
                boolean problemState = random.nextInt(100) == 0;
                cpu.setProblemState(problemState);
                if (draw < 300) {
                    nqap(n);
                } else if (draw < 600) {
                    dqap();
                } else {
                    pqap();
                }
                done = n + 1;
            }
        } catch (RuntimeException | Error e) {
            failure = "vCPU " + cpu.id() + " after " + done + " instructions: " + e;
        } finally {
            elapsedNs = System.nanoTime() - t0;
        }
    }

    private Apqn queue() {
        List<Apqn> from = plan.outside().isEmpty() || random.nextInt(10) != 0 ? plan.matrix() : plan.outside();
        return from.get(random.nextInt(from.size()));
    }

    private void nqap(long n) {
        Apqn q = queue();
        ScriptFault fault = null;
        if (plan.faults() && plan.hostile().contains(q.apid()) && random.nextInt(SCRIPT_FAULT_ONE_IN) == 0) {
            fault = ScriptFault.values()[random.nextInt(ScriptFault.values().length)];
        }
        long id = StressMessage.id(cpu.id(), n);
        machine.write(slot, new StressMessage(id, q, fault == null ? 0 : fault.code(), random.nextInt(256)).encode());
        long gr0 = QueueGr0.nqap(q, true).encode();
        cpu.setGr(0, random.nextInt(50) == 0 ? gr0 | QueueGr0.NQAP_RESERVED : gr0);
        cpu.setGr(4, id >>> 32);
        cpu.setGr(5, id & 0xFFFFFFFFL);
        cpu.setGr(6, slot);
        cpu.setGr(7, StressMessage.LENGTH);
        Outcome o = cpu.execute(NQAP);
        outcomes.count(OutcomeCounts.Op.NQAP, o);
        nqap++;
        if (fault != null) {
            planted[fault.ordinal()]++;
        }
        if (o instanceof Outcome.Completed c) {
            if (c.cc() == 0) {
                ledger.accepted(id);
                accepted++;
                if (fault != null) {
                    unanswered++;
                }
            } else if (c.cc() == 3 && c.rc() == ResponseCode.BUSY.code() && fault != null) {
                answered[fault.ordinal()]++;
            } else {
                checkContained(q, c);
            }
        }
    }

    private void dqap() {
        Apqn q = queue();
        long gr0 = QueueGr0.dqap(q).encode();
        cpu.setGr(0, random.nextInt(50) == 0 ? gr0 | QueueGr0.DQAP_RESERVED : gr0);
        cpu.setGr(8, slot + 0x1000);
        cpu.setGr(9, REPLY_BUFFER);
        Outcome o = cpu.execute(DQAP);
        outcomes.count(OutcomeCounts.Op.DQAP, o);
        dqap++;
        if (o instanceof Outcome.Completed c) {
            if (c.cc() == 0) {
                long psmid = (cpu.gr(10) << 32) | (cpu.gr(11) & 0xFFFFFFFFL);
                ledger.delivered(q, psmid, machine.read(slot + 0x1000, (int) (REPLY_BUFFER - cpu.gr(9))));
                delivered++;
            } else {
                checkContained(q, c);
            }
        }
    }

    /** RC 0x05 is the hostile script's failure answer only; RC 0x04 only an adapter configured to checkstop gives. */
    private void checkContained(Apqn q, Outcome.Completed c) {
        if (c.cc() != 3) {
            return;
        }
        boolean hostile = plan.hostile().contains(q.apid());
        if (c.rc() == ResponseCode.BUSY.code() && hostile) {
            unplanned++;
        } else if (c.rc() == ResponseCode.BUSY.code()
                || (c.rc() == ResponseCode.CHECKSTOPPED.code() && !plan.checkstopping().contains(q.apid()))) {
            escaped++;
        }
    }

    /** A PQAP: the function code and its operands drawn, then executed. */
    private void pqap() {
        Apqn q = queue();
        int draw = random.nextInt(100);
        OutcomeCounts.Op op;
        long gr0;
        if (draw < 20) {
            op = OutcomeCounts.Op.TAPQ;
            gr0 = PqapGr0.of(FunctionCode.TAPQ, q).withT(random.nextBoolean()).encode();
        } else if (draw < 28) {
            op = OutcomeCounts.Op.RAPQ;
            gr0 = PqapGr0.of(FunctionCode.RAPQ, q).withF(random.nextInt(4) == 0).encode();
        } else if (draw < 36) {
            op = OutcomeCounts.Op.ZAPQ;
            gr0 = PqapGr0.of(FunctionCode.ZAPQ, q).withF(random.nextInt(4) == 0).encode();
        } else if (draw < 56) {
            op = OutcomeCounts.Op.AQIC;
            gr0 = PqapGr0.of(FunctionCode.AQIC, q).encode();
            boolean enable = random.nextBoolean();
            cpu.setGr(1, AqicControl.guest(enable, random.nextInt(8)).encode());
            cpu.setGr(2, slot + 0x200);
        } else if (draw < 64) {
            op = OutcomeCounts.Op.QCI;
            gr0 = PqapGr0.of(FunctionCode.QCI, q).encode();
            cpu.setGr(2, slot + 0x100);
        } else if (draw < 70) {
            op = OutcomeCounts.Op.QACT;
            gr0 = PqapGr0.of(FunctionCode.QACT, q).encode();
            cpu.setGr(2, 0);
        } else if (draw < 74) {
            op = OutcomeCounts.Op.FC6;
            gr0 = PqapGr0.of(FunctionCode.FC6, q).encode();
        } else if (draw < 78) {
            op = OutcomeCounts.Op.BAPQ;
            gr0 = PqapGr0.of(FunctionCode.BAPQ, q).encode();
        } else if (draw < 82) {
            op = OutcomeCounts.Op.AAPQ;
            gr0 = PqapGr0.of(FunctionCode.AAPQ, q).encode();
        } else if (draw < 90) {
            op = OutcomeCounts.Op.UNDEFINED;
            gr0 = new PqapGr0(0, 9 + random.nextInt(256 - 9), false, 0, q.apid(), q.apqi()).encode();
        } else {
            op = OutcomeCounts.Op.TAPQ;     // reserved GR0 bits 42-47
            gr0 = new PqapGr0(0, FunctionCode.TAPQ.code(), false, 1 + random.nextInt(0x3F), q.apid(), q.apqi()).encode();
        }
        cpu.setGr(0, gr0);
        Outcome o = cpu.execute(Instruction.PQAP);
        outcomes.count(op, o);
        if (op == OutcomeCounts.Op.TAPQ && o instanceof Outcome.Completed c) {
            checkContained(q, c);
        }
    }

    /**
     * A VM reset (one in four), else an assignment change of a reassignable adapter or domain: one
     * that is not assigned is assigned again two times in three, otherwise an assigned one is
     * unassigned, so most of the matrix is in the guest most of the time.
     */
    private void fault() {
        boolean none = plan.reassignableAdapters().isEmpty() && plan.reassignableDomains().isEmpty();
        if (random.nextInt(4) == 0 || none) {
            faults[Fault.VM_RESET.ordinal()]++;
            machine.reset();
            return;
        }
        boolean adapters = plan.reassignableDomains().isEmpty()
                || (!plan.reassignableAdapters().isEmpty() && random.nextBoolean());
        var assignment = machine.assignment();
        var mask = adapters ? assignment.adapters() : assignment.domains();
        List<Integer> candidates = adapters ? plan.reassignableAdapters() : plan.reassignableDomains();
        List<Integer> in = candidates.stream().filter(mask::test).toList();
        List<Integer> out = candidates.stream().filter(c -> !mask.test(c)).toList();
        boolean assign = !out.isEmpty() && (in.isEmpty() || random.nextInt(3) != 0);
        List<Integer> from = assign ? out : in;
        List<Integer> one = List.of(from.get(random.nextInt(from.size())));
        Fault fault = adapters ? (assign ? Fault.ASSIGN_ADAPTER : Fault.UNASSIGN_ADAPTER)
                : (assign ? Fault.ASSIGN_DOMAIN : Fault.UNASSIGN_DOMAIN);
        faults[fault.ordinal()]++;
        machine.changeAssignment(adapters ? new AssignmentChange(assign, one, List.of(), List.of())
                : new AssignmentChange(assign, List.of(), one, List.of()));
    }
}

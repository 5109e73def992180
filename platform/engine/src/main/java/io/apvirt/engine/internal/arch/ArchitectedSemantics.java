package io.apvirt.engine.internal.arch;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.arch.QciBlock;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.arch.TapqInfo;
import io.apvirt.api.device.ResetKind;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.bus.ApQueue;

import static io.apvirt.engine.internal.arch.ArchitectedRules.*;

/**
 * The architected semantics of PQAP, NQAP and DQAP (docs/architecture.md#11.5), the
 * one place where its rules live. Firmware runs it for interpreted instructions; a policy
 * may run it at the KVM level. Checks go in priority order, the first that fires decides:
 * operation &gt; privileged-operation &gt; specification &gt; addressing &gt; execution.
 * One instance per level; the program-exception outcomes are constants.
 */
public final class ArchitectedSemantics {

    private final Level level;
    private final Outcome.ProgramException opApNotAvailable;
    private final Outcome.ProgramException privProblemState;
    private final Outcome.ProgramException specFcUndefined;
    private final Outcome.ProgramException specFc6;
    private final Outcome.ProgramException specSeOnly;
    private final Outcome.ProgramException specGr0Reserved;
    private final Outcome.ProgramException specTNotTapq;
    private final Outcome.ProgramException specTNoApft;
    private final Outcome.ProgramException specApqnRange;
    private final Outcome.ProgramException specFcNotInstalled;
    private final Outcome.ProgramException specQciAlignment;
    private final Outcome.ProgramException specOddRegister;
    private final Outcome.ProgramException specLength;
    private final Outcome.ProgramException addrOutside;
    private final Outcome.Completed qciDone;
    private final Outcome.Completed notAvailable;

    public ArchitectedSemantics(Level level) {
        this.level = level;
        opApNotAvailable = Outcome.program(level, OP_AP_NOT_AVAILABLE, ProgramInterruption.OPERATION);
        privProblemState = Outcome.program(level, PRIV_PROBLEM_STATE, ProgramInterruption.PRIVILEGED_OPERATION);
        specFcUndefined = spec(SPEC_FC_UNDEFINED);
        specFc6 = spec(SPEC_FC6_NOT_MODELLED);
        specSeOnly = spec(SPEC_SE_ONLY_FC);
        specGr0Reserved = spec(SPEC_GR0_RESERVED_BITS);
        specTNotTapq = spec(SPEC_T_BIT_NOT_TAPQ);
        specTNoApft = spec(SPEC_T_BIT_WITHOUT_APFT);
        specApqnRange = spec(SPEC_APQN_RANGE);
        specFcNotInstalled = spec(SPEC_FC_NOT_INSTALLED);
        specQciAlignment = spec(SPEC_QCI_ALIGNMENT);
        specOddRegister = spec(SPEC_ODD_REGISTER);
        specLength = spec(SPEC_LENGTH);
        addrOutside = Outcome.program(level, ADDR_OUTSIDE_MEMORY, ProgramInterruption.ADDRESSING);
        qciDone = Outcome.completed(level, EXEC_QCI, 0);
        notAvailable = Outcome.completed(level, EXEC_APQN_NOT_AVAILABLE, 3,
                Apqsw.of(ResponseCode.Q_NOT_AVAIL).encode(), StatusPlacement.ARCHITECTED);
    }

    private Outcome.ProgramException spec(Rule rule) {
        return Outcome.program(level, rule, ProgramInterruption.SPECIFICATION);
    }

    public Level level() {
        return level;
    }

    public Outcome run(ArchState s) {
        // 1. operation: AP not installed / not available to the configuration (11.5 step 1, 4.6)
        if (!s.ecaApie()) {
            return opApNotAvailable;
        }
        // 2. privileged operation (11.5 step 2); chosen before the odd-register spec check (UNSURE, 4.6)
        if (s.problemState()) {
            return privProblemState;
        }
        return switch (s.instruction()) {
            case Instruction.Pqap p -> pqap(s);
            case Instruction.Nqap n -> nqap(s, n);
            case Instruction.Dqap d -> dqap(s, d);
        };
    }

    // ---- PQAP ------------------------------------------------------------------------------

    private Outcome pqap(ArchState s) {
        long gr0 = s.gr(0);
        GuestModel g = s.guest();
        FunctionCode fc = FunctionCode.of(PqapGr0.fc(gr0));
        // 3. specification, in the order of 11.5 step 3
        if (fc == null) {
            return specFcUndefined;
        }
        if (fc == FunctionCode.FC6) {
            return specFc6;
        }
        if ((fc == FunctionCode.BAPQ || fc == FunctionCode.AAPQ) && !g.secureExecution()) {
            return specSeOnly;
        }
        boolean bit41Allowed = fc == FunctionCode.RAPQ || fc == FunctionCode.ZAPQ || fc == FunctionCode.QACT;
        if (PqapGr0.anyOfBits42To47(gr0) || (PqapGr0.bit41(gr0) && !bit41Allowed)) {
            return specGr0Reserved;
        }
        if (PqapGr0.t(gr0)) {
            if (fc != FunctionCode.TAPQ) {
                return specTNotTapq;
            }
            if (!g.apft()) {
                return specTNoApft;
            }
        }
        if (!g.apxa() && PqapGr0.beyondNonApxaRange(gr0)) {
            return specApqnRange;
        }
        if (((fc == FunctionCode.QCI || fc == FunctionCode.QACT) && !g.apqci()) || (fc == FunctionCode.AQIC && !g.apqi())) {
            return specFcNotInstalled;
        }
        if (fc == FunctionCode.QCI) {
            long address = s.gr(2);
            if ((address & 7) != 0) {
                return specQciAlignment;
            }
            // 4. addressing
            if (!s.memory().contains(address, QciBlock.SIZE)) {
                return addrOutside;
            }
            return qci(s, address);
        }
        // 5. execution: the APQN must be in APM x AQM
        ApQueue queue = s.bus().queue(PqapGr0.apqn(gr0));
        if (queue == null || !g.inMatrix(queue.apqn())) {
            s.setGr(1, Apqsw.toGr1((int) notAvailable.status()));
            return notAvailable;
        }
        return switch (fc) {
            case TAPQ -> tapq(s, queue, PqapGr0.t(gr0));
            // ap_rapq/ap_zapq(qid, fbit): F = GR0 bit 41 (1UL << 22) unbinds an SE queue
            case RAPQ -> status(s, EXEC_RESET, queue.reset(s.now(), ResetKind.RAPQ, PqapGr0.bit41(gr0)));
            case ZAPQ -> status(s, EXEC_RESET, queue.reset(s.now(), ResetKind.ZAPQ, PqapGr0.bit41(gr0)));
            case AQIC -> aqic(s);
            case QACT -> qact(s, queue);
            case BAPQ -> status(s, EXEC_BIND, queue.bind(s.now()));                // ap_bapq, se_bind_store
            case AAPQ -> status(s, EXEC_ASSOCIATE, queue.associate(s.now()));      // ap_aapq, se_associate_store
            case QCI, FC6 -> throw new AssertionError("handled above");
        };
    }

    /** cc 0 iff RC = 0, else cc 3; the APQSW in GR1 bits 32-63, bits 0-31 zero (11.5 "Condition codes"). */
    private Outcome.Completed status(ArchState s, Rule rule, int word) {
        s.setGr(1, Apqsw.toGr1(word));
        return OUTCOMES.completed(level, rule, null, Apqsw.rcOf(word) == 0 ? 0 : 3, Integer.toUnsignedLong(word),
                StatusPlacement.ARCHITECTED);
    }

    /** Status results and hook outcomes, made once per distinct outcome (the decision path allocates no outcome). */
    private static final io.apvirt.api.outcome.OutcomeCache OUTCOMES = new io.apvirt.api.outcome.OutcomeCache(10);

    private Outcome tapq(ArchState s, ApQueue queue, boolean t) {
        int word = queue.test(s.now());
        if (Apqsw.rcOf(word) == 0) {
            TapqInfo info = queue.card().tapqInfo(queue.bindState());
            s.setGr(2, info.encodeForTapq(t));
        }
        return status(s, EXEC_TAPQ, word);
    }

    private Outcome aqic(ArchState s) {
        HookHandler hook = s.hook();
        if (hook == null) {
            return status(s, EXEC_AQIC_NO_HOOK, Apqsw.of(ResponseCode.Q_NOT_AVAIL).encode());
        }
        HookResult result = hook.aqic(s);
        if (result instanceof HookResult.Declined declined) {
            return OUTCOMES.via(status(s, EXEC_AQIC_HOOK_DECLINED, Apqsw.of(ResponseCode.Q_NOT_AVAIL).encode()), declined.rule());
        }
        int word = Apqsw.wordOfGr1(s.gr(1));
        return OUTCOMES.completed(Level.HOOK, result.rule(), EXEC_AQIC_HOOK, Apqsw.rcOf(word) == 0 ? 0 : 3,
                Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
    }

    private Outcome qci(ArchState s, long address) {
        s.memory().write(address, qciBytes(s.guest()));
        return qciDone;
    }

    /** The encoded QCI block of a guest model: made again only when the model changes (an assignment change makes a new one). */
    private record EncodedQci(GuestModel guest, byte[] bytes) {
    }

    private volatile EncodedQci lastQci;

    private byte[] qciBytes(GuestModel g) {
        EncodedQci last = lastQci;
        if (last != null && last.guest() == g) {
            return last.bytes();
        }
        int max = g.apxa() ? 0xFF : -1;
        QciBlock block = new QciBlock(false, g.apxa(), g.apqci(), false, 0, g.secureExecution(),
                max < 0 ? 63 : max, max < 0 ? 15 : max, g.apm(), g.aqm(), g.adm());
        byte[] bytes = block.encode();
        lastQci = new EncodedQci(g, bytes);
        return bytes;
    }

    /** QACT GR2: mode (bits 3-5) and AP type (bits 32-39), section 2.2 and 11.5 step 5. */
    private static final long QACT_TYPE_AND_MODE = 0x1C000000FF000000L;

    private Outcome qact(ArchState s, ApQueue queue) {
        TapqInfo info = queue.card().tapqInfo(0);
        // AP info layout (2.2 QACT): mode bits 3-5 and type (category) bits 32-39 only; bits 0-2 and 6-31 are
        // reserved there, so the T=1 facility bits of TAPQ (AP4KM, AP4KC, N ...) must not leak into it
        s.setGr(2, info.encodeForTapq(true) & QACT_TYPE_AND_MODE);
        return status(s, EXEC_QACT, Apqsw.of(ResponseCode.NORMAL).encode());
    }

    // ---- NQAP / DQAP -------------------------------------------------------------------------

    /** ML x 4 KiB of the APQN's adapter; 12 KiB when the APQN is not configured (11.5 step 3). */
    private static int maxLength(ApQueue queue) {
        return queue == null ? TapqInfo.DEFAULT_MAX_MESSAGE_BYTES : queue.card().maxMessageBytes();
    }

    /**
     * Steps 3-5 shared by NQAP and DQAP (11.5): odd R1/R2, the length in R2+1, the reserved
     * GR0 bits, the operand in guest memory, then the APQN in the matrix. Returns the deciding
     * outcome, or {@code null} when the instruction may execute.
     */
    private Outcome queueOperandChecks(ArchState s, ApQueue queue, int r1, int r2, boolean reservedBitsSet) {
        if ((r1 & 1) != 0 || (r2 & 1) != 0) {
            return specOddRegister;
        }
        long length = s.gr(r2 + 1);
        if (length == 0 || Long.compareUnsigned(length, maxLength(queue)) > 0) {
            return specLength;
        }
        if (reservedBitsSet) {
            return specGr0Reserved;
        }
        if (!s.memory().contains(s.gr(r2), length)) {
            return addrOutside;
        }
        if (queue == null || !s.guest().inMatrix(queue.apqn())) {
            s.setGr(1, Apqsw.toGr1((int) notAvailable.status()));
            return notAvailable;
        }
        return null;
    }

    private Outcome nqap(ArchState s, Instruction.Nqap n) {
        ApQueue queue = s.bus().queue(PqapGr0.apqn(s.gr(0)));
        Outcome refused = queueOperandChecks(s, queue, n.r1(), n.r2(), QueueGr0.nqapReservedBitsSet(s.gr(0)));
        if (refused != null) {
            return refused;
        }
        long psmid = (s.gr(n.r1()) << 32) | (s.gr(n.r1() + 1) & 0xFFFFFFFFL);
        byte[] message = s.memory().read(s.gr(n.r2()), (int) s.gr(n.r2() + 1));
        return status(s, EXEC_NQAP, queue.enqueue(s.now(), psmid, message));
    }

    private Outcome dqap(ArchState s, Instruction.Dqap d) {
        ApQueue queue = s.bus().queue(PqapGr0.apqn(s.gr(0)));
        Outcome refused = queueOperandChecks(s, queue, d.r1(), d.r2(), QueueGr0.dqapReservedBitsSet(s.gr(0)));
        if (refused != null) {
            return refused;
        }
        long address = s.gr(d.r2());
        long length = s.gr(d.r2() + 1);
        long gr0 = s.gr(0);
        // ap_dqap: a partial receive updates GR0, and only that GR0 passed back continues the reply (11.9:
        // the model keeps the bytes received so far in GR0 bits 0-31; a fresh GR0 starts the reply again)
        ApQueue.Dequeued r = queue.dequeue(s.now(), length, gr0 >>> 32);
        if (r.data() == null) {
            return status(s, EXEC_DQAP, r.statusWord());
        }
        s.memory().write(address, r.data());
        s.setGr(d.r1(), r.psmid() >>> 32);
        s.setGr(d.r1() + 1, r.psmid() & 0xFFFFFFFFL);
        s.setGr(d.r2(), address + r.data().length);
        s.setGr(d.r2() + 1, length - r.data().length);
        s.setGr(2, r.residual());
        s.setGr(0, ((r.partial() ? r.received() : 0L) << 32) | (gr0 & 0xFFFFFFFFL));
        if (r.partial()) {
            // 11.5: a buffer shorter than the reply: cc 1, the part that fits, residual in GR2; GR1 not set (2.7)
            return Outcome.completed(level, EXEC_DQAP, 1);
        }
        return status(s, EXEC_DQAP, r.statusWord());
    }
}

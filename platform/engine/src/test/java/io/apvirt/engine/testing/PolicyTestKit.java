package io.apvirt.engine.testing;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.Options;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.engine.internal.machine.ApMachine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Test support shared by the policy modules (through the engine's test-jar): machines
 * without CDI, stub hooks, register snapshots and exact outcome assertions. A module's
 * {@code TestMachines extends PolicyTestKit} adds {@code machine()} for its own policy, so
 * {@code import static ...TestMachines.*} brings in all of this as well.
 */
public class PolicyTestKit {

    public static final Apqn CONFIGURED = new Apqn(3, 5);
    public static final Apqn UNCONFIGURED = new Apqn(1, 1);
    public static final long MEMORY = 64L << 20;
    public static final int RESET_TICKS = 3;
    public static final int QUEUE_DEPTH = 4;

    protected PolicyTestKit() {
    }

    /** A machine under {@code policy}, selected as {@code id}. */
    public static Builder machine(String id, InterceptPolicy policy) {
        return new Builder(id, policy);
    }

    /**
     * How an instruction reaches the architected semantics: intercepted (outer-interpretation
     * off, so EECA.28 = 0 and the policy decides at the kvm level) or interpreted
     * (EECA.28 = 1, firmware decides).
     */
    public enum Path {
        INTERCEPTED(false, Level.KVM), INTERPRETED(true, Level.FIRMWARE);

        public final boolean outer;
        public final Level level;

        Path(boolean outer, Level level) {
            this.outer = outer;
            this.level = level;
        }
    }

    /** Leaves cc 3 on the vCPU: TAPQ of an APQN outside the matrix (11.5 step 5). */
    public static void makeCc3(Vcpu cpu) {
        cpu.setGr(0, pqap(FunctionCode.TAPQ, UNCONFIGURED));
        Outcome o = cpu.execute(Instruction.PQAP);
        assertEquals("exec.apqn-not-available", o.rule().id());
        assertEquals(3, cpu.cc());
    }

    /** Host, guest and policy options with defaults: LPAR host, every guest facility but APXA, the 03/04 x 05/06 matrix. */
    public static final class Builder {
        private final String policyId;
        private final InterceptPolicy policy;
        private final Map<String, String> options = new HashMap<>();
        boolean hap = true;
        boolean outer = true;
        boolean ic3 = false;
        boolean ap = true;
        boolean apqci = true;
        boolean apft = true;
        boolean apqi = true;
        boolean apxa = false;
        boolean aiv = true;
        boolean se = false;
        long memory = MEMORY;
        HookHandler hook;

        Builder(String policyId, InterceptPolicy policy) {
            this.policyId = policyId;
            this.policy = policy;
        }

        /** A policy option ({@code apvirt.policies.<id>.<name>}); undeclared ones keep their default. */
        public Builder option(String name, String value) { options.put(name, value); return this; }
        public Builder hap(boolean v) { hap = v; return this; }
        public Builder outer(boolean v) { outer = v; return this; }
        public Builder ic3(boolean v) { ic3 = v; return this; }
        public Builder ap(boolean v) { ap = v; return this; }
        public Builder apqci(boolean v) { apqci = v; return this; }
        public Builder apft(boolean v) { apft = v; return this; }
        public Builder apqi(boolean v) { apqi = v; return this; }
        public Builder apxa(boolean v) { apxa = v; return this; }
        public Builder aiv(boolean v) { aiv = v; return this; }
        public Builder se(boolean v) { se = v; return this; }
        /** Guest memory size in bytes (default {@link #MEMORY}); need not be a multiple of 4 KiB. */
        public Builder memory(long bytes) { memory = bytes; return this; }
        public Builder on(Path path) { outer = path.outer; return this; }
        public Builder hook(HookHandler h) { hook = h; return this; }

        public HostModel host() {
            return new HostModel(hap, outer, ic3);
        }

        public GuestModel guest() {
            return new GuestModel(ap, apqci, apft, apqi, apxa, aiv, se, memory, ApMask.of(3, 4), ApMask.of(5, 6),
                    ApMask.of(5, 6));
        }

        public ApMachine build() {
            var handler = policy.bind(ComponentContext.of(policyId, Options.of(policy.options(), options)));
            return new ApMachine(policyId, handler, hook == null ? "none" : "stub", hook, host(), guest(),
                    RESET_TICKS, QUEUE_DEPTH, null);
        }

        public Vcpu vcpu() {
            return build().newVcpu();
        }
    }

    // ---- registers ---------------------------------------------------------------------------

    public static long pqap(FunctionCode fc, Apqn apqn) {
        return pqap(fc.code(), apqn);
    }

    /** PQAP GR0: fc in bits 32-39, the APQN in bits 48-63. */
    public static long pqap(int fc, Apqn apqn) {
        return ((long) fc << 24) | apqn.encode();
    }

    /** GR0 bit {@code i} (MSB-0). */
    public static long bit(int i) {
        return 1L << (63 - i);
    }

    /** Gives every register a distinct, recognizable value, then GR0 its real value. */
    public static void fill(Vcpu cpu, long gr0) {
        for (int r = 0; r < 16; r++) {
            cpu.setGr(r, 0xA5A5_0000_0000_0000L | ((long) r << 40) | (0x1111_1111L * r));
        }
        cpu.setGr(0, gr0);
    }

    public static long[] registers(Vcpu cpu) {
        long[] out = new long[16];
        for (int r = 0; r < 16; r++) {
            out[r] = cpu.gr(r);
        }
        return out;
    }

    /** One executed instruction with the registers and cc around it. */
    public record Step(Outcome outcome, long[] before, long[] after, int ccBefore, int ccAfter) {
    }

    public static Step step(Vcpu cpu, Instruction instruction) {
        long[] before = registers(cpu);
        int ccBefore = cpu.cc();
        Outcome o = cpu.execute(instruction);
        return new Step(o, before, registers(cpu), ccBefore, cpu.cc());
    }

    // ---- assertions --------------------------------------------------------------------------

    /** A program exception with exactly these fields, no register changed, cc unchanged. */
    public static void assertProgram(Step s, Level level, String rule, String via, ProgramInterruption interruption) {
        Outcome.ProgramException p = assertInstanceOf(Outcome.ProgramException.class, s.outcome());
        assertEquals(level, p.level(), "level");
        assertEquals(rule, p.rule().id(), "rule");
        if (via == null) {
            assertNull(p.via(), "via");
        } else {
            assertEquals(via, p.via() == null ? null : p.via().id(), "via");
        }
        assertEquals(interruption, p.interruption(), "program interruption");
        assertArrayEquals(s.before(), s.after(), "a program exception changes no register");
        assertEquals(s.ccBefore(), s.ccAfter(), "a program exception leaves the cc alone");
    }

    /** The userspace operation exception (QEMU does not know AP instructions), handed on by {@code via}. */
    public static void assertUserspaceOperation(Step s, String via) {
        assertProgram(s, Level.USERSPACE, "userspace.unknown-instruction", via, ProgramInterruption.OPERATION);
    }

    /** A completed outcome with exactly these fields; the vCPU's cc equals the outcome's. */
    public static void assertCompleted(Step s, Level level, String rule, String via, int cc, long status,
                                StatusPlacement placement) {
        Outcome.Completed c = assertInstanceOf(Outcome.Completed.class, s.outcome());
        assertEquals(level, c.level(), "level");
        assertEquals(rule, c.rule().id(), "rule");
        if (via == null) {
            assertNull(c.via(), "via");
        } else {
            assertEquals(via, c.via() == null ? null : c.via().id(), "via");
        }
        assertEquals(cc, c.cc(), "cc in the outcome");
        assertEquals(cc, s.ccAfter(), "cc of the vCPU");
        assertEquals(status, c.status(), "status word");
        assertEquals(placement, c.placement(), "status placement");
    }

    /** Registers other than {@code except} kept their values. */
    public static void assertOthersUnchanged(Step s, int... except) {
        outer:
        for (int r = 0; r < 16; r++) {
            for (int e : except) {
                if (e == r) {
                    continue outer;
                }
            }
            assertEquals(s.before()[r], s.after()[r], "GR" + r + " must not change");
        }
    }

    // ---- stub hooks --------------------------------------------------------------------------

    public static final Rule STUB_HANDLED = new Rule("stub.handled", "test stub", "writes a fixed APQSW and handles");
    public static final Rule STUB_DECLINED = new Rule("stub.declined", "test stub", "declines (-EOPNOTSUPP)");

    /** Handles AQIC: GR1 = the zero-extended status word (a bound hook, as {@code PqapHook.bind} gives). */
    public static final class HandledHook implements HookHandler {
        public final int word;
        public int calls;

        public HandledHook(int word) {
            this.word = word;
        }

        @Override
        public HookResult aqic(Intercept call) {
            calls++;
            call.setGr(1, Apqsw.toGr1(word));
            return new HookResult.Handled(STUB_HANDLED);
        }
    }

    /** Declines AQIC and leaves the registers alone (a bound hook). */
    public static final class DecliningHook implements HookHandler {
        public int calls;

        @Override
        public HookResult aqic(Intercept call) {
            calls++;
            return new HookResult.Declined(STUB_DECLINED);
        }
    }
}

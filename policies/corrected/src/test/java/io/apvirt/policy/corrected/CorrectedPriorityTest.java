package io.apvirt.policy.corrected;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static io.apvirt.policy.corrected.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The architected priority (sections 4.6 and 11.5): operation &gt; privileged-operation &gt;
 * specification (in the listed order) &gt; addressing &gt; execution. Each test sets the
 * conditions of two checks; the higher one decides.
 */
class CorrectedPriorityTest {

    private static void assertWins(Vcpu cpu, Instruction i, Level level, String rule, ProgramInterruption pi) {
        Step s = step(cpu, i);
        assertProgram(s, level, rule, null, pi);
    }

    @Test
    void operationBeforePrivilegedOperation() {
        for (boolean outer : new boolean[]{false, true}) {
            for (Instruction i : List.of(Instruction.PQAP, Instruction.nqap(4, 6), Instruction.dqap(3, 5))) {
                Vcpu cpu = machine().ap(false).outer(outer).vcpu();
                fill(cpu, pqap(42, CONFIGURED));
                cpu.setProblemState(true);
                assertWins(cpu, i, Level.KVM, "op.ap-not-available", ProgramInterruption.OPERATION);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void privilegedOperationBeforeSpecificationFc42(Path path) {
        Vcpu cpu = machine(path).vcpu();
        makeCc3(cpu);
        fill(cpu, pqap(42, CONFIGURED) | 0x007F_0000L);
        cpu.setProblemState(true);
        assertWins(cpu, Instruction.PQAP, path.level, "priv.problem-state", ProgramInterruption.PRIVILEGED_OPERATION);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void privilegedOperationBeforeSpecificationOddRegister(Path path) {
        for (Instruction i : List.of(Instruction.nqap(3, 4), Instruction.nqap(4, 5), Instruction.dqap(3, 4))) {
            Vcpu cpu = machine(path).vcpu();
            fill(cpu, CONFIGURED.encode());
            cpu.setProblemState(true);
            assertWins(cpu, i, path.level, "priv.problem-state", ProgramInterruption.PRIVILEGED_OPERATION);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void specificationBeforeAddressingMisalignedQciOutsideMemory(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, pqap(FunctionCode.QCI, CONFIGURED));
        cpu.setGr(2, MEMORY + 4);
        assertWins(cpu, Instruction.PQAP, path.level, "spec.qci-block-alignment", ProgramInterruption.SPECIFICATION);
        // aligned: addressing
        cpu.setGr(2, MEMORY + 8);
        assertWins(cpu, Instruction.PQAP, path.level, "addr.outside-guest-memory", ProgramInterruption.ADDRESSING);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void specificationBeforeAddressingOddRegisterWithMessageOutsideMemory(Path path) {
        // NQAP 4,5: R2 odd, message address GR5 and length GR6
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, CONFIGURED.encode());
        cpu.setGr(5, MEMORY);
        cpu.setGr(6, 16);
        assertWins(cpu, Instruction.nqap(4, 5), path.level, "spec.odd-register", ProgramInterruption.SPECIFICATION);
        // NQAP 3,6: R1 odd, message at GR6 outside memory
        fill(cpu, CONFIGURED.encode());
        cpu.setGr(6, MEMORY);
        cpu.setGr(7, 16);
        assertWins(cpu, Instruction.nqap(3, 6), path.level, "spec.odd-register", ProgramInterruption.SPECIFICATION);
        // even registers: addressing
        assertWins(cpu, Instruction.nqap(4, 6), path.level, "addr.outside-guest-memory", ProgramInterruption.ADDRESSING);
        // DQAP alike
        assertWins(cpu, Instruction.dqap(3, 6), path.level, "spec.odd-register", ProgramInterruption.SPECIFICATION);
        assertWins(cpu, Instruction.dqap(4, 6), path.level, "addr.outside-guest-memory", ProgramInterruption.ADDRESSING);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void addressingBeforeExecution(Path path) {
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, UNCONFIGURED.encode());
        cpu.setGr(6, MEMORY);
        cpu.setGr(7, 16);
        assertWins(cpu, Instruction.dqap(4, 6), path.level, "addr.outside-guest-memory", ProgramInterruption.ADDRESSING);
    }

    /** Within step 3, the order in which 11.5 lists the checks. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void specificationChecksInTheirListedOrder(Path path) {
        record Case(Builder builder, long gr0, long gr2, String rule) {
        }
        List<Case> cases = List.of(
                new Case(machine(), pqap(42, CONFIGURED) | bit(45) | bit(40), 0, "spec.fc-undefined"),
                new Case(machine(), pqap(FunctionCode.FC6, CONFIGURED) | bit(45), 0, "spec.fc6-not-modelled"),
                new Case(machine().se(false), pqap(FunctionCode.BAPQ, CONFIGURED) | bit(45), 0,
                        "spec.fc-secure-execution-only"),
                new Case(machine(), pqap(FunctionCode.RAPQ, CONFIGURED) | bit(45) | bit(40), 0, "spec.gr0-reserved-bits"),
                new Case(machine().apft(false), pqap(FunctionCode.RAPQ, new Apqn(0x40, 5)) | bit(40), 0,
                        "spec.t-bit-not-tapq"),
                new Case(machine().apft(false), pqap(FunctionCode.TAPQ, new Apqn(0x40, 5)) | bit(40), 0,
                        "spec.t-bit-without-apft"),
                new Case(machine().apqci(false), pqap(FunctionCode.QCI, new Apqn(0x40, 5)), 4,
                        "spec.apqn-beyond-non-apxa-range"),
                new Case(machine().apqci(false), pqap(FunctionCode.QCI, CONFIGURED), 4, "spec.fc-not-installed"));
        for (Case c : cases) {
            Vcpu cpu = c.builder().on(path).vcpu();
            fill(cpu, c.gr0());
            cpu.setGr(2, c.gr2());
            assertWins(cpu, Instruction.PQAP, path.level, c.rule(), ProgramInterruption.SPECIFICATION);
        }
        // NQAP/DQAP: odd register, then length, then reserved GR0 bits
        Vcpu cpu = machine(path).vcpu();
        fill(cpu, CONFIGURED.encode() | bit(32) | bit(34));
        cpu.setGr(6, 0x1000);
        cpu.setGr(7, 0);
        assertWins(cpu, Instruction.nqap(3, 6), path.level, "spec.odd-register", ProgramInterruption.SPECIFICATION);
        assertWins(cpu, Instruction.nqap(4, 6), path.level, "spec.length", ProgramInterruption.SPECIFICATION);
        assertWins(cpu, Instruction.dqap(4, 6), path.level, "spec.length", ProgramInterruption.SPECIFICATION);
        cpu.setGr(7, 16);
        assertWins(cpu, Instruction.nqap(4, 6), path.level, "spec.gr0-reserved-bits", ProgramInterruption.SPECIFICATION);
        assertWins(cpu, Instruction.dqap(4, 6), path.level, "spec.gr0-reserved-bits", ProgramInterruption.SPECIFICATION);
    }

    // ---- the policy itself -------------------------------------------------------------------------

    @Test
    void theCorrectedPolicyNeverExitsToUserspace() {
        // everything intercepts (EECA.28 = 0), hooks decline: no outcome is decided in userspace
        DecliningHook hook = new DecliningHook();
        ApMachine machine = machine().outer(false).hook(hook).build();
        Vcpu cpu = machine.newVcpu();
        int seen = 0;
        for (int fc = 0; fc < 16; fc++) {
            for (boolean ps : new boolean[]{false, true}) {
                fill(cpu, pqap(fc, CONFIGURED));
                cpu.setProblemState(ps);
                Outcome o = cpu.execute(Instruction.PQAP);
                assertNotEquals(Level.USERSPACE, o.level(), "fc " + fc);
                assertTrue(o.level() == Level.KVM, "fc " + fc + " decided at " + o.level());
                seen++;
            }
        }
        assertEquals(32, seen);
        assertEquals(1, hook.calls);
    }

    @Test
    void theCorrectedPolicyHasNoOptions() {
        CorrectedPolicy policy = new CorrectedPolicy();
        assertEquals(List.of(), policy.options());
        // bound handler decides at the kvm level
        ApMachine machine = new ApMachine("corrected", policy.bind(io.apvirt.api.plugin.ComponentContext.of("corrected", io.apvirt.api.plugin.Options.NONE)), "none", null,
                machine().outer(false).host(), machine().guest(), RESET_TICKS, QUEUE_DEPTH, null);
        Vcpu cpu = machine.newVcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        assertEquals("exec.tapq", cpu.execute(Instruction.PQAP).rule().id());
    }
}

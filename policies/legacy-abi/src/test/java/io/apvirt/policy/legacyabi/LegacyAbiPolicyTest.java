package io.apvirt.policy.legacyabi;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.apvirt.policy.legacyabi.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * KVM before v5.3 (sections 0, 4.6 column "Pre-v5.3", 11.4): no handler, so every
 * intercepted AP instruction reaches QEMU and gets an operation exception, registers and cc
 * unchanged. What firmware interprets is still decided by firmware.
 */
class LegacyAbiPolicyTest {

    /** Leaves cc 3 on the vCPU with an interpreted TAPQ of an APQN outside the matrix. */
    private static void makeCc3(Vcpu cpu) {
        cpu.setGr(0, pqap(FunctionCode.TAPQ, UNCONFIGURED));
        assertEquals("exec.apqn-not-available", cpu.execute(Instruction.PQAP).rule().id());
        assertEquals(3, cpu.cc());
    }

    // ---- EECA.28 off: everything intercepts ---------------------------------------------------

    static Stream<Arguments> everyInstruction() {
        List<Arguments> out = new ArrayList<>();
        for (int fc : new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42, 255}) {
            for (boolean ps : new boolean[]{false, true}) {
                out.add(Arguments.of("PQAP fc " + fc, Instruction.PQAP, pqap(fc, CONFIGURED), ps));
            }
        }
        out.add(Arguments.of("TAPQ T", Instruction.PQAP, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40), false));
        out.add(Arguments.of("TAPQ bits 41-47", Instruction.PQAP, pqap(FunctionCode.TAPQ, CONFIGURED) | 0x007F_0000L, false));
        out.add(Arguments.of("AQIC bits 41-47", Instruction.PQAP, pqap(FunctionCode.AQIC, CONFIGURED) | 0x007F_0000L, false));
        out.add(Arguments.of("QCI unconfigured", Instruction.PQAP, pqap(FunctionCode.QCI, UNCONFIGURED), false));
        for (boolean ps : new boolean[]{false, true}) {
            out.add(Arguments.of("NQAP 4,6", Instruction.nqap(4, 6), (long) CONFIGURED.encode(), ps));
            out.add(Arguments.of("NQAP 3,5", Instruction.nqap(3, 5), (long) CONFIGURED.encode(), ps));
            out.add(Arguments.of("DQAP 4,6", Instruction.dqap(4, 6), (long) CONFIGURED.encode(), ps));
            out.add(Arguments.of("DQAP 5,7", Instruction.dqap(5, 7), (long) CONFIGURED.encode(), ps));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, problem state {3}")
    @MethodSource("everyInstruction")
    void eeca28OffEverythingGoesToUserspace(String name, Instruction i, long gr0, boolean ps) {
        HandledHook hook = new HandledHook(0);
        Vcpu cpu = machine().outer(false).hook(hook).vcpu();
        fill(cpu, gr0);
        cpu.setGr(7, 16);
        cpu.setProblemState(ps);
        assertUserspaceOperation(step(cpu, i), "legacy.no-handler");
        assertEquals(0, hook.calls);
    }

    @ParameterizedTest(name = "{0}, problem state {3}")
    @MethodSource("everyInstruction")
    void hostWithoutApInstructionsEverythingGoesToUserspace(String name, Instruction i, long gr0, boolean ps) {
        Vcpu cpu = machine().hap(false).vcpu();
        fill(cpu, gr0);
        cpu.setProblemState(ps);
        assertUserspaceOperation(step(cpu, i), "legacy.no-handler");
    }

    @ParameterizedTest(name = "{0}, problem state {3}")
    @MethodSource("everyInstruction")
    void guestWithoutApEverythingGoesToUserspace(String name, Instruction i, long gr0, boolean ps) {
        Vcpu cpu = machine().ap(false).vcpu();
        fill(cpu, gr0);
        cpu.setProblemState(ps);
        assertUserspaceOperation(step(cpu, i), "legacy.no-handler");
    }

    // ---- EECA.28 on: the mandatory AQIC intercept and IC.3 -------------------------------------

    @ParameterizedTest(name = "problem state {0}")
    @ValueSource(booleans = {false, true})
    void aqicMandatoryInterceptGoesToUserspaceWithCcUnchanged(boolean ps) {
        HandledHook hook = new HandledHook(0);
        Vcpu cpu = machine().hook(hook).vcpu();
        makeCc3(cpu);
        for (long gr0 : new long[]{pqap(FunctionCode.AQIC, CONFIGURED), pqap(FunctionCode.AQIC, UNCONFIGURED),
                pqap(FunctionCode.AQIC, CONFIGURED) | bit(41) | bit(40)}) {
            fill(cpu, gr0);
            cpu.setGr(1, 0x0000_8000_0000_0003L);
            cpu.setProblemState(ps);
            Step s = step(cpu, Instruction.PQAP);
            assertEquals(3, s.ccBefore());
            assertUserspaceOperation(s, "legacy.no-handler");
        }
        assertEquals(0, hook.calls);
    }

    @Test
    void aqicWithoutFacility65StillGoesToUserspace() {
        Vcpu cpu = machine().apqi(false).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, CONFIGURED));
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "legacy.no-handler");
    }

    @Test
    void tapqWithTInterceptedByIc3GoesToUserspaceWithCcUnchanged() {
        Vcpu cpu = machine().ic3(true).vcpu();
        makeCc3(cpu);
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        Step s = step(cpu, Instruction.PQAP);
        assertEquals(3, s.ccBefore());
        assertUserspaceOperation(s, "legacy.no-handler");
    }

    // ---- interpreted: firmware decides ---------------------------------------------------------

    @Test
    void interpretedTapqIsDecidedByFirmware() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.FIRMWARE, "exec.tapq", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        assertEquals(0x0000_0000_0E0F_0004L, cpu.gr(2));
        assertOthersUnchanged(s, 1, 2);

        fill(cpu, pqap(FunctionCode.TAPQ, UNCONFIGURED));
        s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.FIRMWARE, "exec.apqn-not-available", null, 3, 0x0001_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
    }

    @Test
    void ic3WithoutTLeavesTapqToFirmware() {
        Vcpu cpu = machine().ic3(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        assertCompleted(step(cpu, Instruction.PQAP), Level.FIRMWARE, "exec.tapq", null, 0, 0x8000_0000L,
                StatusPlacement.ARCHITECTED);
    }

    @Test
    void interpretedProgramExceptionsComeFromFirmware() {
        Vcpu cpu = machine().vcpu();
        makeCc3(cpu);
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        cpu.setProblemState(true);
        assertProgram(step(cpu, Instruction.PQAP), Level.FIRMWARE, "priv.problem-state", null,
                ProgramInterruption.PRIVILEGED_OPERATION);
        cpu.setProblemState(false);
        fill(cpu, pqap(42, CONFIGURED));
        assertProgram(step(cpu, Instruction.PQAP), Level.FIRMWARE, "spec.fc-undefined", null,
                ProgramInterruption.SPECIFICATION);
        fill(cpu, CONFIGURED.encode());
        assertProgram(step(cpu, Instruction.nqap(3, 6)), Level.FIRMWARE, "spec.odd-register", null,
                ProgramInterruption.SPECIFICATION);
        assertEquals(3, cpu.cc());
    }

    @Test
    void interpretedNqapAndDqapAreExecutedByFirmware() {
        ApMachine machine = machine().build();
        Vcpu cpu = machine.newVcpu();
        byte[] message = {1, 3, 5, 7, 9};
        machine.memory().write(0x8000, message);
        fill(cpu, CONFIGURED.encode());
        cpu.setGr(2, 0);
        cpu.setGr(3, 0xCAFE);
        cpu.setGr(4, 0x8000);
        cpu.setGr(5, message.length);
        Step s = step(cpu, Instruction.nqap(2, 4));
        assertCompleted(s, Level.FIRMWARE, "exec.nqap", null, 0, 0L, StatusPlacement.ARCHITECTED);

        cpu.setGr(8, 0x9000);
        cpu.setGr(9, 16);
        s = step(cpu, Instruction.dqap(6, 8));
        assertCompleted(s, Level.FIRMWARE, "exec.dqap", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0L, cpu.gr(6));
        assertEquals(0xCAFEL, cpu.gr(7));
        assertArrayEquals(message, machine.memory().read(0x9000, message.length));
    }

    @Test
    void interpretedQciIsExecutedByFirmware() {
        ApMachine machine = machine().build();
        Vcpu cpu = machine.newVcpu();
        fill(cpu, pqap(FunctionCode.QCI, CONFIGURED));
        cpu.setGr(2, 0x6000);
        assertCompleted(step(cpu, Instruction.PQAP), Level.FIRMWARE, "exec.qci", null, 0, -1L, StatusPlacement.NONE);
        assertEquals(0x20, machine.memory().read(0x6000, 1)[0]);
    }

    @Test
    void policyDeclaresItsOneRuleAndNoOptions() {
        LegacyAbiPolicy policy = new LegacyAbiPolicy();
        assertEquals(List.of("legacy.no-handler"), policy.rules().stream().map(r -> r.id()).toList());
        assertEquals(List.of(), policy.options());
    }
}

package io.apvirt.policy.mainline;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.apvirt.policy.mainline.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Around table 4.3: NQAP/DQAP have no case in KVM's B2 dispatcher (section 4.2), and what
 * firmware interprets (EECA.28 = 1, fc != 3) never reaches the policy (sections 4.1, 11.3).
 */
class MainlineDispatchTest {

    // ---- NQAP / DQAP intercepted ---------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1},{2}, problem state {3}")
    @CsvSource({
            "NQAP, 4, 6, false", "NQAP, 3, 5, false", "NQAP, 4, 6, true",
            "DQAP, 4, 6, false", "DQAP, 3, 5, false", "DQAP, 4, 6, true"})
    void nqapAndDqapInterceptedGoToUserspace(String op, int r1, int r2, boolean problemState) {
        Vcpu cpu = machine().outer(false).vcpu();
        fill(cpu, CONFIGURED.encode());
        cpu.setProblemState(problemState);
        Instruction i = op.equals("NQAP") ? Instruction.nqap(r1, r2) : Instruction.dqap(r1, r2);
        assertUserspaceOperation(step(cpu, i), "mainline.b2-no-case");
    }

    @Test
    void theB2DispatcherComesBeforeHandlePqapsRow1() {
        Vcpu cpu = machine().hap(false).vcpu();
        fill(cpu, CONFIGURED.encode());
        assertUserspaceOperation(step(cpu, Instruction.nqap(4, 6)), "mainline.b2-no-case");
        assertUserspaceOperation(step(cpu, Instruction.dqap(4, 6)), "mainline.b2-no-case");
    }

    // ---- interpreted by firmware ---------------------------------------------------------------

    @Test
    void tapqOfAConfiguredApqnIsInterpreted() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.FIRMWARE, "exec.tapq", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        // T=0: bits 0-31 zero; AT 14 (CEX8) in bits 32-39, ND 15, QD 4
        assertEquals(0x0000_0000_0E0F_0004L, cpu.gr(2));
        assertEquals(14L, (cpu.gr(2) >>> 24) & 0xFF);
        assertOthersUnchanged(s, 1, 2);
    }

    @Test
    void tapqOfAnUnconfiguredApqnIsInterpreted() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, UNCONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.FIRMWARE, "exec.apqn-not-available", null, 3, 0x0001_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @Test
    void tapqWithTAndIc3IsInterceptedAndGoesToUserspace() {
        Vcpu cpu = machine().ic3(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.fc-not-aqic");
    }

    @Test
    void ic3DoesNotInterceptTapqWithoutT() {
        Vcpu cpu = machine().ic3(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        assertCompleted(step(cpu, Instruction.PQAP), Level.FIRMWARE, "exec.tapq", null, 0, 0x8000_0000L,
                StatusPlacement.ARCHITECTED);
    }

    @Test
    void interpretedProblemStateIsDecidedByFirmwareNotByRow4() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        cpu.setProblemState(true);
        assertProgram(step(cpu, Instruction.PQAP), Level.FIRMWARE, "priv.problem-state", null,
                ProgramInterruption.PRIVILEGED_OPERATION);
    }

    @Test
    void interpretedUndefinedFunctionCodeIsAFirmwareSpecificationException() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, pqap(42, CONFIGURED));
        assertProgram(step(cpu, Instruction.PQAP), Level.FIRMWARE, "spec.fc-undefined", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void interpretedNqapAndDqapAreExecutedByFirmware() {
        ApMachine machine = machine().build();
        Vcpu cpu = machine.newVcpu();
        byte[] message = {9, 8, 7, 6, 5, 4, 3, 2};
        machine.memory().write(0x4000, message);
        fill(cpu, CONFIGURED.encode());
        cpu.setGr(4, 0x0102_0304L);
        cpu.setGr(5, 0x0506_0708L);
        cpu.setGr(6, 0x4000);
        cpu.setGr(7, message.length);
        Step s = step(cpu, Instruction.nqap(4, 6));
        assertCompleted(s, Level.FIRMWARE, "exec.nqap", null, 0, 0L, StatusPlacement.ARCHITECTED);
        assertEquals(0L, cpu.gr(1));

        cpu.setGr(8, 0);
        cpu.setGr(9, 0);
        cpu.setGr(10, 0x5000);
        cpu.setGr(11, 64);
        s = step(cpu, Instruction.dqap(8, 10));
        assertCompleted(s, Level.FIRMWARE, "exec.dqap", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0102_0304L, cpu.gr(8));
        assertEquals(0x0506_0708L, cpu.gr(9));
        assertArrayEquals(message, machine.memory().read(0x5000, message.length));
    }

    @Test
    void aqicIntercepsEvenWithEeca28On() {
        Vcpu cpu = machine().option("no-hook-status", "architected").vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, CONFIGURED));
        assertCompleted(step(cpu, Instruction.PQAP), Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L,
                StatusPlacement.ARCHITECTED);
    }
}

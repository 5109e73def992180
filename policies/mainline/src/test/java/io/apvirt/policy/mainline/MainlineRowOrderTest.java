package io.apvirt.policy.mainline;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import org.junit.jupiter.api.Test;

import static io.apvirt.policy.mainline.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Table 4.3 is ordered: when several rows' conditions hold, the first decides. Each test
 * sets the conditions of two (or more) rows and shows the earlier one wins.
 */
class MainlineRowOrderTest {

    private static final long AQIC = pqap(FunctionCode.AQIC, CONFIGURED);

    @Test
    void noHostApBeatsEverything() {
        DecliningHook hook = new DecliningHook();
        Vcpu cpu = machine().hap(false).ap(false).apft(false).apqi(false).hook(hook).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, new Apqn(0x40, 0x10)) | bit(40) | bit(41));
        cpu.setProblemState(true);
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.no-host-ap");
        assertEquals(0, hook.calls);
    }

    @Test
    void row2BeforeRow3() {
        Vcpu cpu = machine().ap(false).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED));
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.eca-apie-off");
    }

    @Test
    void row2BeforeRow4() {
        Vcpu cpu = machine().ap(false).vcpu();
        fill(cpu, AQIC);
        cpu.setProblemState(true);
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.eca-apie-off");
    }

    @Test
    void row3BeforeRow4ProblemStateTapqStillGoesToUserspace() {
        Vcpu cpu = machine().outer(false).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(41));
        cpu.setProblemState(true);
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.fc-not-aqic");
    }

    @Test
    void row4BeforeRow5ProblemStateWithBits41To47() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, AQIC | 0x007F_0000L);
        cpu.setProblemState(true);
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.problem-state", null,
                ProgramInterruption.PRIVILEGED_OPERATION);
    }

    @Test
    void row5BeforeRow6ReservedBitsWithTWithoutApft() {
        Vcpu cpu = machine().apft(false).vcpu();
        fill(cpu, AQIC | bit(40) | bit(45));
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.gr0-reserved-bits", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void row6BeforeRow7TWithoutApftAndApqnBeyondTheNonApxaRange() {
        Vcpu cpu = machine().apft(false).apxa(false).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, new Apqn(0x40, 0x10)) | bit(40));
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.t-bit-without-apft", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void row7BeforeRow8ApqnRangeWithoutFacility65() {
        Vcpu cpu = machine().apqi(false).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, new Apqn(3, 0x10)));
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.apqn-beyond-non-apxa-range", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void row8BeforeRow9NoFacility65NeverCallsTheHook() {
        HandledHook hook = new HandledHook(0);
        Vcpu cpu = machine().apqi(false).hook(hook).vcpu();
        fill(cpu, AQIC);
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.no-facility-65", null,
                ProgramInterruption.SPECIFICATION);
        assertEquals(0, hook.calls);
    }

    @Test
    void row9BeforeRow10AHookIsCalledInsteadOfTheNoHookAnswer() {
        HandledHook hook = new HandledHook(0x0007_0000);
        Vcpu cpu = machine().option("no-hook-status", "kernel").hook(hook).vcpu();
        fill(cpu, AQIC);
        assertEquals("stub.handled", cpu.execute(Instruction.PQAP).rule().id());
        assertEquals(1, hook.calls);
        assertEquals(0x0000_0000_0007_0000L, cpu.gr(1));
    }
}

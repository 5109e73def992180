package org.example.apvirt;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.testing.PolicyTestKit;
import org.junit.jupiter.api.Test;

import static io.apvirt.engine.testing.PolicyTestKit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The policy on machines built by the engine's {@link PolicyTestKit} (no CDI): the T bit is
 * rejected only where the policy decides (an intercept), after the operation and
 * privileged-operation checks; everything else is the architected answer.
 */
class StrictTPolicyTest {

    private static final long TAPQ = pqap(FunctionCode.TAPQ, CONFIGURED);
    private static final long TAPQ_T = TAPQ | bit(40);

    private static Builder machine() {
        return PolicyTestKit.machine("example-strict-t", new StrictTPolicy());
    }

    private static Step run(Vcpu cpu, long gr0) {
        fill(cpu, gr0);
        return step(cpu, Instruction.PQAP);
    }

    @Test
    void interceptedTapqWithTIsASpecificationException() {
        Vcpu cpu = machine().on(Path.INTERCEPTED).vcpu();
        makeCc3(cpu);
        assertProgram(run(cpu, TAPQ_T), Level.KVM, "example-strict-t.tapq-t-rejected", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void tapqWithTInterceptedForIc3IsRejectedToo() {
        // IC.3 makes firmware intercept TAPQ with T=1 although it interprets the rest (docs/architecture.md#4.1)
        Vcpu cpu = machine().on(Path.INTERPRETED).ic3(true).vcpu();
        assertProgram(run(cpu, TAPQ_T), Level.KVM, "example-strict-t.tapq-t-rejected", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void interceptedTapqWithoutTIsArchitected() {
        Vcpu cpu = machine().on(Path.INTERCEPTED).vcpu();
        Step s = run(cpu, TAPQ);
        assertCompleted(s, Level.KVM, "exec.tapq", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1, 2);
    }

    @Test
    void interpretedTapqWithTIsDecidedByFirmware() {
        Vcpu cpu = machine().on(Path.INTERPRETED).vcpu();
        Step s = run(cpu, TAPQ_T);
        assertCompleted(s, Level.FIRMWARE, "exec.tapq", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
    }

    @Test
    void problemStateKeepsItsPriority() {
        Vcpu cpu = machine().on(Path.INTERCEPTED).vcpu();
        cpu.setProblemState(true);
        assertProgram(run(cpu, TAPQ_T), Level.KVM, "priv.problem-state", null, ProgramInterruption.PRIVILEGED_OPERATION);
    }

    @Test
    void aGuestWithoutApGetsTheOperationException() {
        Vcpu cpu = machine().ap(false).vcpu();
        assertProgram(run(cpu, TAPQ_T), Level.KVM, "op.ap-not-available", null, ProgramInterruption.OPERATION);
    }
}

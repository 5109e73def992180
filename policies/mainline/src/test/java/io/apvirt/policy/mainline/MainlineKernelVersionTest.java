package io.apvirt.policy.mainline;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.api.plugin.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.apvirt.policy.mainline.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * apvirt.policies.mainline.kernel (docs/architecture.md#11.8): handle_pqap's cc after a hook
 * returned RC 0 is cc 0 from v6.8 (83303a4c776c "KVM: s390: fix cc for successful PQAP") and the
 * cc of the instruction before up to v6.7; cc-after-hook set explicitly overrides the release.
 */
class MainlineKernelVersionTest {

    private static final long AQIC = pqap(FunctionCode.AQIC, CONFIGURED);

    @ParameterizedTest(name = "kernel {0}, cc-after-hook {1}: cc {2} after RC 0 when the cc was 3")
    @CsvSource({"5.3, kernel, 3", "5.19, kernel, 3", "6.0, kernel, 3", "6.7, kernel, 3", "6.8, kernel, 0",
            "latest, kernel, 0", "6.7, set, 0", "latest, unchanged, 3", "5.3, set, 0"})
    void ccAfterASuccessfulHookByKernel(String kernel, String ccAfterHook, int cc) {
        Vcpu cpu = machine().option("kernel", kernel).option("cc-after-hook", ccAfterHook)
                .hook(new HandledHook(0x8000_0000)).vcpu();
        makeCc3(cpu);
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertEquals(3, s.ccBefore());
        assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", cc, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @Test
    void theDefaultIsLatestAndANonZeroRcIsCc3InEveryRelease() {
        assertEquals("latest", MainlinePolicy.KERNEL.defaultValue());
        assertEquals("kernel", MainlinePolicy.CC_AFTER_HOOK.defaultValue());
        for (String kernel : KernelVersion.CHOICES) {
            Vcpu cpu = machine().option("kernel", kernel).hook(new HandledHook(0x0006_0000)).vcpu();
            fill(cpu, AQIC);
            Step s = step(cpu, Instruction.PQAP);
            assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", 3, 0x0006_0000L, StatusPlacement.ARCHITECTED);
        }
    }

    @Test
    void theReleasesAreFiveThreeToSixEightAndLatest() {
        assertEquals(27, KernelVersion.CHOICES.size());
        assertEquals("5.3", KernelVersion.CHOICES.get(0));
        assertEquals("6.8", KernelVersion.CHOICES.get(25));
        assertEquals("latest", KernelVersion.CHOICES.get(26));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> machine().option("kernel", "6.9").vcpu());
        assertEquals("option kernel: '6.9' is not one of 5.3 | 5.4 | 5.5 | 5.6 | 5.7 | 5.8 | 5.9 | 5.10 | 5.11 | 5.12 | 5.13 | "
                + "5.14 | 5.15 | 5.16 | 5.17 | 5.18 | 5.19 | 6.0 | 6.1 | 6.2 | 6.3 | 6.4 | 6.5 | 6.6 | 6.7 | 6.8 | latest", e.getMessage());
    }
}

package io.apvirt.plugin.vfioap;

import io.apvirt.api.machine.Vcpu;
import io.apvirt.plugin.vfioap.TestMachines.Kernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static io.apvirt.plugin.vfioap.TestMachines.*;
import static io.apvirt.plugin.vfioap.VfioApHookTest.assertHook;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vfio-ap hook's version-dependent rules (docs/architecture.md#11.8) and its per-page NIB
 * check (vfio_ap_validate_nib with kvm_s390_is_gpa_in_memslot, #11.9), with exact RC and cc.
 */
class VfioApKernelVersionTest {

    static final boolean E = true, R = true, F = true, I = true;
    static final long NIB = 0x1000;

    /** vfio_ap_validate_nib: "if (!*nib) return -EINVAL" came with a64a6d23874c (v6.3); before it NIB 0 (page 0) passed. */
    @ParameterizedTest(name = "kernel {0}: NIB 0 gives RC {1}")
    @CsvSource({"5.3, 0x00", "5.15, 0x00", "6.2, 0x00", "6.3, 0x06", "6.7, 0x06", "6.8, 0x06", "latest, 0x06"})
    void nibZeroByKernel(String kernel, String rc) {
        Vcpu cpu = Kernel.MAINLINE.machine("kernel", kernel).vcpu();
        if (Integer.decode(rc) == 0) {
            assertHook(enable(cpu, 3, 0), Kernel.MAINLINE, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        } else {
            assertHook(enable(cpu, 3, 0), Kernel.MAINLINE, "vfio-ap.nib-zero", 3, 0x06, !E, !R, !F, !I);
        }
    }

    /** 3746d48c55ac "set status response code to 06 on gisc registration failure": v6.8; up to v6.7 RC 0x08. */
    @ParameterizedTest(name = "kernel {0}: failed GISC registration gives RC {1}")
    @CsvSource({"5.3, 0x08", "6.3, 0x08", "6.7, 0x08", "6.8, 0x06", "latest, 0x06"})
    void giscFailureRcByKernel(String kernel, String rc) {
        Vcpu cpu = Kernel.MAINLINE.machine("kernel", kernel, "max-isc", "2").vcpu();
        int code = Integer.decode(rc);
        assertHook(enable(cpu, 5, NIB), Kernel.MAINLINE, "vfio-ap.gisc-register-failed", 3, code, !E, !R, !F, !I);
        assertEquals((long) code << 16, cpu.gr(1));
    }

    /** An option set to a value other than {@code kernel} overrides the release's value. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void explicitOptionsOverrideTheKernel(Kernel policy) {
        Vcpu old = policy.machine("kernel", "6.2", "nib-zero", "invalid", "gisc-failure-rc", "0x06", "max-isc", "2").vcpu();
        assertHook(enable(old, 3, 0), policy, "vfio-ap.nib-zero", 3, 0x06, !E, !R, !F, !I);
        assertHook(enable(old, 5, NIB), policy, "vfio-ap.gisc-register-failed", 3, 0x06, !E, !R, !F, !I);
        Vcpu recent = policy.machine("kernel", "latest", "nib-zero", "accepted", "gisc-failure-rc", "0x08", "max-isc", "2").vcpu();
        assertHook(enable(recent, 5, NIB), policy, "vfio-ap.gisc-register-failed", 3, 0x08, !E, !R, !F, !I);
        assertHook(enable(recent, 2, 0), policy, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }

    /**
     * kvm_s390_is_gpa_in_memslot(kvm, nib) checks the NIB's page (gpa_to_gfn): with 6 KiB of guest
     * memory the memslot holds pages 0 and 1 whole, so 0x1800-0x1FFF pass and 0x2000 does not.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kernel.class)
    void theNibCheckIsPerPage(Kernel policy) {
        Vcpu cpu = policy.machine().memory(0x1800).vcpu();
        assertHook(enable(cpu, 3, 0x2000), policy, "vfio-ap.nib-outside-memory", 3, 0x06, !E, !R, !F, !I);
        assertHook(enable(cpu, 3, 0x1FFF), policy, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHook(disable(cpu), policy, "vfio-ap.disable", 0, 0x00, E, !R, !F, !I);
        assertHook(enable(cpu, 3, 0x1800), policy, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
        assertHook(disable(cpu), policy, "vfio-ap.disable", 0, 0x00, E, !R, !F, !I);
        assertHook(enable(cpu, 3, 0x17FF), policy, "vfio-ap.enable", 0, 0x00, E, !R, !F, I);
    }
}

package io.apvirt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * apvirt.policies.mainline.kernel reaches the vfio-ap hook (docs/architecture.md#11.8): KVM and
 * vfio_ap are one host kernel, so the hook follows the policy's release unless its own kernel is set.
 */
class KernelVersionCliTest {

    private static final String SCENARIO = """
            name: kernel
            description: the vfio-ap hook under the mainline policy's kernel
            steps:
              - name: enable, NIB 0
                instruction: pqap
                fc: aqic
                apqn: "03.0005"
                ir: true
                isc: 1
                nib: 0
                expect: {level: hook, rule: %s, cc: %d, rc: %s}
              - name: enable, ISC 5 beyond max-isc 2
                instruction: pqap
                fc: aqic
                apqn: "03.0006"
                ir: true
                isc: 5
                nib: 0x1000
                expect: {level: hook, rule: vfio-ap.gisc-register-failed, cc: 3, rc: %s}
            """;

    private static Result scenario(Path dir, String name, String nibRule, int nibCc, String nibRc, String giscRc,
                                   String... sets) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, SCENARIO.formatted(nibRule, nibCc, nibRc, giscRc));
        String[] args = new String[5 + 2 * sets.length];
        args[0] = "run";
        args[1] = "--no-compare";
        args[2] = "--set";
        args[3] = "apvirt.hooks.vfio-ap.max-isc=2";
        for (int i = 0; i < sets.length; i++) {
            args[4 + 2 * i] = "--set";
            args[5 + 2 * i] = sets[i];
        }
        args[args.length - 1] = file.toString();
        return run(args);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        CliTest.Result r = CliTest.run(args);
        return new Result(r.exit(), r.out(), r.err());
    }

    @Test
    void thePolicysKernelSetsTheHooksVersionDependentRcs(@TempDir Path dir) throws Exception {
        Result latest = scenario(dir, "latest", "vfio-ap.nib-zero", 3, "0x06", "0x06");
        assertEquals(0, latest.exit(), latest.out() + latest.err());
        Result v67 = scenario(dir, "v67", "vfio-ap.nib-zero", 3, "0x06", "0x08", "apvirt.policies.mainline.kernel=6.7");
        assertEquals(0, v67.exit(), v67.out() + v67.err());
        Result v62 = scenario(dir, "v62", "vfio-ap.enable", 0, "0x00", "0x08", "apvirt.policies.mainline.kernel=6.2");
        assertEquals(0, v62.exit(), v62.out() + v62.err());
        assertTrue(v62.out().contains("SUMMARY: mainline 2 PASS, 0 FAIL"), v62.out());
    }

    @Test
    void theHooksOwnKernelAndOptionsOverride(@TempDir Path dir) throws Exception {
        Result own = scenario(dir, "own", "vfio-ap.nib-zero", 3, "0x06", "0x06",
                "apvirt.policies.mainline.kernel=6.2", "apvirt.hooks.vfio-ap.kernel=latest");
        assertEquals(0, own.exit(), own.out() + own.err());
        Result option = scenario(dir, "option", "vfio-ap.enable", 0, "0x00", "0x06",
                "apvirt.policies.mainline.kernel=6.7", "apvirt.hooks.vfio-ap.nib-zero=accepted",
                "apvirt.hooks.vfio-ap.gisc-failure-rc=0x06");
        assertEquals(0, option.exit(), option.out() + option.err());
    }
}

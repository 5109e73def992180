package io.apvirt.engine.internal.conformance;

import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.Option;
import io.apvirt.api.plugin.ComponentContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Policy beans for engine tests, under the ids of the real ones (which are not on the
 * engine's class path): {@code corrected} decides every intercept the architected way at the
 * kvm level, as the real one does; {@code legacy-abi} sends every intercept to userspace, as
 * the real one does; {@code mainline} declares the real options (so that the catalogue's
 * {@code policies.mainline.*} configuration is valid) and is not run.
 */
final class StandInPolicies {
    private StandInPolicies() {
    }

    @ApplicationScoped
    @ComponentId("corrected")
    public static class Corrected implements InterceptPolicy {
        public String description() {
            return "stand-in: architected at the kvm level";
        }

        public List<Rule> rules() {
            return List.of();
        }

        public InterceptHandler bind(ComponentContext context) {
            return ConformanceRunnerTest.ARCH;
        }
    }

    @ApplicationScoped
    @ComponentId("legacy-abi")
    public static class LegacyAbi implements InterceptPolicy {
        public String description() {
            return "stand-in: every intercept to userspace";
        }

        public List<Rule> rules() {
            return List.of(ConformanceRunnerTest.TO_QEMU);
        }

        public InterceptHandler bind(ComponentContext context) {
            return ConformanceRunnerTest.QEMU;
        }
    }

    @ApplicationScoped
    @ComponentId("mainline")
    public static class Mainline implements InterceptPolicy {
        public String description() {
            return "stand-in: the options of mainline, not run";
        }

        public List<Option> options() {
            return List.of(Option.choice("cc-after-hook", "set", List.of("set", "unchanged"), ""),
                    Option.choice("no-hook-status", "kernel", List.of("kernel", "architected"), ""));
        }

        public List<Rule> rules() {
            return List.of();
        }

        public InterceptHandler bind(ComponentContext context) {
            throw new UnsupportedOperationException("the mainline stand-in is not run");
        }
    }
}

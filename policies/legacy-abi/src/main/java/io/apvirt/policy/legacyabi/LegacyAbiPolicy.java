package io.apvirt.policy.legacyabi;

import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * KVM before v5.3: {@code kvm_s390_handle_b2()} has no case for B2AF, B2AD or B2AE, so every
 * intercepted AP instruction returns {@code -EOPNOTSUPP} and QEMU answers with an operation
 * exception (docs/architecture.md#0, #4.6 column "Pre-v5.3", 11.4).
 */
@ApplicationScoped
@ComponentId("legacy-abi")
public class LegacyAbiPolicy implements InterceptPolicy {

    public static final Rule NO_HANDLER = new Rule("legacy.no-handler",
            "docs/architecture.md#0 (before v5.3), #4.6, #11.4; arch/s390/kvm/priv.c kvm_s390_handle_b2 before e5282de93105",
            "no KVM handler for AP instructions: -EOPNOTSUPP, exit to userspace");

    @Override
    public String description() {
        return "KVM before v5.3: every intercepted AP instruction goes to userspace (QEMU: operation exception)";
    }

    @Override
    public List<Rule> rules() {
        return List.of(NO_HANDLER);
    }

    @Override
    public InterceptHandler bind(ComponentContext context) {
        return intercept -> intercept.toUserspace(NO_HANDLER);
    }
}

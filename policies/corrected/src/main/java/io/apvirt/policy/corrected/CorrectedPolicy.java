package io.apvirt.policy.corrected;

import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * "Do it right" (the 2019 alternative (1), docs/architecture.md#8 and #11.4): the
 * kernel decides every intercepted AP instruction with the architected semantics and
 * priority of section 11.5 (operation &gt; privileged-operation &gt; specification &gt;
 * addressing), whatever the reason of the intercept. Never exits to userspace.
 * The rules that fire are those of the architected semantics, named at the kvm level.
 */
@ApplicationScoped
@ComponentId("corrected")
public class CorrectedPolicy implements InterceptPolicy {

    @Override
    public String description() {
        return "the kernel applies the architected semantics and priority (11.5) to every intercept; never userspace";
    }

    @Override
    public List<Rule> rules() {
        return List.of();
    }

    @Override
    public InterceptHandler bind(ComponentContext context) {
        return intercept -> intercept.architected(Level.KVM);
    }
}

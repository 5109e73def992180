package io.apvirt.api.hook;

import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.Intercept;

import java.util.List;

/**
 * The PQAP(AQIC) hook a VM registers ({@code kvm->arch.crypto.pqap_hook}, ap-architecture.md
 * sections 4.4 and 6). Implement it as a CDI bean qualified with {@link HookId}.
 * A hook that handles the call writes GR1 itself (vfio_ap: the zero-extended APQSW) and
 * answers {@link HookResult.Handled}; one that declines ({@code -EOPNOTSUPP}) leaves the
 * registers alone.
 */
public interface PqapHook {

    String description();

    List<Rule> rules();

    HookResult aqic(Intercept call);
}

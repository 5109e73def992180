package io.apvirt.api.hook;

import io.apvirt.api.policy.Intercept;

/**
 * A PQAP hook bound to one machine: answers each PQAP(AQIC) the policy hands it
 * ({@code kvm->arch.crypto.pqap_hook}, docs/architecture.md#4.4). A handler that handles the call
 * writes GR1 itself (vfio_ap: the zero-extended APQSW) and answers {@link HookResult.Handled}; one
 * that declines ({@code -EOPNOTSUPP}) leaves the registers alone. Thread-safe: queue state lives on
 * the host side ({@link Intercept#hostAp()}).
 */
@FunctionalInterface
public interface HookHandler {
    HookResult aqic(Intercept call);
}

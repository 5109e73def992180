package io.apvirt.api.hook;

import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.policy.PolicyOption;
import io.apvirt.api.plugin.PluginContext;
import io.apvirt.api.policy.PolicyOptions;

import java.util.List;

/**
 * The PQAP(AQIC) hook a VM registers ({@code kvm->arch.crypto.pqap_hook}, docs/architecture.md
 * sections 4.4 and 6). Implement it as a CDI bean qualified with {@link HookId}.
 * A hook that handles the call writes GR1 itself (vfio_ap: the zero-extended APQSW) and
 * answers {@link HookResult.Handled}; one that declines ({@code -EOPNOTSUPP}) leaves the
 * registers alone. A hook keeps no state of its own between calls: queue state lives on
 * the host side ({@link Intercept#hostAp()}), so one bean serves every machine.
 */
public interface PqapHook {

    String description();

    List<Rule> rules();

    /** Options, {@code apvirt.plugins.<hook-id>.<name>}. */
    default List<PolicyOption> options() {
        return List.of();
    }

    /** The hook with these option values (every declared option present); called once per machine. */
    default PqapHook configure(PolicyOptions options) {
        return this;
    }

    /**
     * The hook for one machine, with its options, the argument of its reference
     * ({@code script:hooks/aqic-audit.js}), the script settings and the machine's log; the
     * engine calls this one.
     */
    default PqapHook configure(PluginContext context) {
        return configure(context.options());
    }

    HookResult aqic(Intercept call);
}

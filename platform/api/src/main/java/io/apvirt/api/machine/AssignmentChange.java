package io.apvirt.api.machine;

import java.util.List;

/**
 * A change of the mediated device's assignment while the guest runs (docs/architecture.md#12.2):
 * the sysfs writes {@code assign_adapter}, {@code assign_domain}, {@code assign_control_domain}
 * (or their {@code unassign_} forms), one per number, adapters first, then domains, then control
 * domains.
 *
 * @param assign true: assign; false: unassign
 */
public record AssignmentChange(boolean assign, List<Integer> adapters, List<Integer> domains, List<Integer> controlDomains) {

    public AssignmentChange {
        adapters = List.copyOf(adapters);
        domains = List.copyOf(domains);
        controlDomains = List.copyOf(controlDomains);
    }
}

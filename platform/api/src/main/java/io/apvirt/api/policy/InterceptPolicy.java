package io.apvirt.api.policy;

import io.apvirt.api.plugin.Component;

/**
 * A KVM intercept policy module (docs/architecture.md#11.4): decides what the guest sees for an
 * instruction the firmware intercepted. An {@code @ApplicationScoped} CDI bean qualified with
 * {@link io.apvirt.api.plugin.ComponentId}, selected by {@code apvirt.policy}; {@link #bind} gives
 * the handler of one machine.
 */
public interface InterceptPolicy extends Component<InterceptHandler> {
}

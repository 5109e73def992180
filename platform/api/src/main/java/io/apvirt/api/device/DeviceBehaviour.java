package io.apvirt.api.device;

import io.apvirt.api.plugin.Component;

/**
 * How an AP adapter answers the requests its queues accept: the device extension point. An
 * {@code @ApplicationScoped} CDI bean qualified with {@link io.apvirt.api.plugin.ComponentId}; a
 * device selects it with {@code behaviour: <id>}. {@link #bind} is called once per adapter when a
 * machine is built ({@link io.apvirt.api.plugin.ComponentContext#adapter()} names it), and the
 * returned object keeps that adapter's state.
 */
public interface DeviceBehaviour extends Component<AdapterBehaviour> {
}

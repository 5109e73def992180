package io.apvirt.api.device;

import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.PluginContext;

import java.util.List;

/**
 * How an AP adapter answers the requests its queues accept: the device extension point.
 * Implement it as an {@code @ApplicationScoped} CDI bean qualified with {@link BehaviourId};
 * a device selects it with {@code behaviour: <id>}. One bean serves every machine and
 * adapter: {@link #bind} is called once per adapter when a machine is built, and the
 * returned object keeps that adapter's state.
 */
public interface DeviceBehaviour {

    /** One line for {@code apvirt devices} and the README. */
    String description();

    /** The rules of the model this behaviour implements, with their sources (Fidelity table). */
    default List<Rule> rules() {
        return List.of();
    }

    /** The behaviour of one adapter of one machine; the engine calls this one. */
    default AdapterBehaviour bind(AdapterSpec adapter, PluginContext context) {
        return bind(adapter);
    }

    /** The behaviour of one adapter of one machine, for behaviours that need no context. */
    default AdapterBehaviour bind(AdapterSpec adapter) {
        throw new UnsupportedOperationException(getClass().getName() + " implements neither bind method");
    }
}

package io.apvirt.api.plugin;

import io.apvirt.api.outcome.Rule;

import java.util.List;

/**
 * The one shape of every extension point: a policy ({@link io.apvirt.api.policy.InterceptPolicy}),
 * a PQAP hook ({@link io.apvirt.api.hook.PqapHook}) and a device behaviour
 * ({@link io.apvirt.api.device.DeviceBehaviour}) are each an {@code @ApplicationScoped} CDI bean
 * qualified with {@link ComponentId}, that describes itself, names its rules, declares its typed
 * options, and {@linkplain #bind binds}: when a machine is built, the engine calls {@code bind}
 * with the validated option values and the rest of the {@link ComponentContext}, and the returned
 * object does the work for that machine (for a device behaviour: that adapter). The bean itself
 * keeps no per-machine state; one bean serves every machine.
 *
 * @param <B> what {@link #bind} gives: {@link io.apvirt.api.policy.InterceptHandler},
 *            {@link io.apvirt.api.hook.HookHandler} or {@link io.apvirt.api.device.AdapterBehaviour}
 */
public interface Component<B> {

    /** One line for {@code apvirt components} and the README. */
    String description();

    /** Every rule this component can name in an outcome, with its source (the Fidelity table). */
    default List<Rule> rules() {
        return List.of();
    }

    /**
     * The options under {@code apvirt.<kind>s.<id>.<name>} ({@link ComponentKind#optionPrefix}); the
     * configuration refuses any other name and any value the option does not accept.
     */
    default List<Option> options() {
        return List.of();
    }

    /** The worker for one machine (one adapter of it, for a device behaviour); every option present in the context. */
    B bind(ComponentContext context);
}

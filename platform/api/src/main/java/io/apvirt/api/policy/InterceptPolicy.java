package io.apvirt.api.policy;

import io.apvirt.api.outcome.Rule;

import java.util.List;

/**
 * A KVM intercept policy module (docs/architecture.md#11.4). Implement it as an
 * {@code @ApplicationScoped} CDI bean qualified with {@link PolicyId}; the engine finds it
 * by that id. The bean is a factory: {@link #bind} gives the per-machine handler.
 */
public interface InterceptPolicy {

    /** One line for {@code apvirt policies}. */
    String description();

    /** The options under {@code apvirt.policies.<id>.*}; the engine validates values against them. */
    default List<PolicyOption> options() {
        return List.of();
    }

    /** Every rule this policy can name in an outcome. */
    List<Rule> rules();

    /** The handler for one machine, with validated option values (every option present, default filled in). */
    InterceptHandler bind(PolicyOptions options);
}

package io.apvirt.api.policy;

import io.apvirt.api.outcome.Outcome;

/** A policy bound to one machine's options: decides each intercepted instruction. Thread-safe. */
@FunctionalInterface
public interface InterceptHandler {
    Outcome handle(Intercept intercept);
}

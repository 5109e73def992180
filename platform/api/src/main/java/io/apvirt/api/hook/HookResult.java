package io.apvirt.api.hook;

import io.apvirt.api.outcome.Rule;

/** What a PQAP hook answered (docs/architecture.md#4.4). */
public sealed interface HookResult permits HookResult.Declined, HookResult.Handled {

    Rule rule();

    /** {@code -EOPNOTSUPP}: registers untouched; KVM exits to userspace. */
    record Declined(Rule rule) implements HookResult {
    }

    /** Return 0: GR1 holds the status the hook wrote. */
    record Handled(Rule rule) implements HookResult {
    }
}

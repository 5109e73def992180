package io.apvirt.api.plugin;

import io.apvirt.api.outcome.Rule;

/**
 * A plugin call that failed during an instruction: the rule that names the failure (for
 * example {@code script.failed}) and one line, {@code hooks/flaky-busy.js:12:5: TypeError: ...}.
 * The report shows both on the row of the instruction: when the failed call did not decide the
 * outcome itself (a device script whose failure the adapter answered with RC 0x04), the rule
 * beside the one that decided it.
 */
public record FailedCall(Rule rule, String error) {
    public FailedCall {
        if (rule == null || error == null) {
            throw new IllegalArgumentException("a failed call needs its rule and its error line");
        }
    }
}

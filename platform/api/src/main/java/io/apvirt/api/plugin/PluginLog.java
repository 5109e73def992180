package io.apvirt.api.plugin;

import io.apvirt.api.outcome.Rule;

/** The machine's log, shown with the run's report; thread-safe. */
@FunctionalInterface
public interface PluginLog {

    /** One line, for example {@code hooks/flaky-busy.js:12:5: TypeError: ...}. */
    void report(String line);

    /**
     * A plugin call failed ({@code hooks/flaky-busy.js:12:5: TypeError: ...}): the report shows
     * this line, and {@code rule} ({@code script.failed}), on the row of the instruction it failed
     * in ({@link FailedCall}). It adds nothing to the log, where {@link #report} has put the error
     * and its detail (once; a script that did not load fails every call with the same line).
     */
    default void callFailed(Rule rule, String error) {
    }
}

package io.apvirt.api.plugin;

/** The machine's log, shown with the run's report; thread-safe. */
@FunctionalInterface
public interface PluginLog {

    /** One line, for example {@code hooks/flaky-busy.js:12:5: TypeError: ...}. */
    void report(String line);
}

package io.apvirt.engine.internal.machine;

import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.FailedCall;
import io.apvirt.api.plugin.PluginLog;

import java.util.ArrayList;
import java.util.List;

/** A machine's log: plugin errors and script output, in the order they were reported. Thread-safe. */
public final class MachineLog implements PluginLog {

    /** More lines than this are counted, not kept (a script logging in a loop must not fill the heap). */
    static final int MAX_LINES = 10_000;

    private final List<String> lines = new ArrayList<>();
    private long dropped;
    private final List<FailedCall> failures = new ArrayList<>();

    @Override
    public synchronized void report(String line) {
        if (lines.size() < MAX_LINES) {
            lines.add(line);
        } else {
            dropped++;
        }
    }

    @Override
    public synchronized void callFailed(Rule rule, String error) {
        if (failures.size() < MAX_LINES) {
            failures.add(new FailedCall(rule, error));
        }
    }

    /** The failed plugin calls so far ({@link #callFailed}), in order; at most {@value #MAX_LINES}. */
    public synchronized List<FailedCall> failures() {
        return List.copyOf(failures);
    }

    /** The lines so far, and a last line saying how many were not kept. */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>(lines);
        if (dropped > 0) {
            out.add("... " + dropped + " more lines not kept");
        }
        return out;
    }
}

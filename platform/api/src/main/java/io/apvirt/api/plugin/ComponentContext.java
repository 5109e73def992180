package io.apvirt.api.plugin;

import io.apvirt.api.device.AdapterSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * What every {@link Component} gets when a machine is built ({@link Component#bind}): its id and
 * the argument of its reference ({@code script:hooks/flaky-busy.js} names the component
 * {@code script} with the argument {@code hooks/flaky-busy.js}), that argument resolved to a file,
 * its typed options, the platform's script settings and seed, the machine's log, and, for a device
 * behaviour, the adapter it is bound to.
 *
 * @param id         the component's id ({@link ComponentId})
 * @param argument   the text after the first {@code :} of the reference, or {@code null}
 * @param file       the argument resolved against the search path, or {@code null} when there is no argument
 * @param searchPath where relative files are looked up, in order (the configuration file's folder, then {@code scripts/})
 * @param options    the component's options ({@code apvirt.<kind>s.<id>.*}; every declared option present)
 * @param seed       {@code apvirt.seed}: the seed of every pseudo-random choice
 * @param scripts    {@code apvirt.scripts.*}
 * @param log        the machine's log: errors and script output, shown with the run's report
 * @param adapter    the adapter a device behaviour is bound to; {@code null} for a policy or a hook (use {@link #adapter()})
 */
public record ComponentContext(String id, String argument, Path file, List<Path> searchPath, Options options, long seed,
                               ScriptSettings scripts, PluginLog log, AdapterSpec adapter) {

    public ComponentContext {
        searchPath = List.copyOf(searchPath);
    }

    /** A context with only options (the rest empty, seed 0, default script settings, a log that drops lines): for tests and tools. */
    public static ComponentContext of(String id, Options options) {
        return new ComponentContext(id, null, null, List.of(), options, 0, ScriptSettings.DEFAULTS, line -> { }, null);
    }

    /** The adapter a device behaviour is being bound to. */
    public AdapterSpec adapter() {
        if (adapter == null) {
            throw new IllegalStateException("component " + id + " is not bound to an adapter: only device behaviours are");
        }
        return adapter;
    }

    /** Whether this context binds a device behaviour to an adapter. */
    public boolean hasAdapter() {
        return adapter != null;
    }

    /** The same context for another adapter. */
    public ComponentContext forAdapter(AdapterSpec spec) {
        return new ComponentContext(id, argument, file, searchPath, options, seed, scripts, log, spec);
    }
}

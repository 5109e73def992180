package io.apvirt.api.plugin;

import io.apvirt.api.policy.PolicyOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * What a device behaviour or a hook gets when a machine is built: the argument of its
 * reference ({@code script:hooks/flaky-busy.js} names the component {@code script} with the
 * argument {@code hooks/flaky-busy.js}), that argument resolved to a file, the platform's
 * script settings and seed, the component's options, and the machine's log.
 *
 * @param argument   the text after the first {@code :} of the reference, or {@code null}
 * @param file       the argument resolved against the search path, or {@code null} when there is no argument
 * @param searchPath where relative files are looked up, in order (the configuration file's folder, then {@code scripts/})
 * @param seed       {@code apvirt.seed}: the seed of every pseudo-random choice
 * @param scripts    {@code apvirt.scripts.*}
 * @param options    the component's options ({@code apvirt.plugins.<id>.*}; every declared option present)
 * @param log        the machine's log: errors and script output, shown with the run's report
 */
public record PluginContext(String argument, Path file, List<Path> searchPath, long seed, ScriptSettings scripts,
                            PolicyOptions options, PluginLog log) {

    public PluginContext {
        searchPath = List.copyOf(searchPath);
    }
}

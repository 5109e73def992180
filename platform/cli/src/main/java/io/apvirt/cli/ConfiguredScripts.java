package io.apvirt.cli;

import io.apvirt.api.plugin.ScriptProblem;
import io.apvirt.api.plugin.ScriptTool;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentRef;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.config.ConfigProblem;
import io.apvirt.engine.internal.config.Configuration;
import io.apvirt.engine.internal.config.InvalidConfigurationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scripts are checked when configured: every {@code script:FILE} the hook and the devices name
 * is checked with the scripting plugin's {@link ScriptTool} (what {@code apvirt check-script}
 * does) before anything runs, and each problem becomes a configuration problem of the property
 * that names the script. The JavaScript engine starts only when a script is referenced; each
 * file is checked once per command. Without the js-hooks module there is no {@code script}
 * component, so the reference is already a configuration error and nothing is checked here.
 */
final class ConfiguredScripts {

    /** The component id of the js-hooks module's scripts ({@code script:FILE}). */
    static final String SCRIPT = "script";

    private final Session session;
    private final Map<Path, List<ScriptProblem>> checked = new HashMap<>();

    ConfiguredScripts(Session session) {
        this.session = session;
    }

    /**
     * Checks the scripts {@code settings} (resolved from {@code layers}) reference.
     *
     * @throws InvalidConfigurationException listing each problem of each script
     */
    void check(ConfigLayers layers, ApvirtSettings settings) {
        List<ConfigProblem> problems = problems(layers, settings);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** The problems of the referenced scripts, in property order: the hook, then devices[0], devices[1] ... */
    List<ConfigProblem> problems(ConfigLayers layers, ApvirtSettings settings) {
        List<ConfigProblem> out = new ArrayList<>();
        for (Map.Entry<String, String> reference : references(settings).entrySet()) {
            ComponentRef ref = ComponentRef.parse(reference.getValue());
            Path file = SCRIPT.equals(ref.id()) ? ref.file(settings.searchPath()) : null;
            if (file == null) {
                continue; // not a script, or missing: the configuration's validation reported that
            }
            ScriptTool tool = tool();
            if (tool == null) {
                continue;
            }
            List<ScriptProblem> found = checked.computeIfAbsent(file, f -> tool.check(Path.of(RunCommand.display(f))));
            if (found.isEmpty()) {
                continue;
            }
            String source = Configuration.sourceOf(layers, reference.getKey());
            for (ScriptProblem p : found) {
                // file:line:col: message, without the source line and caret (one line per problem)
                String where = new ScriptProblem(p.file(), p.line(), p.column(), p.message(), null).render();
                out.add(new ConfigProblem(reference.getKey(), reference.getValue(), source, where));
            }
        }
        return out;
    }

    /** Property path to component reference: {@code apvirt.hook}, then each {@code apvirt.devices[n].behaviour}. */
    private static Map<String, String> references(ApvirtSettings settings) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (settings.hook() != null) {
            out.put(ConfigKeys.HOOK, settings.hook());
        }
        for (int i = 0; i < settings.devices().size(); i++) {
            String behaviour = settings.devices().get(i).behaviour();
            if (behaviour != null) {
                out.put(ConfigKeys.device(i, "behaviour"), behaviour);
            }
        }
        return out;
    }

    private ScriptTool tool;

    private ScriptTool tool() {
        if (tool == null) {
            var tools = session.instances(ScriptTool.class);
            if (tools.isResolvable()) {
                tool = tools.get();
            }
        }
        return tool;
    }
}

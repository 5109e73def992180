package io.apvirt.engine.internal.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inputs of one configuration, lowest precedence first:
 * <ol>
 *   <li>the defaults embedded in the engine jar ({@code apvirt-defaults.yaml}),</li>
 *   <li>the configuration file ({@code --config FILE}),</li>
 *   <li>a scenario's {@code config:} overrides,</li>
 *   <li>{@code APVIRT_*} environment variables,</li>
 *   <li>{@code -Dapvirt.*} system properties,</li>
 *   <li>{@code --set key=value},</li>
 *   <li>command-line options that stand for a property ({@code --policy ID} for {@code apvirt.policy}),
 *       each named as its own source.</li>
 * </ol>
 *
 * @param configFile       the file, or {@code null}
 * @param scenarioName     where the scenario overrides come from (for messages)
 * @param scenario         keys with the {@code apvirt.} prefix
 * @param environment      the process environment (only {@code APVIRT_*} names are read)
 * @param systemProperties the system properties (only {@code apvirt.*} names are read)
 * @param sets             {@code --set} values, keys with the {@code apvirt.} prefix
 * @param options          option name ({@code --policy}) to the property it sets and its value, in the order given
 */
public record ConfigLayers(Path configFile, String scenarioName, Map<String, String> scenario,
                           Map<String, String> environment, Map<String, String> systemProperties,
                           Map<String, String> sets, Map<String, Map.Entry<String, String>> options, String setsSource) {

    /** How problems name the {@code sets} layer unless told otherwise. */
    public static final String SET = "--set";

    public ConfigLayers {
        scenario = Map.copyOf(scenario);
        environment = Map.copyOf(environment);
        systemProperties = Map.copyOf(systemProperties);
        sets = Map.copyOf(sets);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        setsSource = setsSource == null ? SET : setsSource;
    }

    public ConfigLayers(Path configFile, String scenarioName, Map<String, String> scenario,
                        Map<String, String> environment, Map<String, String> systemProperties, Map<String, String> sets,
                        Map<String, Map.Entry<String, String>> options) {
        this(configFile, scenarioName, scenario, environment, systemProperties, sets, options, SET);
    }

    public ConfigLayers(Path configFile, String scenarioName, Map<String, String> scenario,
                        Map<String, String> environment, Map<String, String> systemProperties, Map<String, String> sets) {
        this(configFile, scenarioName, scenario, environment, systemProperties, sets, Map.of());
    }

    /** Only the embedded defaults. */
    public static ConfigLayers defaults() {
        return new ConfigLayers(null, null, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** The defaults, the environment and the system properties of this process. */
    public static ConfigLayers fromProcess() {
        return defaults().withProcess();
    }

    public ConfigLayers withProcess() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("APVIRT_")) {
                env.put(k, v);
            }
        });
        Map<String, String> props = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("apvirt.")) {
                props.put(k.toString(), v.toString());
            }
        });
        return new ConfigLayers(configFile, scenarioName, scenario, env, props, sets, options, setsSource);
    }

    public ConfigLayers withConfigFile(Path file) {
        return new ConfigLayers(file, scenarioName, scenario, environment, systemProperties, sets, options, setsSource);
    }

    public ConfigLayers withScenario(String name, Map<String, String> overrides) {
        return new ConfigLayers(configFile, name, overrides, environment, systemProperties, sets, options, setsSource);
    }

    public ConfigLayers withSet(String key, String value) {
        Map<String, String> s = new LinkedHashMap<>(sets);
        s.put(key, value);
        return new ConfigLayers(configFile, scenarioName, scenario, environment, systemProperties, s, options, setsSource);
    }

    public ConfigLayers withSets(Map<String, String> more) {
        Map<String, String> s = new LinkedHashMap<>(sets);
        s.putAll(more);
        return new ConfigLayers(configFile, scenarioName, scenario, environment, systemProperties, s, options, setsSource);
    }

    /** The same layers, the {@code sets} named {@code source} in problems ({@code MachineSettings} for an embedder's). */
    public ConfigLayers withSetsSource(String source) {
        return new ConfigLayers(configFile, scenarioName, scenario, environment, systemProperties, sets, options, source);
    }

    /**
     * A command-line option that stands for one property ({@code --policy ID}): above
     * {@code --set}, and named as its own source in problems.
     */
    public ConfigLayers withOption(String option, String property, String value) {
        Map<String, Map.Entry<String, String>> o = new LinkedHashMap<>(options);
        o.put(option, Map.entry(property, value));
        return new ConfigLayers(configFile, scenarioName, scenario, environment, systemProperties, sets, o, setsSource);
    }
}

package io.apvirt.cli;

import io.apvirt.engine.config.ConfigKeys;
import io.apvirt.engine.config.ConfigLayers;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --config FILE} and {@code --set key=value}, shared by the commands that read configuration. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys under apvirt:)")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one property, highest precedence (for example --set apvirt.policy=corrected; the apvirt. prefix may be left out). Repeatable.")
    Map<String, String> sets = new LinkedHashMap<>();

    ConfigLayers layers() {
        Map<String, String> prefixed = new LinkedHashMap<>();
        sets.forEach((k, v) -> prefixed.put(k.startsWith(ConfigKeys.PREFIX) ? k : ConfigKeys.PREFIX + k, v));
        return ConfigLayers.fromProcess().withConfigFile(configFile).withSets(prefixed);
    }
}

package io.apvirt.cli;

import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --config FILE} and {@code --set key=value}, shared by the commands that read configuration. */
final class ConfigOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys under apvirt:)")
    Path configFile;

    /** As given: picocli's own map option takes {@code --set foo} for {@code foo=} and names no problem. */
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one property, highest precedence (for example --set apvirt.policy=corrected; the apvirt. prefix may be left out). Repeatable.")
    List<String> sets = new ArrayList<>();

    /**
     * The layers of the process with the file and the {@code --set} values.
     *
     * @throws ParameterException for a {@code --set} without {@code KEY=} (exit 2)
     */
    ConfigLayers layers() {
        Map<String, String> prefixed = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(mixee.commandLine(), "--set " + set
                        + ": expected KEY=VALUE (for example --set apvirt.policy=corrected; an empty value is KEY=)");
            }
            String key = set.substring(0, eq).trim();
            prefixed.put(key.startsWith(ConfigKeys.PREFIX) ? key : ConfigKeys.PREFIX + key, set.substring(eq + 1));
        }
        return ConfigLayers.fromProcess().withConfigFile(configFile).withSets(prefixed);
    }
}

package io.apvirt.api.embed;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a machine is built from: the built-in defaults, optionally the process's {@code APVIRT_*}
 * environment and {@code -Dapvirt.*} system properties, optionally a YAML configuration file, and
 * properties set here (highest precedence), with the names and values of the README's
 * configuration reference. Immutable; every {@code with...} returns a copy.
 *
 * <pre>{@code
 * MachineSettings s = MachineSettings.defaults()
 *         .withPolicy("corrected")
 *         .with("guest.facilities.apxa", "false")
 *         .with("devices[0].adapter", "3").with("devices[0].behaviour", "accelerator");
 * }</pre>
 *
 * @param configFile the YAML file ({@code apvirt:} at its top), or {@code null}
 * @param properties the properties set here, {@code apvirt.} names in the order they were set
 * @param process    whether {@code APVIRT_*} and {@code -Dapvirt.*} of this process apply (below the properties set here)
 */
public record MachineSettings(Path configFile, Map<String, String> properties, boolean process) {

    public MachineSettings {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The built-in defaults only (README, "Defaults"): the same machine on every computer. */
    public static MachineSettings defaults() {
        return new MachineSettings(null, Map.of(), false);
    }

    /** The defaults, then {@code APVIRT_*} and {@code -Dapvirt.*} of this process: what {@code @Inject Machine} uses. */
    public static MachineSettings fromProcess() {
        return new MachineSettings(null, Map.of(), true);
    }

    /** Reads this YAML file above the defaults (and below the process and the properties set here). */
    public MachineSettings withConfigFile(Path file) {
        return new MachineSettings(file, properties, process);
    }

    /**
     * Sets one property: {@code with("policy", "corrected")} or {@code with("apvirt.policy", "corrected")};
     * lists as {@code 3,4}, devices as {@code devices[0].adapter}.
     */
    public MachineSettings with(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a property name is needed, for example policy or guest.facilities.apxa");
        }
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(name.startsWith(PREFIX) ? name : PREFIX + name, value);
        return new MachineSettings(configFile, p, process);
    }

    /** {@code apvirt.policy}: the intercept policy's id. */
    public MachineSettings withPolicy(String id) {
        return with("policy", id);
    }

    /** {@code apvirt.hook}: the PQAP hook's reference ({@code vfio-ap}, {@code none}, {@code script:hooks/aqic-audit.js}). */
    public MachineSettings withHook(String reference) {
        return with("hook", reference);
    }

    private static final String PREFIX = "apvirt.";
}

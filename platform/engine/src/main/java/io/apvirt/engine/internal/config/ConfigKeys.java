package io.apvirt.engine.internal.config;

import java.util.List;

/**
 * The property names of the public configuration interface, as the mapping {@link ApvirtConfig}
 * defines them ({@link ConfigSchema}); the constants are the few names code sets or reads by
 * name (a test checks that each is in the mapping).
 */
public final class ConfigKeys {
    public static final String PREFIX = ConfigSchema.PREFIX;
    public static final String POLICY = "apvirt.policy";
    public static final String HOOK = "apvirt.hook";
    public static final String DEVICES = "apvirt.devices";
    public static final String SCRIPTS_WATCH = "apvirt.scripts.watch";

    /** The fields of one {@code apvirt.devices[n]} entry, in name order; {@code domains} is a list. */
    public static final List<String> DEVICE_FIELDS = ConfigSchema.get().deviceFields();

    private ConfigKeys() {
    }

    /** Whether a property name (possibly indexed, {@code apvirt.matrix.adapters[0]}) belongs to the interface. */
    public static boolean isKnown(String name) {
        return ConfigSchema.get().isKnown(name);
    }

    /** The new name of a renamed property ({@code apvirt.plugins.<id>.<option>} is {@code apvirt.hooks.<id>.<option>}). */
    public static java.util.Optional<String> renamed(String name) {
        return ConfigSchema.RENAMED.entrySet().stream().filter(r -> name.startsWith(r.getKey()))
                .map(r -> r.getValue() + name.substring(r.getKey().length())).findFirst();
    }

    /** {@code apvirt.devices[n].field}. */
    public static String device(int index, String field) {
        return DEVICES + "[" + index + "]." + field;
    }

    /** Every name as the README's reference writes it ({@code apvirt.devices[n].adapter}, {@code apvirt.hooks.<id>.<option>}). */
    public static List<String> all() {
        return ConfigSchema.get().referenceNames();
    }
}

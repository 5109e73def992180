package io.apvirt.engine.internal.scenario;

import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.engine.internal.config.ComponentCatalog;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@code requires:} entry of a catalogue file or step: a component the case needs installed.
 * A case whose requirement is not met is skipped (SKIP), not run; see the README "Conformance".
 *
 * @param value {@code vfio-ap} for a hook or behaviour, {@code mainline.cc-after-hook} for an option
 * @param line  the line of the entry
 */
public record Requirement(Kind kind, String value, int line) {

    /** The kinds of requirement, by their YAML key. */
    public enum Kind {
        /** {@code hook: ID}: the PQAP hook ID is installed ({@code none} always is). */
        HOOK("hook"),
        /** {@code behaviour: ID}: the device behaviour ID is installed. */
        BEHAVIOUR("behaviour"),
        /** {@code policy-option: POLICY.OPTION}: the policy is installed and declares the option. */
        POLICY_OPTION("policy-option"),
        /** {@code hook-option: HOOK.OPTION}: the hook is installed and declares the option. */
        HOOK_OPTION("hook-option");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The kind with this YAML key, or {@code null}. */
        public static Kind of(String key) {
            return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst().orElse(null);
        }

        public static List<String> keys() {
            return Arrays.stream(values()).map(Kind::key).toList();
        }

        boolean isOption() {
            return this == POLICY_OPTION || this == HOOK_OPTION;
        }
    }

    public Requirement {
        if (kind.isOption() && (value.indexOf('.') <= 0 || value.endsWith("."))) {
            throw new IllegalArgumentException(kind.key + " needs COMPONENT.OPTION, for example "
                    + (kind == Kind.POLICY_OPTION ? "mainline.cc-after-hook" : "vfio-ap.max-isc"));
        }
    }

    /** {@code hook: vfio-ap}. */
    public String describe() {
        return kind.key + ": " + value;
    }

    /** Why the installed components do not meet this requirement; empty when they do. */
    public Optional<String> unmet(ComponentCatalog installed) {
        return switch (kind) {
            case HOOK -> ComponentCatalog.NO_HOOK.equals(value) || installed.hooks().containsKey(value) ? Optional.empty()
                    : Optional.of("needs the hook " + value + ", which is not installed (installed: " + hookIds(installed) + ")");
            case BEHAVIOUR -> installed.behaviours().containsKey(value) ? Optional.empty()
                    : Optional.of("needs the device behaviour " + value + ", which is not installed (installed: "
                    + ids(installed.behaviours().keySet()) + ")");
            case POLICY_OPTION -> unmetOption(installed, ComponentKind.POLICY);
            case HOOK_OPTION -> unmetOption(installed, ComponentKind.HOOK);
        };
    }

    /** For an option requirement: the policy or hook id (before the first dot). */
    public String component() {
        int dot = value.indexOf('.');
        return kind.isOption() ? value.substring(0, dot) : value;
    }

    /** For an option requirement: the option name (after the first dot); else {@code null}. */
    public String option() {
        return kind.isOption() ? value.substring(value.indexOf('.') + 1) : null;
    }

    /** The option requirement {@code <component>.<option>} of a policy or hook. */
    private Optional<String> unmetOption(ComponentCatalog installed, ComponentKind component) {
        ComponentCatalog.Entry entry = installed.of(component).get(component());
        if (entry == null) {
            return Optional.of("needs the " + component.label() + " " + component() + " (for its option " + option()
                    + "), which is not installed (installed: "
                    + (component == ComponentKind.HOOK ? hookIds(installed) : ids(installed.of(component).keySet())) + ")");
        }
        return entry.option(option()) != null ? Optional.empty()
                : Optional.of("needs the option " + option() + " of " + component.label() + " " + component()
                + ", which it does not have (" + options(entry.optionNames()) + ")");
    }

    private static String hookIds(ComponentCatalog installed) {
        return installed.hooks().isEmpty() ? "only none" : ComponentCatalog.NO_HOOK + ", " + String.join(", ", installed.hooks().keySet());
    }

    private static String ids(java.util.Collection<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static String options(List<String> names) {
        return names.isEmpty() ? "it has none" : "its options: " + String.join(", ", names);
    }
}

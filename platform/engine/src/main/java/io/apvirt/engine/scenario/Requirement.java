package io.apvirt.engine.scenario;

import io.apvirt.api.policy.PolicyOption;
import io.apvirt.engine.config.ComponentCatalog;

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
            case POLICY_OPTION -> {
                ComponentCatalog.PolicyInfo policy = installed.policies().get(component());
                if (policy == null) {
                    yield Optional.of("needs the policy " + component() + " (for its option " + option()
                            + "), which is not installed (installed: " + ids(installed.policies().keySet()) + ")");
                }
                yield policy.option(option()) != null ? Optional.empty()
                        : Optional.of("needs the option " + option() + " of policy " + component() + ", which it does not have ("
                        + options(policy.options()) + ")");
            }
            case HOOK_OPTION -> {
                if (!installed.hooks().containsKey(component())) {
                    yield Optional.of("needs the hook " + component() + " (for its option " + option()
                            + "), which is not installed (installed: " + hookIds(installed) + ")");
                }
                yield installed.hookOption(component(), option()) != null ? Optional.empty()
                        : Optional.of("needs the option " + option() + " of hook " + component() + ", which it does not have ("
                        + options(installed.hookOptionSpecs().getOrDefault(component(), List.of())) + ")");
            }
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

    private static String hookIds(ComponentCatalog installed) {
        return installed.hooks().isEmpty() ? "only none" : ComponentCatalog.NO_HOOK + ", " + String.join(", ", installed.hooks().keySet());
    }

    private static String ids(java.util.Collection<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static String options(List<PolicyOption> options) {
        return options.isEmpty() ? "it has none" : "its options: " + String.join(", ", options.stream().map(PolicyOption::name).toList());
    }
}

package io.apvirt.api.plugin;

import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.policy.InterceptPolicy;

/** The three extension points, with where the configuration selects them and sets their options. */
public enum ComponentKind {
    /** {@code apvirt.policy: <id>}; options {@code apvirt.policies.<id>.<name>}. */
    POLICY("policy", "policy", InterceptPolicy.class, "apvirt.policy", "apvirt.policies."),
    /** {@code apvirt.hook: <id>[:file]}; options {@code apvirt.hooks.<id>.<name>}. */
    HOOK("hook", "hook", PqapHook.class, "apvirt.hook", "apvirt.hooks."),
    /** {@code apvirt.devices[n].behaviour: <id>[:file]}; options {@code apvirt.behaviours.<id>.<name>}. */
    BEHAVIOUR("behaviour", "device behaviour", DeviceBehaviour.class, "apvirt.devices[n].behaviour", "apvirt.behaviours.");

    private final String label;
    private final String noun;
    private final Class<? extends Component<?>> type;
    private final String selectedBy;
    private final String optionPrefix;

    ComponentKind(String label, String noun, Class<? extends Component<?>> type, String selectedBy, String optionPrefix) {
        this.label = label;
        this.noun = noun;
        this.type = type;
        this.selectedBy = selectedBy;
        this.optionPrefix = optionPrefix;
    }

    /** {@code policy}, {@code hook}, {@code behaviour}: as {@code apvirt components} prints it. */
    public String label() {
        return label;
    }

    /** How a message names the kind: {@code policy}, {@code hook}, {@code device behaviour}. */
    public String noun() {
        return noun;
    }

    /** The interface a bean of this kind implements. */
    public Class<? extends Component<?>> type() {
        return type;
    }

    /** The property that names a component of this kind. */
    public String selectedBy() {
        return selectedBy;
    }

    /** {@code apvirt.policies.}: followed by {@code <id>.<option>}. */
    public String optionPrefix() {
        return optionPrefix;
    }

    /** The kind of this label, or {@code null}. */
    public static ComponentKind ofLabel(String label) {
        for (ComponentKind k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        return null;
    }
}

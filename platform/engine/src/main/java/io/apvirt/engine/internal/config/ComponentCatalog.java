package io.apvirt.engine.internal.config;

import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.api.plugin.Option;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The loaded policies, hooks and device behaviours, by kind and id, with the module each came
 * from and the options it declares: what the configuration may name. Given to the validator as
 * its constraint-validator payload.
 */
public final class ComponentCatalog {

    /** The hook id that attaches no hook. */
    public static final String NO_HOOK = "none";

    /** One loaded component. */
    public record Entry(ComponentKind kind, String id, String module, String description, List<Option> options) {
        public Entry {
            options = List.copyOf(options);
        }

        /** The declared option of this name, or {@code null}. */
        public Option option(String name) {
            return options.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
        }

        /** The names of its options, in declaration order. */
        public List<String> optionNames() {
            return options.stream().map(Option::name).toList();
        }
    }

    private final Map<ComponentKind, SortedMap<String, Entry>> byKind = new EnumMap<>(ComponentKind.class);

    private ComponentCatalog(List<Entry> entries) {
        for (ComponentKind kind : ComponentKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (Entry e : entries) {
            byKind.get(e.kind()).put(e.id(), e);
        }
        byKind.replaceAll((k, m) -> Collections.unmodifiableSortedMap(m));
    }

    public static ComponentCatalog of(List<Entry> entries) {
        return new ComponentCatalog(entries);
    }

    /** A policy entry (for tests and tools that build a catalog by hand). */
    public static Entry policy(String id, String module, String description, List<Option> options) {
        return new Entry(ComponentKind.POLICY, id, module, description, options);
    }

    public static Entry hook(String id, String module, List<Option> options) {
        return new Entry(ComponentKind.HOOK, id, module, "", options);
    }

    public static Entry behaviour(String id, String module, List<Option> options) {
        return new Entry(ComponentKind.BEHAVIOUR, id, module, "", options);
    }

    /** The loaded components of one kind, by id. */
    public SortedMap<String, Entry> of(ComponentKind kind) {
        return byKind.get(kind);
    }

    public SortedMap<String, Entry> policies() {
        return of(ComponentKind.POLICY);
    }

    public SortedMap<String, Entry> hooks() {
        return of(ComponentKind.HOOK);
    }

    public SortedMap<String, Entry> behaviours() {
        return of(ComponentKind.BEHAVIOUR);
    }

    /**
     * What is loaded of a kind, for messages: {@code corrected (apvirt-policy-corrected-0.1.0.jar), legacy-abi (...)};
     * hooks start with {@code none}.
     */
    public String describe(ComponentKind kind) {
        StringBuilder b = new StringBuilder(kind == ComponentKind.HOOK ? NO_HOOK : "");
        of(kind).values().forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.id()).append(" (").append(e.module()).append(')'));
        if (b.isEmpty()) {
            return kind == ComponentKind.BEHAVIOUR ? "no device behaviour is on the class path" : "no policy module is on the class path";
        }
        return b.toString();
    }

    public String describePolicies() {
        return describe(ComponentKind.POLICY);
    }

    public String describeHooks() {
        return describe(ComponentKind.HOOK);
    }

    public String describeBehaviours() {
        return describe(ComponentKind.BEHAVIOUR);
    }
}

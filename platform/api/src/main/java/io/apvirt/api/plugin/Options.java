package io.apvirt.api.plugin;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated values of a component's options: every declared {@link Option} present, the
 * configured value or its default, typed. A getter of the wrong type, or for an undeclared
 * name, is a programming error of the component and throws.
 */
public final class Options {

    /** A component without options. */
    public static final Options NONE = new Options(Map.of(), Map.of());

    private final Map<String, Object> values;
    private final Map<String, String> texts;

    private Options(Map<String, Object> values, Map<String, String> texts) {
        this.values = values;
        this.texts = texts;
    }

    /** The defaults of these options. */
    public static Options defaults(List<Option> declared) {
        return of(declared, Map.of());
    }

    /**
     * Every declared option: the configured text, else its default.
     *
     * @throws IllegalArgumentException for a configured name that is not declared, or a value the option refuses
     *                                  (the engine's configuration reports both before any machine is built)
     */
    public static Options of(List<Option> declared, Map<String, String> configured) {
        if (declared.isEmpty() && configured.isEmpty()) {
            return NONE;
        }
        Map<String, Object> values = new TreeMap<>();
        Map<String, String> texts = new TreeMap<>();
        for (Option option : declared) {
            String text = configured.getOrDefault(option.name(), option.defaultText()).trim();
            Object value = option.parse(text);
            if (value == null) {
                throw new IllegalArgumentException("option " + option.name() + ": '" + text + "' is not " + option.accepted());
            }
            values.put(option.name(), value);
            texts.put(option.name(), text);
        }
        for (String name : configured.keySet()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a declared option; declared: " + texts.keySet());
            }
        }
        return new Options(Collections.unmodifiableMap(values), Collections.unmodifiableMap(texts));
    }

    /** The value of a {@link Option.Choice}. */
    public String choice(String name) {
        return typed(name, String.class, "choice");
    }

    /** The value of a {@link Option.Number}. */
    public long number(String name) {
        return typed(name, Long.class, "number");
    }

    /** The value of a {@link Option.Number} whose range fits an {@code int}. */
    public int integer(String name) {
        return Math.toIntExact(number(name));
    }

    /** The value of a {@link Option.Flag}. */
    public boolean flag(String name) {
        return typed(name, Boolean.class, "flag");
    }

    /** Any option's value as the configuration writes it ({@code 0x06}, {@code 7}, {@code true}). */
    public String text(String name) {
        String t = texts.get(name);
        if (t == null) {
            throw new IllegalArgumentException("option " + name + " was not declared; declared: " + texts.keySet());
        }
        return t;
    }

    /** Option name to its value as text, in name order. */
    public Map<String, String> texts() {
        return texts;
    }

    private <T> T typed(String name, Class<T> type, String kind) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("option " + name + " was not declared; declared: " + values.keySet());
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("option " + name + " is not a " + kind + " option");
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return texts.toString();
    }
}

package io.apvirt.engine.internal.sweep;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes scenario YAML (README "Scenarios") from ordered maps: the sweep's steps are kept in
 * the scenario format and read back with {@link io.apvirt.engine.internal.scenario.ScenarioLoader}, so a
 * witness is exactly what was executed. Values: {@link Boolean}, {@link Number}, {@link Hex}
 * (written {@code 0x...}), {@link String} (quoted when YAML would read it as something else),
 * lists and maps (flow style).
 */
public final class ScenarioText {

    /** A number written in hex, as scenarios write addresses and register values. */
    public record Hex(long value) {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(value);
        }
    }

    private static final Pattern PLAIN = Pattern.compile("[a-z][a-z0-9:/._-]*");

    private ScenarioText() {
    }

    /** A whole scenario: name, description, {@code config:} and {@code steps:}. */
    public static String scenario(String name, String description, Map<String, Object> config,
                                  List<Map<String, Object>> steps) {
        StringBuilder b = new StringBuilder();
        b.append("name: ").append(scalar(name)).append('\n');
        if (description != null) {
            b.append("description: ").append(scalar(description)).append('\n');
        }
        if (!config.isEmpty()) {
            b.append("config:\n");
            for (Map.Entry<String, Object> e : config.entrySet()) {
                b.append("  ").append(e.getKey()).append(": ").append(value(e.getValue())).append('\n');
            }
        }
        b.append("steps:\n");
        for (Map<String, Object> step : steps) {
            b.append("  - ").append(value(step)).append('\n');
        }
        return b.toString();
    }

    /** One value in flow style. */
    public static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case Boolean bool -> bool.toString();
            case Number n -> n.toString();
            case Hex h -> h.toString();
            case String s -> scalar(s);
            case Map<?, ?> m -> {
                StringBuilder b = new StringBuilder("{");
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (b.length() > 1) {
                        b.append(", ");
                    }
                    b.append(e.getKey()).append(": ").append(value(e.getValue()));
                }
                yield b.append('}').toString();
            }
            case List<?> l -> {
                StringBuilder b = new StringBuilder("[");
                for (Object o : l) {
                    if (b.length() > 1) {
                        b.append(", ");
                    }
                    b.append(value(o));
                }
                yield b.append(']').toString();
            }
            default -> throw new IllegalArgumentException("no scenario form for " + v.getClass().getSimpleName());
        };
    }

    private static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !s.equals("true") && !s.equals("false") && !s.equals("null")) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

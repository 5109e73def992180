package io.apvirt.engine.internal.sweep;

import java.util.List;

/**
 * One axis of the configuration space the sweep walks: a configuration key (as a scenario's
 * {@code config:} block writes it, without the {@code apvirt.} prefix) or {@code problem-state}
 * (the PSW bit of the swept step), with its values in sweep order (the default first).
 *
 * @param values {@link Boolean}s, or {@link String}s for {@code hook}
 */
public record Dimension(String name, List<Object> values) {

    public Dimension {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("dimension " + name + " has no values");
        }
    }

    public static Dimension bool(String name, boolean first) {
        return new Dimension(name, List.of(first, !first));
    }

    public int size() {
        return values.size();
    }

    public int indexOf(Object value) {
        return values.indexOf(value);
    }
}

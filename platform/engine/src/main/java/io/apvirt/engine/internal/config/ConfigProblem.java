package io.apvirt.engine.internal.config;

import io.apvirt.api.embed.SettingsProblem;

/**
 * One thing wrong with the configuration: where (the property path, and the source it came
 * from when known), the rejected value, and what to do.
 */
public record ConfigProblem(String property, String rejectedValue, String source, String message)
        implements Comparable<ConfigProblem> {

    @Override
    public int compareTo(ConfigProblem o) {
        int c = property.compareTo(o.property);
        return c != 0 ? c : message.compareTo(o.message);
    }

    /** The same problem as the embedding API reports it. */
    public SettingsProblem toSettingsProblem() {
        return new SettingsProblem(property, rejectedValue, source, message);
    }

    /** {@code apvirt.matrix.adapters[0] = 200 (from cfg.yaml): must be at most 63 without apxa ...}. */
    public String render() {
        return toSettingsProblem().render();
    }
}

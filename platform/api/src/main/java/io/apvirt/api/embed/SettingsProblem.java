package io.apvirt.api.embed;

/**
 * One thing wrong with the settings: the property path ({@code apvirt.devices[1].queue-depth}),
 * the rejected value, where it came from ({@code cfg.yaml}, {@code MachineSettings},
 * {@code environment}), and what to do.
 *
 * @param rejectedValue null when the property is missing
 * @param source        null when not known
 */
public record SettingsProblem(String property, String rejectedValue, String source, String message) {

    /** {@code apvirt.matrix.adapters[0] = 200 (from cfg.yaml): APID above 63 needs APXA ...}. */
    public String render() {
        StringBuilder b = new StringBuilder(property);
        if (rejectedValue != null) {
            b.append(" = ").append(rejectedValue);
        }
        if (source != null) {
            b.append(" (from ").append(source).append(')');
        }
        return b.append(": ").append(message).toString();
    }
}

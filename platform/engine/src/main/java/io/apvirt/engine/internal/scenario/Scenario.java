package io.apvirt.engine.internal.scenario;

import java.util.List;
import java.util.Map;

/**
 * A YAML file of steps with optional configuration overrides (keys with the {@code apvirt.}
 * prefix added) and expectations; see the README's "Scenarios" section.
 *
 * @param requires {@code requires:} what every step of the file needs installed (for {@code apvirt conformance})
 */
public record Scenario(String file, String name, String description, Map<String, String> config, List<Step> steps,
                       List<Requirement> requires) {

    public Scenario {
        steps = List.copyOf(steps);
        requires = List.copyOf(requires);
    }

    /** A scenario without file-level requirements. */
    public Scenario(String file, String name, String description, Map<String, String> config, List<Step> steps) {
        this(file, name, description, config, steps, List.of());
    }

    /** The same file with only these of its steps (their numbers and lines kept). */
    public Scenario withSteps(List<Step> only) {
        return new Scenario(file, name, description, config, only, requires);
    }
}

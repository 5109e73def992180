package io.apvirt.engine.scenario;

import java.util.List;
import java.util.Map;

/**
 * A YAML file of steps with optional configuration overrides (keys with the {@code apvirt.}
 * prefix added) and expectations; see the README's "Scenarios" section.
 */
public record Scenario(String file, String name, String description, Map<String, String> config, List<Step> steps) {
}

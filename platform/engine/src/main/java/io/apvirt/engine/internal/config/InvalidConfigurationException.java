package io.apvirt.engine.internal.config;

import io.apvirt.api.embed.InvalidSettingsException;

import java.util.List;

/**
 * The configuration cannot be used; every problem found is listed. Exit code 2 in the CLI. An
 * embedder catches it as the API's {@link InvalidSettingsException}.
 */
public class InvalidConfigurationException extends InvalidSettingsException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public InvalidConfigurationException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toSettingsProblem).toList());
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}

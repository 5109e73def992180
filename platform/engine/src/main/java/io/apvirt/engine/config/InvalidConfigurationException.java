package io.apvirt.engine.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; every problem found is listed. Exit code 2 in the CLI. */
public class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public InvalidConfigurationException(List<ConfigProblem> problems) {
        super("invalid configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  " + p.render()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}

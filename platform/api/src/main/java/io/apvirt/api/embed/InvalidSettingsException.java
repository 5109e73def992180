package io.apvirt.api.embed;

import java.util.List;
import java.util.stream.Collectors;

/** The settings cannot make a machine; every problem found is listed (the CLI exits 2 with them). */
public class InvalidSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<SettingsProblem> settingsProblems;

    public InvalidSettingsException(List<SettingsProblem> problems) {
        super("invalid configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  " + p.render()).collect(Collectors.joining("\n")));
        this.settingsProblems = List.copyOf(problems);
    }

    /** Every problem, by property. */
    public List<SettingsProblem> settingsProblems() {
        return settingsProblems;
    }
}

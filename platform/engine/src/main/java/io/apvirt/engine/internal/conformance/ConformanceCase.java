package io.apvirt.engine.internal.conformance;

import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.Step;

import java.nio.file.Path;

/** One case of a catalogue: a step with an expectation, named {@code <file stem>/<step name>}. */
public record ConformanceCase(Scenario file, Step step) {

    /** The file name without its folder and {@code .yaml}: {@code priority}. */
    public String stem() {
        String name = Path.of(file.file()).getFileName().toString();
        for (String ext : new String[]{".yaml", ".yml"}) {
            if (name.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    /** The step's name, or {@code step N} for an unnamed step. */
    public String stepName() {
        return step.name().isBlank() ? "step " + step.index() : step.name();
    }

    /** {@code priority/problem state and reserved bits}. */
    public String name() {
        return stem() + "/" + stepName();
    }

    /** The name with the step's {@code cite}: {@code qci/misaligned block (11.5 step 3)}. */
    public String title() {
        return name() + citation();
    }

    /** {@code " (11.5 step 3)"}, or {@code ""} without {@code cite}. */
    public String citation() {
        String cite = step.catalogue().cite();
        return cite.isEmpty() ? "" : " (" + cite + ")";
    }
}

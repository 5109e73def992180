package io.apvirt.engine.scenario;

/** A scenario file that cannot be used: names the file, the line and the field, and how to fix it. */
public class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String file, int line, String field, String message) {
        super(file + ":" + line + ": " + (field == null ? "" : field + ": ") + message);
    }

    public ScenarioException(String file, String message) {
        super(file + ": " + message);
    }
}

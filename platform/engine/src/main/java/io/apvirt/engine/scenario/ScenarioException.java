package io.apvirt.engine.scenario;

/** A scenario file that cannot be used: names the file, the line and the field, and how to fix it. */
public class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final Integer line;
    private final String field;
    private final String reason;

    public ScenarioException(String file, int line, String field, String message) {
        super(file + ":" + line + ": " + (field == null ? "" : field + ": ") + message);
        this.file = file;
        this.line = line;
        this.field = field;
        this.reason = message;
    }

    public ScenarioException(String file, String message) {
        super(file + ": " + message);
        this.file = file;
        this.line = null;
        this.field = null;
        this.reason = message;
    }

    /** The scenario file as named. */
    public String file() {
        return file;
    }

    /** The line, or null when the problem is the file as a whole (it cannot be read or parsed). */
    public Integer line() {
        return line;
    }

    /** The field path ({@code steps[1].colour}), or null. */
    public String field() {
        return field;
    }

    /** What is wrong and how to fix it, without the file, line and field. */
    public String reason() {
        return reason;
    }
}

package io.apvirt.engine.internal.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario files that cannot be used: every problem found, each naming the file, the line and
 * the field, and how to fix it. {@link #file()}, {@link #line()}, {@link #field()} and
 * {@link #reason()} are those of the first problem; {@link #getMessage()} renders them all,
 * one a line.
 */
public class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param line   the line, or null when the problem is the file as a whole (it cannot be read or parsed)
     * @param field  the field path ({@code steps[1].colour}), or null
     * @param reason what is wrong and how to fix it, without the file, line and field
     */
    public record Problem(String file, Integer line, String field, String reason) {
        /** {@code FILE:LINE: FIELD: REASON} (without the parts that are null). */
        public String render() {
            return file + (line == null ? "" : ":" + line) + ": " + (field == null ? "" : field + ": ") + reason;
        }
    }

    private final List<Problem> problems;

    public ScenarioException(String file, int line, String field, String message) {
        this(List.of(new Problem(file, line, field, message)));
    }

    public ScenarioException(String file, String message) {
        this(List.of(new Problem(file, null, null, message)));
    }

    /** @param problems at least one, in the order to report them (see {@link #ordered}) */
    public ScenarioException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        }
        return String.join("\n", problems.stream().map(Problem::render).toList());
    }

    /**
     * The problems in report order: file by file in the order the files first appear, within a
     * file by line (a problem of the file as a whole first); problems on one line keep their order.
     */
    public static List<Problem> ordered(List<Problem> problems) {
        return ordered(problems, List.of());
    }

    /**
     * The problems in report order: file by file in the order of {@code files} (then any other file in the order it
     * first appears), within a file by line.
     */
    public static List<Problem> ordered(List<Problem> problems, List<String> files) {
        Map<String, List<Problem>> byFile = new LinkedHashMap<>();
        files.forEach(f -> byFile.put(f, new ArrayList<>()));
        for (Problem p : problems) {
            byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p);
        }
        List<Problem> out = new ArrayList<>();
        for (List<Problem> file : byFile.values()) {
            file.sort(Comparator.comparingInt(p -> p.line() == null ? 0 : p.line()));
            out.addAll(file);
        }
        return List.copyOf(out);
    }

    /** Every problem, at least one. */
    public List<Problem> problems() {
        return problems;
    }

    /** The scenario file of the first problem, as named. */
    public String file() {
        return problems.get(0).file();
    }

    /** The line of the first problem, or null when it is the file as a whole (it cannot be read or parsed). */
    public Integer line() {
        return problems.get(0).line();
    }

    /** The field path of the first problem ({@code steps[1].colour}), or null. */
    public String field() {
        return problems.get(0).field();
    }

    /** What is wrong with the first problem and how to fix it, without the file, line and field. */
    public String reason() {
        return problems.get(0).reason();
    }
}

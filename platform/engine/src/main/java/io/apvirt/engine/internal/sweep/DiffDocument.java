package io.apvirt.engine.internal.sweep;

import java.util.List;
import java.util.Map;

/**
 * The report of {@code apvirt diff} as values, in the order of the {@code --json} document
 * ({@code docs/schemas/diff.schema.json}); the CLI renders it as text, Markdown, JSON and HTML.
 * Absent values are {@code null}.
 */
public record DiffDocument(String schema, List<String> policies, List<DimensionDoc> dimensions, List<String> constraints,
                           List<InstructionDoc> instructions, Totals totals, Map<String, Integer> coverage,
                           List<String> unreached, List<Row> rows, Map<String, List<Departure>> departures,
                           List<ClassDoc> classes) {

    public static final String SCHEMA = "apvirt.diff/1";

    public record DimensionDoc(String name, List<Object> values) {
    }

    /**
     * An instruction class and its template: a class's witness is {@code config} on the class's
     * dimension values, {@code setup}, and {@code step} with the class's {@code problem-state}.
     */
    public record InstructionDoc(String id, String family, String text, String description, Map<String, Object> config,
                                 List<Map<String, Object>> setup, Map<String, Object> step) {
    }

    /** @param departing policy id to the number of classes where it departs from the architected result */
    public record Totals(int classes, int differing, Map<String, Integer> departing) {
    }

    /**
     * Classes where the selected policies differ, grouped: every class matching {@code when} (an
     * instruction list and the dimensions it fixes; the others are free) has these outcomes.
     */
    /** @param witness the id of the row's first class, whose witness reproduces the row */
    public record Row(String id, Map<String, Object> when, Map<String, String> outcomes, int classes, String witness,
                      String text) {
    }

    /**
     * Classes where one policy departs from the architected result, grouped the same way.
     *
     * @param rule the rule that decided, after the rule of the level above that handed it on ({@code via > rule})
     */
    public record Departure(Map<String, Object> when, String outcome, String architected, String rule, int classes,
                            String text) {
    }

    public record OutcomeDoc(String program, Integer cc, String rc, String level, String rule, String via, String text) {
        static OutcomeDoc of(SweepOutcome o) {
            return new OutcomeDoc(o.program(), o.cc(), o.rcHex(), o.level(), o.rule(), o.via(), o.text());
        }
    }

    /** @param setup steps in the scenario format run before {@code step}, often none */
    public record Witness(Map<String, Object> config, List<Map<String, Object>> setup, Map<String, Object> step) {
    }

    public record ClassDoc(String id, String instruction, Map<String, Object> conditions, Map<String, OutcomeDoc> outcomes,
                           OutcomeDoc architected, boolean differs, List<String> departs, String row, Witness witness) {
        /** The class without its witness (the HTML page composes it from the instruction's template). */
        public ClassDoc withoutWitness() {
            return new ClassDoc(id, instruction, conditions, outcomes, architected, differs, departs, row, null);
        }
    }

    /** The document with other classes. */
    public DiffDocument withClasses(List<ClassDoc> other) {
        return new DiffDocument(schema, policies, dimensions, constraints, instructions, totals, coverage, unreached, rows,
                departures, other);
    }

    /** The document with its classes' witnesses left out. */
    public DiffDocument withoutWitnesses() {
        return new DiffDocument(schema, policies, dimensions, constraints, instructions, totals, coverage, unreached, rows,
                departures, classes.stream().map(ClassDoc::withoutWitness).toList());
    }
}

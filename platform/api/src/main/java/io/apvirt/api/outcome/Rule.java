package io.apvirt.api.outcome;

import java.util.regex.Pattern;

/**
 * A rule of the model: a stable id (for example {@code spec.gr0-reserved-bits}), the source
 * it comes from (a section of docs/architecture.md or a kernel/QEMU file) and one line saying
 * what it decides. Rules are constants; outcomes name the rule that fired.
 */
public record Rule(String id, String source, String summary) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");

    public Rule {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id '" + id + "' is not of the form word.word-word");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("rule " + id + " cites no source");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}

package io.apvirt.cli.render;

import java.util.ArrayList;
import java.util.List;

/** A left-aligned column table, as lszcrypt prints them; the last column is not padded. */
public final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    /** Lines printed under a row (by its index), outside the columns. */
    private final java.util.Map<Integer, List<String>> notes = new java.util.HashMap<>();

    public Table(String... header) {
        this.header = header;
    }

    public Table row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + header.length + " columns");
        }
        rows.add(cells);
        return this;
    }

    /** A line under the last row, not aligned to the columns and not widening them. */
    public Table note(String line) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("a note belongs under a row");
        }
        notes.computeIfAbsent(rows.size() - 1, r -> new ArrayList<>()).add(line);
        return this;
    }

    public String render() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, width);
        for (int r = 0; r < rows.size(); r++) {
            line(b, rows.get(r), width);
            notes.getOrDefault(r, List.of()).forEach(n -> b.append(n).append('\n'));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            l.append(cells[i]);
            if (i < cells.length - 1) {
                l.append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}

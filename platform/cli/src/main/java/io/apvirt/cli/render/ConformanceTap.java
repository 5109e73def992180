package io.apvirt.cli.render;

import io.apvirt.engine.internal.conformance.CaseResult;
import io.apvirt.engine.internal.conformance.ConformanceReport;
import io.apvirt.engine.internal.scenario.Expectation;

/**
 * {@code apvirt conformance --tap}: TAP version 13 (testanything.org), which {@code prove}
 * reads. PASS is {@code ok}, FAIL {@code not ok}, XFAIL {@code not ok ... # TODO reason}, SKIP
 * {@code ok ... # SKIP reason}; an XPASS is {@code not ok} without a directive, so that a
 * harness fails on it as {@code apvirt} does. FAIL, XFAIL and XPASS carry a YAML diagnostics
 * block with the file, the line and expected against actual.
 */
public final class ConformanceTap {
    private ConformanceTap() {
    }

    public static String render(ConformanceReport report) {
        StringBuilder b = new StringBuilder("TAP version 13\n");
        b.append("1..").append(report.results().size()).append('\n');
        b.append("# ").append(ConformanceText.header(report)).append('\n');
        int n = 0;
        for (CaseResult r : report.results()) {
            n++;
            String description = escape(ConformanceText.description(r));
            switch (r.verdict()) {
                case PASS -> b.append("ok ").append(n).append(" - ").append(description).append('\n');
                case SKIP -> b.append("ok ").append(n).append(" - ").append(description).append(" # SKIP ")
                        .append(escape(r.reason())).append('\n');
                case XFAIL -> {
                    b.append("not ok ").append(n).append(" - ").append(description).append(" # TODO ")
                            .append(escape(r.reason())).append('\n');
                    diagnostics(b, r);
                }
                case FAIL, XPASS -> {
                    b.append("not ok ").append(n).append(" - ").append(description).append('\n');
                    diagnostics(b, r);
                }
            }
        }
        b.append("# ").append(ConformanceText.summary(report)).append('\n');
        return b.toString();
    }

    private static void diagnostics(StringBuilder b, CaseResult r) {
        b.append("  ---\n");
        b.append("  verdict: ").append(r.verdict()).append('\n');
        b.append("  policy: ").append(quote(r.policy())).append('\n');
        b.append("  file: ").append(quote(r.kase().file().file())).append('\n');
        b.append("  line: ").append(r.kase().step().line()).append('\n');
        if (!r.reason().isEmpty()) {
            b.append("  departure: ").append(quote(r.reason())).append('\n');
        }
        if (!r.mismatches().isEmpty()) {
            b.append("  mismatches:\n");
            for (Expectation.Mismatch m : r.mismatches()) {
                b.append("    - field: ").append(quote(m.field())).append('\n');
                b.append("      expected: ").append(quote(m.expected())).append('\n');
                b.append("      got: ").append(quote(m.actual())).append('\n');
            }
        }
        b.append("  ...\n");
    }

    /** A description or directive text: one line, {@code #} escaped (it would start a directive). */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("#", "\\#").replace('\n', ' ').replace('\r', ' ');
    }

    /** A YAML double-quoted scalar. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

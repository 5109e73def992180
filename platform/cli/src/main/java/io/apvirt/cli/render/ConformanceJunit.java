package io.apvirt.cli.render;

import io.apvirt.engine.internal.conformance.CaseResult;
import io.apvirt.engine.internal.conformance.ConformanceReport;
import io.apvirt.engine.internal.conformance.Verdict;

import java.util.List;

/**
 * {@code apvirt conformance --junit FILE}: the JUnit XML that CI servers read. One
 * {@code <testsuite>} per policy; a {@code <testcase>} per case with classname
 * {@code <policy>.<file stem>}; FAIL and XPASS as {@code <failure>}, SKIP and XFAIL as
 * {@code <skipped>} (XFAIL with the message {@code expected failure: <reason>}).
 */
public final class ConformanceJunit {
    private ConformanceJunit() {
    }

    public static String render(ConformanceReport report) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        ConformanceReport.Summary all = report.summary();
        b.append("<testsuites name=\"apvirt conformance\" tests=\"").append(all.tests()).append("\" failures=\"")
                .append(all.unexpectedFailures()).append("\" errors=\"0\" skipped=\"").append(all.skipped() + all.expectedFailures())
                .append("\">\n");
        for (String policy : report.policies()) {
            List<CaseResult> results = report.results(policy);
            ConformanceReport.Summary s = ConformanceReport.summary(results);
            b.append("  <testsuite name=\"").append(attr(policy)).append("\" tests=\"").append(s.tests()).append("\" failures=\"")
                    .append(s.unexpectedFailures()).append("\" errors=\"0\" skipped=\"").append(s.skipped() + s.expectedFailures())
                    .append("\">\n");
            for (CaseResult r : results) {
                testcase(b, r);
            }
            b.append("  </testsuite>\n");
        }
        b.append("</testsuites>\n");
        return b.toString();
    }

    private static void testcase(StringBuilder b, CaseResult r) {
        b.append("    <testcase classname=\"").append(attr(r.policy() + "." + r.kase().stem())).append("\" name=\"")
                .append(attr(r.kase().stepName() + r.kase().citation())).append('"');
        if (r.verdict() == Verdict.PASS) {
            b.append("/>\n");
            return;
        }
        b.append(">\n");
        String where = r.kase().file().file() + ":" + r.kase().step().line();
        switch (r.verdict()) {
            case FAIL -> b.append("      <failure message=\"").append(attr(r.detail())).append("\" type=\"FAIL\">")
                    .append(text(where + ": " + String.join("\n", r.mismatches().stream().map(m -> m.render()).toList())))
                    .append("</failure>\n");
            case XPASS -> b.append("      <failure message=\"").append(attr(r.detail())).append("\" type=\"XPASS\">")
                    .append(text(where + ": the expectation held; remove the xfail-by-policy entry of " + r.policy()))
                    .append("</failure>\n");
            case XFAIL -> b.append("      <skipped message=\"").append(attr("expected failure: " + r.reason())).append("\"/>\n");
            case SKIP -> b.append("      <skipped message=\"").append(attr(r.reason())).append("\"/>\n");
            case PASS -> throw new AssertionError();
        }
        b.append("    </testcase>\n");
    }

    /** An attribute value: markup, quotes and line breaks escaped, characters XML 1.0 does not allow dropped. */
    static String attr(String s) {
        return escape(s, true);
    }

    static String text(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

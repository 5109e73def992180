package io.apvirt.cli.render;

import io.apvirt.engine.internal.conformance.CaseResult;
import io.apvirt.engine.internal.conformance.ConformanceReport;

/**
 * The text report of {@code apvirt conformance}, in the manner of kvm-unit-tests: a line per
 * case and policy ({@code PASS corrected: priority/problem state first (11.5 step 2)}; FAIL with
 * expected against actual, XFAIL and XPASS with the recorded departure, SKIP with its reason
 * after {@code --}), then the SUMMARY line.
 */
public final class ConformanceText {
    private ConformanceText() {
    }

    public static String render(ConformanceReport report) {
        StringBuilder b = new StringBuilder();
        b.append(header(report)).append('\n');
        for (CaseResult r : report.results()) {
            b.append(line(r)).append('\n');
        }
        b.append(summary(report)).append('\n');
        return b.toString();
    }

    /** {@code conformance: built-in catalogue, 25 files, 140 cases, policies corrected, legacy-abi, mainline}. */
    static String header(ConformanceReport report) {
        int files = report.files();
        int cases = report.cases();
        return "conformance: " + report.source() + ", " + files + (files == 1 ? " file, " : " files, ") + cases
                + (cases == 1 ? " case, " : " cases, ") + (report.policies().size() == 1 ? "policy " : "policies ")
                + String.join(", ", report.policies());
    }

    /** {@code XFAIL legacy-abi: vfio-ap/enable (11.6) -- reason}. */
    public static String line(CaseResult r) {
        String detail = r.detail();
        return r.verdict() + " " + description(r) + (detail.isEmpty() ? "" : " -- " + detail);
    }

    /** {@code legacy-abi: vfio-ap/enable (11.6)}. */
    static String description(CaseResult r) {
        return r.policy() + ": " + r.kase().title();
    }

    /** {@code SUMMARY: 360 tests, 0 unexpected failures, 80 expected failures, 0 skipped}. */
    public static String summary(ConformanceReport report) {
        ConformanceReport.Summary s = report.summary();
        return "SUMMARY: " + s.tests() + " tests, " + s.unexpectedFailures() + " unexpected failures, " + s.expectedFailures()
                + " expected failures, " + s.skipped() + " skipped";
    }
}

package io.apvirt.engine.internal.conformance;

import java.util.List;

/**
 * The results of a run: file by file, case by case, policy by policy.
 *
 * @param source   what ran ({@code built-in catalogue}, {@code catalogue files})
 * @param files    how many catalogue files there were (those without a case too)
 * @param policies the policies, in run order
 */
public record ConformanceReport(String source, int files, List<String> policies, List<CaseResult> results) {

    /** The counts of the SUMMARY line; {@code unexpectedFailures} counts FAIL and XPASS. */
    public record Summary(int tests, int passed, int unexpectedFailures, int expectedFailures, int skipped) {
        /** Nothing ran: every case was skipped (or there was none). */
        public boolean allSkipped() {
            return skipped == tests;
        }
    }

    public ConformanceReport {
        policies = List.copyOf(policies);
        results = List.copyOf(results);
    }

    /** The cases of the catalogue (each has one result a policy). */
    public int cases() {
        return results.size() / policies.size();
    }

    public Summary summary() {
        return summary(results);
    }

    /** The results of one policy, in catalogue order. */
    public List<CaseResult> results(String policy) {
        return results.stream().filter(r -> r.policy().equals(policy)).toList();
    }

    public static Summary summary(List<CaseResult> results) {
        return new Summary(results.size(), count(results, Verdict.PASS), count(results, Verdict.FAIL) + count(results, Verdict.XPASS),
                count(results, Verdict.XFAIL), count(results, Verdict.SKIP));
    }

    private static int count(List<CaseResult> results, Verdict v) {
        return (int) results.stream().filter(r -> r.verdict() == v).count();
    }
}

package io.apvirt.engine.internal.conformance;

import io.apvirt.api.machine.Execution;
import io.apvirt.engine.internal.scenario.Expectation;

import java.util.List;

/**
 * A case under one policy.
 *
 * @param reason     XFAIL and XPASS: the recorded departure; SKIP: why it did not run; else {@code ""}
 * @param mismatches FAIL and XFAIL: expected against actual; else empty
 * @param execution  the step's last execution; {@code null} for a SKIP
 */
public record CaseResult(ConformanceCase kase, String policy, Verdict verdict, String reason,
                         List<Expectation.Mismatch> mismatches, Execution execution) {

    public CaseResult {
        mismatches = List.copyOf(mismatches);
    }

    /** The mismatches as {@code cc: expected 0, got 3; rc: expected 0x00, got 0x01}. */
    public String renderedMismatches() {
        return String.join("; ", mismatches.stream().map(Expectation.Mismatch::render).toList());
    }

    /**
     * What a report shows beside the verdict: nothing for PASS, the mismatches for FAIL, the
     * recorded departure for XFAIL, why it counts as a failure for XPASS, the reason for SKIP.
     */
    public String detail() {
        return switch (verdict) {
            case PASS -> "";
            case FAIL -> renderedMismatches();
            case XFAIL, SKIP -> reason;
            case XPASS -> "passed, but the catalogue records a departure of " + policy + ": " + reason;
        };
    }
}

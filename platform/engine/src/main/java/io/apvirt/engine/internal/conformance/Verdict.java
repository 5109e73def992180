package io.apvirt.engine.internal.conformance;

/** What a case gave under one policy, as kvm-unit-tests reports it. */
public enum Verdict {
    /** The expectation held. */
    PASS,
    /** The expectation failed and no departure is recorded for the policy: unexpected. */
    FAIL,
    /** The expectation failed, as the catalogue records for the policy ({@code xfail-by-policy}): expected. */
    XFAIL,
    /** The expectation held although the catalogue records a departure for the policy: unexpected. */
    XPASS,
    /** Not run: a requirement is not met, or the case has no expectation under the policy. */
    SKIP;

    /** FAIL and XPASS: the run is not good. */
    public boolean unexpected() {
        return this == FAIL || this == XPASS;
    }
}

package io.apvirt.api.policy;

/** Why firmware intercepted an AP instruction with icptcode 0x04 (docs/architecture.md#4.1). */
public enum InterceptReason {
    /** EECA.28 = 0: every AP instruction intercepts, before any check. */
    EECA28_OFF("eeca28-off"),
    /** PQAP(AQIC) always intercepts (mandatory intercept). */
    AQIC_MANDATORY("aqic-mandatory"),
    /** TAPQ with T=1 when the host set IC.3. */
    TAPQ_T_IC3("tapq-t-ic3");

    private final String id;

    InterceptReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The SIE interception code: always 0x04, instruction intercept (section 5). */
    public int icptcode() {
        return 0x04;
    }
}

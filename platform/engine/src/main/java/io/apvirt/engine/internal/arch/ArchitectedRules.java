package io.apvirt.engine.internal.arch;

import io.apvirt.api.outcome.Rule;

import java.util.List;

/**
 * The rules of the architected semantics (docs/architecture.md#11.5), shared by the
 * firmware stage and by any policy that decides "the architected way" (corrected).
 * One constant per check, in priority order.
 */
public final class ArchitectedRules {
    private ArchitectedRules() {
    }

    private static final String S115 = "docs/architecture.md#11.5";

    // step 1: operation
    public static final Rule OP_AP_NOT_AVAILABLE = new Rule("op.ap-not-available", S115 + " step 1; 4.6 priority",
            "AP instructions not installed for the guest (no 'ap', or no host AP instructions): operation exception");
    // step 2: privileged operation
    public static final Rule PRIV_PROBLEM_STATE = new Rule("priv.problem-state", S115 + " step 2",
            "AP instructions are privileged: problem state gets a privileged-operation exception");
    // step 3: specification
    public static final Rule SPEC_FC_UNDEFINED = new Rule("spec.fc-undefined", S115 + " step 3; 2.2 'other'",
            "PQAP function code outside 0-8: specification exception");
    public static final Rule SPEC_FC6_NOT_MODELLED = new Rule("spec.fc6-not-modelled", S115 + " step 3; 2.2 fc 6",
            "PQAP fc 6 (semantics unknown) is not modelled: specification exception");
    public static final Rule SPEC_SE_ONLY_FC = new Rule("spec.fc-secure-execution-only", S115 + " step 3; 2.2 fc 7/8",
            "BAPQ/AAPQ outside a Secure-Execution guest: specification exception");
    public static final Rule SPEC_GR0_RESERVED_BITS = new Rule("spec.gr0-reserved-bits", S115 + " step 3; 2.1, 2.6, 2.7",
            "reserved GR0 bits set (PQAP 41-47 except F/IF bit 41; NQAP 32,34,35,40; DQAP 33,34,35,40,41): specification exception");
    public static final Rule SPEC_T_BIT_NOT_TAPQ = new Rule("spec.t-bit-not-tapq", S115 + " step 3; 2.1 bit 40",
            "T bit with a function other than TAPQ: specification exception");
    public static final Rule SPEC_T_BIT_WITHOUT_APFT = new Rule("spec.t-bit-without-apft", S115 + " step 3; 2.1, facility 15",
            "TAPQ T bit without APFT (facility 15): specification exception");
    public static final Rule SPEC_APQN_RANGE = new Rule("spec.apqn-beyond-non-apxa-range", S115 + " step 3; 2.1 mask 0xC0F0",
            "APID above 63 or APQI above 15 without APXA: specification exception");
    public static final Rule SPEC_FC_NOT_INSTALLED = new Rule("spec.fc-not-installed", S115 + " step 3; facilities 12, 65",
            "QCI/QACT without apqci or AQIC without apqi: specification exception");
    public static final Rule SPEC_QCI_ALIGNMENT = new Rule("spec.qci-block-alignment", S115 + " step 3; 2.2 fc 4",
            "QCI block address in GR2 not doubleword aligned: specification exception");
    public static final Rule SPEC_ODD_REGISTER = new Rule("spec.odd-register", S115 + " step 3; 2.6, 2.7",
            "NQAP/DQAP with an odd R1 or R2: specification exception");
    public static final Rule SPEC_LENGTH = new Rule("spec.length", S115 + " step 3; 2.6, 2.7, 2.4 ML",
            "NQAP message or DQAP buffer length (R2+1) zero or above ML x 4KiB (12KiB for ML 0 or an unconfigured APQN): specification exception");
    // step 4: addressing
    public static final Rule ADDR_OUTSIDE_MEMORY = new Rule("addr.outside-guest-memory", S115 + " step 4",
            "QCI block, NQAP message or DQAP buffer outside guest memory: addressing exception");
    // step 5: execution
    public static final Rule EXEC_APQN_NOT_AVAILABLE = new Rule("exec.apqn-not-available", S115 + " step 5",
            "APQN not in the guest's APM x AQM: cc 3, RC 0x01");
    public static final Rule EXEC_TAPQ = new Rule("exec.tapq", S115 + " step 5; 2.4, 3",
            "TAPQ: APQSW (E, R, F, I, RC) in GR1, adapter info in GR2 (bits 0-31 only with T=1)");
    public static final Rule EXEC_RESET = new Rule("exec.reset", S115 + " step 5; 2.2 fc 1/2; asm/ap.h ap_rapq/ap_zapq (fbit)",
            "RAPQ/ZAPQ: RC 0x00, queue reset for reset-ticks (RC 0x02 meanwhile), then empty with interrupts off; F bit: an SE queue unbound (BS 2)");
    public static final Rule EXEC_AQIC_NO_HOOK = new Rule("exec.aqic-no-hook", S115 + " step 5",
            "AQIC with no PQAP hook: cc 3, RC 0x01 (architected placement)");
    public static final Rule EXEC_AQIC_HOOK_DECLINED = new Rule("exec.aqic-hook-declined", S115 + " step 5 (apvirt decision, README Fidelity)",
            "AQIC whose hook declines (no ECA_AIV) when the kernel may not exit to userspace: cc 3, RC 0x01");
    public static final Rule EXEC_AQIC_HOOK = new Rule("exec.aqic-hook", S115 + " step 5; 4.4",
            "AQIC handed to the PQAP hook; cc 0 iff its RC is 0, else cc 3");
    public static final Rule EXEC_QCI = new Rule("exec.qci", S115 + " step 5; 2.5; docs/architecture.md#11.9 (C bit)",
            "QCI: the 128-byte block from the guest matrix written to GR2's address; cc 0. C (QACT) = apqci: an apvirt decision, not an architected tie to facility 12");
    public static final Rule EXEC_QACT = new Rule("exec.qact", S115 + " step 5 (modelled; real semantics UNSURE)",
            "QACT: cc 0, GR2 = the adapter's type and mode bits");
    public static final Rule EXEC_BIND = new Rule("exec.se-bind",
            "drivers/s390/crypto/ap_queue.c se_bind_store (ap_bapq); " + S115 + " step 5; 2.4 BS; docs/architecture.md#11.9",
            "BAPQ: synchronous, RC 0x00 and the queue bound (TAPQ T=1 BS 1); RAPQ/ZAPQ with the F bit unbinds (BS 2)");
    public static final Rule EXEC_ASSOCIATE = new Rule("exec.se-associate",
            "drivers/s390/crypto/ap_queue.c se_associate_store, ap_sm_assoc_wait (ap_aapq); " + S115 + " step 5; docs/architecture.md#11.9",
            "AAPQ: asynchronous; on a bound queue RC 0x00, BS 1 until 1 + reset-ticks later, then BS 0; RC 0x0A while one is pending; RC 0x0B (apvirt decision) unbound");
    public static final Rule EXEC_NQAP = new Rule("exec.nqap", S115 + " step 5; 2.6",
            "NQAP: enqueue (PSMID from R1/R1+1); RC 0x10 when full, 0x02/0x03/0x04 per queue state; cc 0 on success");
    public static final Rule EXEC_DQAP = new Rule("exec.dqap", S115 + " step 5; 2.7; asm/ap.h ap_dqap (resgr0); docs/architecture.md#11.9",
            "DQAP: oldest ready reply (PSMID to R1/R1+1); RC 0x10 when none; shorter buffer gives cc 1, the residual in GR2 and a GR0 that continues the reply (another GR0 restarts it)");

    public static final List<Rule> ALL = List.of(OP_AP_NOT_AVAILABLE, PRIV_PROBLEM_STATE, SPEC_FC_UNDEFINED,
            SPEC_FC6_NOT_MODELLED, SPEC_SE_ONLY_FC, SPEC_GR0_RESERVED_BITS, SPEC_T_BIT_NOT_TAPQ, SPEC_T_BIT_WITHOUT_APFT,
            SPEC_APQN_RANGE, SPEC_FC_NOT_INSTALLED, SPEC_QCI_ALIGNMENT, SPEC_ODD_REGISTER, SPEC_LENGTH,
            ADDR_OUTSIDE_MEMORY, EXEC_APQN_NOT_AVAILABLE, EXEC_TAPQ, EXEC_RESET, EXEC_AQIC_NO_HOOK,
            EXEC_AQIC_HOOK_DECLINED, EXEC_AQIC_HOOK, EXEC_QCI, EXEC_QACT, EXEC_BIND, EXEC_ASSOCIATE, EXEC_NQAP, EXEC_DQAP);
}

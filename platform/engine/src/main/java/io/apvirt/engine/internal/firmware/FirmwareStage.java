package io.apvirt.engine.internal.firmware;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptReason;

import java.util.List;

/**
 * SIE: interpret or intercept (docs/architecture.md#4.1 and #11.3).
 * EECA.28 = ECA_APIE AND the outer level's ECA.28; ECA_APIE = host AP instructions AND guest 'ap'.
 */
public final class FirmwareStage {

    public static final Rule INTERCEPT_EECA28_OFF = new Rule("firmware.intercept.eeca28-off", "docs/architecture.md#4.1 item 3, #11.3",
            "EECA.28 = 0: every AP instruction intercepts (icptcode 0x04) before any check");
    public static final Rule INTERCEPT_AQIC = new Rule("firmware.intercept.aqic-mandatory", "docs/architecture.md#4.1 item 2, #11.3",
            "PQAP(AQIC) always intercepts (icptcode 0x04), even with EECA.28 = 1");
    public static final Rule INTERCEPT_TAPQ_T_IC3 = new Rule("firmware.intercept.tapq-t-ic3", "docs/architecture.md#4.1 item 2, #11.3",
            "TAPQ with T=1 intercepts when the host set IC.3");
    public static final List<Rule> RULES = List.of(INTERCEPT_EECA28_OFF, INTERCEPT_AQIC, INTERCEPT_TAPQ_T_IC3);

    private final boolean eeca28;
    private final boolean ic3;

    public FirmwareStage(HostModel host, GuestModel guest) {
        boolean ecaApie = host.apInstructions() && guest.ap();
        this.eeca28 = ecaApie && host.outerInterpretation();
        this.ic3 = host.ic3();
    }

    public boolean eeca28() {
        return eeca28;
    }

    /** Why this instruction intercepts, or {@code null} when firmware interprets it. */
    public InterceptReason interceptReason(Instruction instruction, long gr0) {
        if (!eeca28) {
            return InterceptReason.EECA28_OFF;
        }
        if (instruction instanceof Instruction.Pqap) {
            int fc = PqapGr0.fc(gr0);
            if (fc == FunctionCode.AQIC.code()) {
                return InterceptReason.AQIC_MANDATORY;
            }
            if (fc == FunctionCode.TAPQ.code() && ic3 && PqapGr0.t(gr0)) {
                return InterceptReason.TAPQ_T_IC3;
            }
        }
        return null;
    }

    public static Rule ruleOf(InterceptReason reason) {
        return switch (reason) {
            case EECA28_OFF -> INTERCEPT_EECA28_OFF;
            case AQIC_MANDATORY -> INTERCEPT_AQIC;
            case TAPQ_T_IC3 -> INTERCEPT_TAPQ_T_IC3;
        };
    }
}

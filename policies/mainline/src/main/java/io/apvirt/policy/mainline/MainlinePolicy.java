package io.apvirt.policy.mainline;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.Option;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.KernelVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * KVM v5.3 and later: {@code handle_pqap()} of {@code arch/s390/kvm/priv.c}, exactly the
 * rows 1-10 of docs/architecture.md#4.3 in that order; NQAP and DQAP have no case in
 * {@code kvm_s390_handle_b2()} and go to userspace (section 4.2).
 *
 * <p>Options (section 11.4, 11.8): {@code kernel: 5.3 ... 6.8 | latest} (the release modelled; the
 * vfio-ap hook follows it unless its own {@code kernel} is set), {@code cc-after-hook: kernel | set |
 * unchanged} (commit 83303a4c776c "KVM: s390: fix cc for successful PQAP", merged for v6.8 in
 * January 2024: cc 0; up to v6.7 the cc is left unchanged; {@code kernel} = as the release had it) and
 * {@code no-hook-status: kernel | architected} (row 10's GR1 placement quirk, or bits 32-63).
 */
@ApplicationScoped
@ComponentId("mainline")
public class MainlinePolicy implements InterceptPolicy {

    private static final String PRIV_C = "arch/s390/kvm/priv.c handle_pqap; docs/architecture.md#4.3 row ";

    public static final Rule B2_NO_CASE = new Rule("mainline.b2-no-case",
            "arch/s390/kvm/priv.c kvm_s390_handle_b2; docs/architecture.md#4.2",
            "NQAP/DQAP: no case in the B2 dispatcher, -EOPNOTSUPP, exit to userspace");
    public static final Rule NO_HOST_AP = new Rule("mainline.no-host-ap", PRIV_C + "1",
            "host has no AP instructions: -EOPNOTSUPP, exit to userspace");
    public static final Rule APIE_OFF = new Rule("mainline.eca-apie-off", PRIV_C + "2",
            "vCPU ECA_APIE clear: -EOPNOTSUPP, exit to userspace");
    public static final Rule FC_NOT_AQIC = new Rule("mainline.fc-not-aqic", PRIV_C + "3; commit 5615e74f48dc",
            "PQAP fc other than AQIC: -EOPNOTSUPP, exit to userspace");
    public static final Rule PROBLEM_STATE = new Rule("mainline.problem-state", PRIV_C + "4",
            "AQIC in problem state: privileged-operation exception");
    public static final Rule GR0_RESERVED_BITS = new Rule("mainline.gr0-reserved-bits", PRIV_C + "5",
            "AQIC with GR0 bits 41-47 (0x007F0000) set: specification exception");
    public static final Rule T_WITHOUT_APFT = new Rule("mainline.t-bit-without-apft", PRIV_C + "6",
            "AQIC with the T bit and no facility 15: specification exception");
    public static final Rule APQN_RANGE = new Rule("mainline.apqn-beyond-non-apxa-range", PRIV_C + "7",
            "CRYCB not format 2 and GR0 & 0xC0F0 (APID > 63 or APQI > 15): specification exception");
    public static final Rule NO_APQI = new Rule("mainline.no-facility-65", PRIV_C + "8",
            "guest lacks facility 65 (AQIC): specification exception");
    public static final Rule HOOK_CALL = new Rule("mainline.hook-call", PRIV_C + "9",
            "hook registered: call it; its non-zero return exits to userspace, else cc from GR1's RC");
    public static final Rule NO_HOOK = new Rule("mainline.no-hook", PRIV_C + "10",
            "no hook: APQSW with RC 0x01, cc 3 (GR1 placement per option no-hook-status)");

    public static final Option.Choice KERNEL = KernelVersion.option(
            "the Linux release modelled (docs/architecture.md#11.8): sets cc-after-hook, and the vfio-ap hook's kernel");
    public static final Option.Choice CC_AFTER_HOOK = Option.choice("cc-after-hook", "kernel", List.of("kernel", "set", "unchanged"),
            "cc after a hook returned RC 0: set = cc 0 (83303a4c776c, v6.8), unchanged = cc left as it was (v5.3 to v6.7), kernel = as the kernel option's release");

    /** 83303a4c776c "KVM: s390: fix cc for successful PQAP": merged for v6.8 (tag kvm-s390-master-6.8-1, January 2024). */
    static boolean ccSetAfterHook(KernelVersion kernel, String ccAfterHook) {
        return switch (ccAfterHook) {
            case "set" -> true;
            case "unchanged" -> false;
            default -> kernel.atLeast(6, 8);
        };
    }
    public static final Option.Choice NO_HOOK_STATUS = Option.choice("no-hook-status", "kernel", List.of("kernel", "architected"),
            "row 10 GR1 placement: kernel = status in bits 0-31, low word kept; architected = bits 32-63, high word zero");

    @Override
    public String description() {
        return "KVM v5.3 and later (what Linux does today): handle_pqap table 4.3 rows 1-10; NQAP/DQAP to userspace";
    }

    @Override
    public List<Option> options() {
        return List.of(KERNEL, CC_AFTER_HOOK, NO_HOOK_STATUS);
    }

    @Override
    public List<Rule> rules() {
        return List.of(B2_NO_CASE, NO_HOST_AP, APIE_OFF, FC_NOT_AQIC, PROBLEM_STATE, GR0_RESERVED_BITS, T_WITHOUT_APFT,
                APQN_RANGE, NO_APQI, HOOK_CALL, NO_HOOK);
    }

    @Override
    public InterceptHandler bind(ComponentContext context) {
        KernelVersion kernel = KernelVersion.parse(context.options().choice(KERNEL.name()));
        return new Handler(ccSetAfterHook(kernel, context.options().choice(CC_AFTER_HOOK.name())),
                "kernel".equals(context.options().choice(NO_HOOK_STATUS.name())));
    }

    /** The hook's outcomes, made once each (the decision path allocates no outcome). */
    static final io.apvirt.api.outcome.OutcomeCache HOOK_OUTCOMES = new io.apvirt.api.outcome.OutcomeCache(8);

    /** handle_pqap with its options fixed. */
    static final class Handler implements InterceptHandler {
        private static final int NO_HOOK_WORD = Apqsw.of(ResponseCode.Q_NOT_AVAIL).encode();

        private final boolean ccSetAfterHook;
        private final boolean kernelPlacement;
        private final Outcome privileged = Outcome.program(Level.KVM, PROBLEM_STATE, ProgramInterruption.PRIVILEGED_OPERATION);
        private final Outcome reservedBits = Outcome.program(Level.KVM, GR0_RESERVED_BITS, ProgramInterruption.SPECIFICATION);
        private final Outcome tWithoutApft = Outcome.program(Level.KVM, T_WITHOUT_APFT, ProgramInterruption.SPECIFICATION);
        private final Outcome apqnRange = Outcome.program(Level.KVM, APQN_RANGE, ProgramInterruption.SPECIFICATION);
        private final Outcome noApqi = Outcome.program(Level.KVM, NO_APQI, ProgramInterruption.SPECIFICATION);
        private final Outcome noHook;

        Handler(boolean ccSetAfterHook, boolean kernelPlacement) {
            this.ccSetAfterHook = ccSetAfterHook;
            this.kernelPlacement = kernelPlacement;
            this.noHook = Outcome.completed(Level.KVM, NO_HOOK, 3, NO_HOOK_WORD,
                    kernelPlacement ? StatusPlacement.KERNEL_HIGH_WORD : StatusPlacement.ARCHITECTED);
        }

        @Override
        public Outcome handle(Intercept in) {
            if (!(in.instruction() instanceof Instruction.Pqap)) {
                return in.toUserspace(B2_NO_CASE);
            }
            long gr0 = in.gr(0);
            if (!in.host().apInstructions()) {                               // row 1
                return in.toUserspace(NO_HOST_AP);
            }
            if (!in.ecaApie()) {                                             // row 2
                return in.toUserspace(APIE_OFF);
            }
            if (PqapGr0.fc(gr0) != FunctionCode.AQIC.code()) {               // row 3
                return in.toUserspace(FC_NOT_AQIC);
            }
            if (in.problemState()) {                                         // row 4
                return privileged;
            }
            if (PqapGr0.anyOfBits41To47(gr0)) {                              // row 5
                return reservedBits;
            }
            if (PqapGr0.t(gr0) && !in.guest().apft()) {                      // row 6
                return tWithoutApft;
            }
            if (!in.guest().crycbFormat().apxa() && PqapGr0.beyondNonApxaRange(gr0)) { // row 7
                return apqnRange;
            }
            if (!in.guest().apqi()) {                                        // row 8
                return noApqi;
            }
            HookHandler hook = in.hook();
            if (hook != null) {                                              // row 9
                HookResult result = hook.aqic(in);
                if (result instanceof HookResult.Declined declined) {
                    return in.toUserspace(declined.rule());
                }
                int word = Apqsw.wordOfGr1(in.gr(1));
                boolean rcNonZero = (in.gr(1) & Apqsw.GR1_RC_MASK) != 0;
                // 83303a4c776c (v6.8): cc 0 when RC = 0; up to v6.7 only "if (!ret && gr1 & 0x00ff0000) cc 3"
                int cc = rcNonZero ? 3 : ccSetAfterHook ? 0 : in.cc();
                return HOOK_OUTCOMES.completed(Level.HOOK, result.rule(), HOOK_CALL, cc, Integer.toUnsignedLong(word),
                        StatusPlacement.ARCHITECTED);
            }
            // row 10: memcpy of the 4-byte status into the first 4 bytes of the 8-byte GR1
            long gr1 = in.gr(1);
            in.setGr(1, kernelPlacement ? Apqsw.toGr1KernelPlacement(NO_HOOK_WORD, gr1) : Apqsw.toGr1(NO_HOOK_WORD));
            return noHook;
        }
    }
}

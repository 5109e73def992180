package io.apvirt.plugin.vfioap;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.HostAp;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.hook.VfioApQueues;
import io.apvirt.api.plugin.Options;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.plugin.Option;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.KernelVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The vfio_ap PQAP(AQIC) hook, {@code handle_pqap} of {@code drivers/s390/crypto/vfio_ap_ops.c}
 * as of 2026 (docs/architecture.md#4.4, #6 and #11.6): declines without ECA_AIV, answers
 * RC 0x01 for an APQN not assigned, and otherwise enables ({@code vfio_ap_irq_enable}) or
 * disables ({@code vfio_ap_irq_disable}) the queue's interruptions on the host. GR1 is then the
 * zero-extended APQSW.
 *
 * <p>The bean keeps no queue state (one bean serves every machine): the interruption controls,
 * vfio_ap's software state (per queue the saved ISC and pinned NIB, which only
 * {@code vfio_ap_free_aqic_resources} clears; {@link VfioApQueues}, docs/architecture.md#6.5) and
 * the GISA registrations live on the host side of each machine ({@link HostAp}).
 *
 * <p>Options ({@code apvirt.hooks.vfio-ap.<name>}): {@code kernel} (the release modelled; when unset,
 * the mainline policy's {@code kernel}, docs/architecture.md#11.8), {@code nib-zero} ({@code invalid}:
 * RC 0x06, a64a6d23874c, v6.3; {@code accepted} before), {@code gisc-failure-rc} ({@code 0x06},
 * 3746d48c55ac, v6.8, or {@code 0x08} up to v6.7; both default to {@code kernel}: as the release had
 * it), {@code max-isc} (a fault injection, not kernel behaviour: the largest guest ISC the GISA
 * accepts; by default 7, so registration never fails), {@code disable-retries} and
 * {@code retry-wait-ticks} (the disable loop of 6.2).
 */
@ApplicationScoped
@ComponentId("vfio-ap")
public class VfioApHook implements PqapHook {

    private static final String OPS_C = "drivers/s390/crypto/vfio_ap_ops.c ";

    public static final Rule NO_AIV = new Rule("vfio-ap.no-aiv",
            OPS_C + "handle_pqap; docs/architecture.md#4.4 step 2, #11.6",
            "vCPU ECA_AIV clear (no GISA): -EOPNOTSUPP, registers untouched; KVM returns it (exit to userspace)");
    public static final Rule NOT_ASSIGNED = new Rule("vfio-ap.not-assigned",
            OPS_C + "handle_pqap (vfio_ap_mdev_get_queue); docs/architecture.md#4.4 step 6, #6.3, #12.1",
            "APQN not in the mdev's queue table (not assigned to the mdev, or its queue not bound to vfio_ap), whatever the guest's APCB holds: RC 0x01, cc 3, no host instruction");
    public static final Rule NIB_ZERO = new Rule("vfio-ap.nib-zero",
            OPS_C + "vfio_ap_irq_enable (vfio_ap_validate_nib, a64a6d23874c, v6.3); docs/architecture.md#6.1 step 1, #11.8",
            "enable with NIB (GR2) 0: RC 0x06, cc 3 (option nib-zero accepted, before v6.3: page 0 is in the memslot, so it passes)");
    public static final Rule NIB_OUTSIDE_MEMORY = new Rule("vfio-ap.nib-outside-memory",
            OPS_C + "vfio_ap_irq_enable (vfio_ap_validate_nib, kvm_s390_is_gpa_in_memslot); docs/architecture.md#6.1 step 2",
            "enable with the NIB's page in no memslot (a NIB past the end of guest memory, in its last page, passes): RC 0x06, cc 3");
    public static final Rule GISC_REGISTER_FAILED = new Rule("vfio-ap.gisc-register-failed",
            OPS_C + "vfio_ap_irq_enable (kvm_s390_gisc_register); docs/architecture.md#6.1 step 5, #11.6",
            "fault injection, not kernel behaviour (the kernel's registration fails only without a GISA, declined before, "
                    + "or for an ISC above 7, which isc = gr1 & 7 rules out): with option max-isc below 7, an enable with an ISC "
                    + "above it fails kvm_s390_gisc_register: the NIB unpinned, RC 0x06 (3746d48c55ac, v6.8; option "
                    + "gisc-failure-rc 0x08: up to v6.7), cc 3");
    public static final Rule ENABLE = new Rule("vfio-ap.enable",
            OPS_C + "vfio_ap_irq_enable, vfio_ap_free_aqic_resources; docs/architecture.md#6.1 host RC 0x00, #6.5, #11.6",
            "enable: host AQIC RC 0x00, interrupts on (TAPQ I = 1); the queue's saved ISC and NIB (of an older enable, also "
                    + "one a guest RAPQ/ZAPQ undid) released and unpinned, the new ones saved; cc 0");
    public static final Rule ENABLE_ALREADY_ENABLED = new Rule("vfio-ap.enable-already-enabled",
            OPS_C + "vfio_ap_irq_enable; docs/architecture.md#6.1 host RC 0x07, #6.5, #11.6",
            "enable while enabled: host AQIC RC 0x07, the new ISC registration dropped and the new NIB unpinned; RC 0x07, cc 3");
    public static final Rule ENABLE_FAILED = new Rule("vfio-ap.enable-failed",
            OPS_C + "vfio_ap_irq_enable; docs/architecture.md#6.1 host RC other, #6.5",
            "enable: host AQIC answered another RC (reset, busy, deconfigured ...): the disable path runs (the saved ISC and "
                    + "NIB freed; the new registration and pin stay, as in the kernel), the enable RC is returned, cc 3");
    public static final Rule DISABLE = new Rule("vfio-ap.disable",
            OPS_C + "vfio_ap_irq_disable; docs/architecture.md#6.2, #6.5",
            "disable: host AQIC RC 0x00, interrupts off (TAPQ I = 0), the saved ISC released and the NIB unpinned; cc 0");
    public static final Rule DISABLE_ALREADY_DISABLED = new Rule("vfio-ap.disable-already-disabled",
            OPS_C + "vfio_ap_irq_disable; docs/architecture.md#6.2, #6.5, #11.6",
            "disable while disabled: host AQIC RC 0x07; a saved ISC and NIB (of an enable a guest RAPQ/ZAPQ undid) freed; "
                    + "RC 0x07, cc 3");
    public static final Rule DISABLE_RETRIES_EXHAUSTED = new Rule("vfio-ap.disable-retries-exhausted",
            OPS_C + "vfio_ap_irq_disable; docs/architecture.md#6.2, #6.5",
            "disable: host RC 0x02/0x05 on 1 + disable-retries tries, retry-wait-ticks apart: the saved ISC and NIB freed, "
                    + "the last RC, cc 3");
    public static final Rule DISABLE_FAILED = new Rule("vfio-ap.disable-failed",
            OPS_C + "vfio_ap_irq_disable; docs/architecture.md#6.2, #6.5",
            "disable: host RC 0x01, 0x03, 0x04 or other (queue not operational): that RC, the saved ISC and NIB freed "
                    + "(once: a later disable finds none saved), cc 3");

    private static final List<Rule> RULES = List.of(NO_AIV, NOT_ASSIGNED, NIB_ZERO, NIB_OUTSIDE_MEMORY,
            GISC_REGISTER_FAILED, ENABLE, ENABLE_ALREADY_ENABLED, ENABLE_FAILED, DISABLE, DISABLE_ALREADY_DISABLED,
            DISABLE_RETRIES_EXHAUSTED, DISABLE_FAILED);

    public static final Option.Choice KERNEL = KernelVersion.option(
            "the Linux release modelled (docs/architecture.md#11.8); unset: the mainline policy's kernel; sets nib-zero and gisc-failure-rc");
    public static final Option.Choice NIB_ZERO_CHECK = Option.choice("nib-zero", "kernel", List.of("kernel", "invalid", "accepted"),
            "enable with NIB 0: invalid = RC 0x06 (a64a6d23874c, v6.3), accepted = checked like any address (up to v6.2), kernel = as the kernel option's release");
    public static final Option.Choice GISC_FAILURE_RC = Option.choice("gisc-failure-rc", "kernel", List.of("kernel", "0x06", "0x08"),
            "RC for a failed kvm_s390_gisc_register: 0x06 (3746d48c55ac, v6.8) or 0x08 (INVALID_GISA, up to v6.7), kernel = as the kernel option's release");
    public static final Option.Number MAX_ISC = Option.number("max-isc", 7, 0, 7,
            "fault injection, not kernel behaviour: kvm_s390_gisc_register fails for a guest ISC above this (default 7: "
                    + "never fails; the kernel's fails only without a GISA, and isc = gr1 & 7 is never above 7)");
    public static final Option.Number DISABLE_RETRIES = Option.number("disable-retries", 5, 0, 10,
            "retries of the disable loop after host RC 0x02/0x05 (vfio_ap_irq_disable: 5)");
    public static final Option.Number RETRY_WAIT_TICKS = Option.number("retry-wait-ticks", 1, 0, 20,
            "virtual ticks slept between tries of the disable loop and of the TAPQ poll for I = 0 (the kernel's msleep(20))");

    /** The TAPQ polls of {@code vfio_ap_wait_for_irqclear} (6.2: up to 5). */
    static final int IRQ_CLEAR_POLLS = 5;

    private static final int RC_NOT_AVAILABLE = Apqsw.of(ResponseCode.Q_NOT_AVAIL).encode();
    private static final int RC_INVALID_ADDRESS = Apqsw.of(ResponseCode.INVALID_ADDRESS).encode();

    private static final HookResult DECLINED_NO_AIV = new HookResult.Declined(NO_AIV);
    private static final HookResult R_NOT_ASSIGNED = new HookResult.Handled(NOT_ASSIGNED);
    private static final HookResult R_NIB_ZERO = new HookResult.Handled(NIB_ZERO);
    private static final HookResult R_NIB_OUTSIDE_MEMORY = new HookResult.Handled(NIB_OUTSIDE_MEMORY);
    private static final HookResult R_GISC_REGISTER_FAILED = new HookResult.Handled(GISC_REGISTER_FAILED);
    private static final HookResult R_ENABLE = new HookResult.Handled(ENABLE);
    private static final HookResult R_ENABLE_ALREADY_ENABLED = new HookResult.Handled(ENABLE_ALREADY_ENABLED);
    private static final HookResult R_ENABLE_FAILED = new HookResult.Handled(ENABLE_FAILED);
    private static final HookResult R_DISABLE = new HookResult.Handled(DISABLE);
    private static final HookResult R_DISABLE_ALREADY_DISABLED = new HookResult.Handled(DISABLE_ALREADY_DISABLED);
    private static final HookResult R_DISABLE_RETRIES_EXHAUSTED = new HookResult.Handled(DISABLE_RETRIES_EXHAUSTED);
    private static final HookResult R_DISABLE_FAILED = new HookResult.Handled(DISABLE_FAILED);

    @Override
    public String description() {
        return "vfio_ap (vfio_ap_ops.c handle_pqap): AQIC enable/disable on the host queue, NIB and GISA ISC checks";
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public List<Option> options() {
        return List.of(KERNEL, NIB_ZERO_CHECK, GISC_FAILURE_RC, MAX_ISC, DISABLE_RETRIES, RETRY_WAIT_TICKS);
    }

    /** The latest options and the handler made for them: a machine per class in the diff sweep asks again and again. */
    private record Bound(Options options, Handler handler) {
    }

    private volatile Bound bound;

    /**
     * An immutable handler with these option values. It keeps no state between calls (the
     * queues' state is on the host side), so machines with the same options share one.
     */
    @Override
    public HookHandler bind(ComponentContext context) {
        Options options = context.options();
        Bound last = bound;
        if (last != null && last.options().equals(options)) {
            return last.handler();
        }
        Handler handler = new Handler(options);
        bound = new Bound(options, handler);
        return handler;
    }

    /** handle_pqap with the option values of one binding. */
    static final class Handler implements HookHandler {
        private final boolean nibZeroInvalid;
        private final int giscFailureWord;
        private final int maxIsc;
        private final int disableRetries;
        private final int retryWaitTicks;

        Handler(Options options) {
            KernelVersion kernel = KernelVersion.parse(options.choice(KERNEL.name()));
            String nibZero = options.choice(NIB_ZERO_CHECK.name());
            this.nibZeroInvalid = nibZero.equals("kernel") ? kernel.atLeast(6, 3) : nibZero.equals("invalid");
            String gisc = options.choice(GISC_FAILURE_RC.name());
            ResponseCode giscRc = gisc.equals("kernel") ? (kernel.atLeast(6, 8) ? ResponseCode.INVALID_ADDRESS : ResponseCode.INVALID_GISA)
                    : ResponseCode.of(ResponseCode.parseCode(gisc));
            this.giscFailureWord = Apqsw.of(giscRc).encode();
            this.maxIsc = options.integer(MAX_ISC.name());
            this.disableRetries = options.integer(DISABLE_RETRIES.name());
            this.retryWaitTicks = options.integer(RETRY_WAIT_TICKS.name());
        }

        @Override
        public HookResult aqic(Intercept call) {
            if (!call.ecaAiv()) {                 // handle_pqap: !(eca & ECA_AIV) -> -EOPNOTSUPP (4.4 step 2)
                return DECLINED_NO_AIV;
            }
            HostAp host = call.hostAp();
            Apqn apqn = Apqn.fromGr0(call.gr(0)); // handle_pqap: apqn = gr0 & 0xffff (4.4 step 1)
            int q = apqn.encode();
            // handle_pqap: vfio_ap_mdev_get_queue() NULL -> default status RC 0x01 (4.4 step 6, 6.3, 12.1): the mdev's
            // queue table (assigned and bound to vfio_ap), never the guest's APCB, and no TAPQ
            if (!host.assigned(q)) {
                return status(call, RC_NOT_AVAILABLE, R_NOT_ASSIGNED);
            }
            long gr1 = call.gr(1);
            if (AqicControl.ir(gr1)) {            // handle_pqap: IR (GR1 bit 16) = 1, isc = gr1 & 7 (4.4 step 7)
                return enable(call, host, q, AqicControl.isc(gr1), call.gr(2));
            }
            int word = disable(host, q);          // IR = 0 (4.4 step 8)
            return status(call, word, switch (ResponseCode.of(Apqsw.rcOf(word))) {
                case NORMAL -> R_DISABLE;
                case OTHERWISE_CHANGED -> R_DISABLE_ALREADY_DISABLED;
                case RESET_IN_PROGRESS, BUSY -> R_DISABLE_RETRIES_EXHAUSTED; // the loop leaves with these only when exhausted
                case null, default -> R_DISABLE_FAILED;
            });
        }

        /**
         * vfio_ap_irq_enable (6.1), steps 1-6 and the host AQIC result table, with vfio_ap's software
         * state (6.5): the saved ISC and NIB are the queue's, not its live interrupt controls.
         */
        private HookResult enable(Intercept call, HostAp host, int q, int isc, long nib) {
            if (nib == 0 && nibZeroInvalid) {                  // vfio_ap_validate_nib: !nib (a64a6d23874c, v6.3; 6.1 step 1)
                return status(call, RC_INVALID_ADDRESS, R_NIB_ZERO);
            }
            // vfio_ap_validate_nib: kvm_s390_is_gpa_in_memslot(kvm, nib), i.e. the memslot of gpa_to_gfn(nib):
            // a page check, not a byte check (6.1 step 2)
            if (!host.pageInMemslot(nib)) {
                return status(call, RC_INVALID_ADDRESS, R_NIB_OUTSIDE_MEMORY);
            }
            VfioApQueues queues = host.vfioAp();
            queues.pinNib(nib);                                // vfio_pin_pages (6.1 step 3; cannot fail in the model)
            // the PV shared-page check (6.1 step 4) cannot fail in the model.
            // kvm_s390_gisc_register < 0 (6.1 step 5) only without a GISA (declined before: no ECA_AIV) or
            // for gisc > 7 (isc = gr1 & 7): only max-isc below 7, a fault injection, gets here
            if (isc > maxIsc || !host.giscRegister(isc)) {
                queues.unpinNib(nib);                          // vfio_unpin_pages (commit 7b2d039da622, v6.8)
                return status(call, giscFailureWord, R_GISC_REGISTER_FAILED);
            }
            int word = host.aqic(q, true, isc, nib);           // ap_aqic with IR 1, the GISC and the host NIB (6.1 step 6)
            return switch (ResponseCode.of(Apqsw.rcOf(word))) {
                case NORMAL -> {                               // vfio_ap_free_aqic_resources, then save NIB and ISC
                    queues.freeAqicResources(q);
                    queues.save(q, isc, nib);
                    yield status(call, word, R_ENABLE);
                }
                case OTHERWISE_CHANGED -> {                    // kvm_s390_gisc_unregister(new isc), unpin the new NIB
                    host.giscUnregister(isc);
                    queues.unpinNib(nib);
                    yield status(call, word, R_ENABLE_ALREADY_ENABLED);
                }
                case null, default -> {                        // pr_warn, vfio_ap_irq_disable (frees the saved ones);
                    disable(host, q);                          // as in the kernel the new ISC registration and the
                    yield status(call, word, R_ENABLE_FAILED); // new NIB pin are not released
                }
            };
        }

        /**
         * vfio_ap_irq_disable (6.2): host AQIC with an all-zero control word and NIB 0, 1 +
         * disable-retries tries; RC 0x02/0x05 sleeps retry-wait-ticks and retries (the kernel also
         * sleeps after the last try); RC 0x00/0x07 polls TAPQ until I = 0. Every way out frees the
         * queue's saved ISC and NIB (vfio_ap_free_aqic_resources, 6.5), once: a second disable finds
         * nothing saved. Returns the last host status word.
         */
        private int disable(HostAp host, int q) {
            int word;
            int retries = disableRetries;
            loop:
            while (true) {
                word = host.aqic(q, false, 0, 0);
                switch (ResponseCode.of(Apqsw.rcOf(word))) {
                    case NORMAL, OTHERWISE_CHANGED -> {        // vfio_ap_wait_for_irqclear, goto end_free
                        waitForIrqClear(host, q);
                        break loop;
                    }
                    case RESET_IN_PROGRESS, BUSY -> {          // msleep(20); while (retries--)
                        host.waitTicks(retryWaitTicks);
                        if (retries-- == 0) {
                            break loop;                        // WARN_ONCE: retries exhausted
                        }
                    }
                    case null, default -> {                    // 0x01, 0x03, 0x04, other: not operational
                        break loop;
                    }
                }
            }
            host.vfioAp().freeAqicResources(q);                // end_free: vfio_ap_free_aqic_resources
            return word;
        }

        /** vfio_ap_wait_for_irqclear (6.2): TAPQ up to 5 times, a sleep after each, until I = 0. */
        private void waitForIrqClear(HostAp host, int q) {
            for (int poll = 0; poll < IRQ_CLEAR_POLLS; poll++) {
                int word = host.tapq(q);
                switch (ResponseCode.of(Apqsw.rcOf(word))) {
                    case NORMAL, RESET_IN_PROGRESS -> {
                        if (!Apqsw.irqOf(word)) {
                            return;
                        }
                    }
                    case BUSY -> {
                    }
                    case null, default -> {
                        return;
                    }
                }
                host.waitTicks(retryWaitTicks);
            }
        }
    }

    /** handle_pqap out_unlock: memcpy the status into GR1, then {@code >>= 32}: the zero-extended APQSW (4.4 step 9). */
    private static HookResult status(Intercept call, int word, HookResult result) {
        call.setGr(1, Apqsw.toGr1(word));
        return result;
    }
}

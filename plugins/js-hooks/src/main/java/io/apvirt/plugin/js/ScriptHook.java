package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.HostAp;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.PluginFailure;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.api.policy.Intercept;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * A PQAP(AQIC) hook written in JavaScript: {@code apvirt.hook: script:hooks/aqic-audit.js}.
 * Each machine's hook is its own {@link ScriptInstance}; the module's {@code onAqic(request,
 * queue)} decides: {@code {decline: true}} (-EOPNOTSUPP, registers untouched), {@code {rc: n}}
 * (GR1 := the zero-extended APQSW with RC n, as vfio_ap writes it) or {@code {interrupts:
 * "on"|"off", rc?: n}} (the hook issues the host AQIC with the guest's ISC and NIB and returns
 * the host's status word, its RC replaced by {@code rc} when given). The policy sets the cc.
 * A module without {@code onAqic} declines. A failed call answers RC 0x04 ({@code checkstop})
 * or RC 0x05 ({@code busy}) for that AQIC, or stops the run ({@code fail}).
 */
@ApplicationScoped
@ComponentId("script")
public class ScriptHook implements PqapHook {

    static final String SOURCE = "apvirt script API";

    public static final Rule DECLINED = new Rule("script.aqic-declined", SOURCE,
            "onAqic returned {decline: true}: -EOPNOTSUPP, registers untouched (the policy exits to userspace)");
    public static final Rule RC = new Rule("script.aqic-rc", SOURCE,
            "onAqic returned {rc: n}: GR1 = the zero-extended APQSW with RC n; cc 0 iff n is 0");
    public static final Rule INTERRUPTS = new Rule("script.aqic-interrupts", SOURCE,
            "onAqic returned {interrupts: \"on\" or \"off\"}: host AQIC with the guest's ISC and NIB; GR1 = its zero-extended status word (RC replaced by rc when given)");
    /**
     * A hook or device script call failed. The hook's failure decides the AQIC's outcome (this
     * rule is its rule); a device's failure is named beside the rule that decided the instruction
     * (the firmware's, answering with the RC the adapter gave), through {@link ScriptHost#callFailed}.
     */
    public static final Rule FAILED = new Rule("script.failed", SOURCE,
            "a hook or device script failed (error, deadline, statement limit, return value): RC 0x04 (on-failure checkstop; "
                    + "a device's adapter stays checkstopped) or 0x05 (busy); fail stops the run");

    private static final List<Rule> RULES = List.of(DECLINED, RC, INTERRUPTS, FAILED);

    private static final HookResult R_DECLINED = new HookResult.Declined(DECLINED);
    private static final HookResult R_RC = new HookResult.Handled(RC);
    private static final HookResult R_INTERRUPTS = new HookResult.Handled(INTERRUPTS);
    private static final HookResult R_FAILED = new HookResult.Handled(FAILED);

    @Override
    public String description() {
        return "JavaScript: onAqic of the ES module of apvirt.hook script:FILE decides each AQIC (README, Scripting)";
    }

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    /** The hook of one machine: the script of {@code apvirt.hook: script:FILE} in its own Context. */
    @Override
    public HookHandler bind(ComponentContext context) {
        ScriptSettings settings = context.scripts() == null ? ScriptSettings.DEFAULTS : context.scripts();
        ScriptInstance script = new ScriptInstance(
                ScriptBehaviour.name(context, "apvirt.hook: script:hooks/aqic-audit.js"), ScriptBehaviour.file(context),
                settings, context.log(), context.seed(), ScriptHost.HOOK_STREAM);
        ScriptFailure notLoaded = script.loadFailure();
        if (notLoaded != null && settings.onFailure() == OnFailure.FAIL) {
            throw new PluginFailure(notLoaded.getMessage(), notLoaded);
        }
        return new Bound(script, settings.onFailure());
    }

    /** The hook of one machine. */
    static final class Bound implements HookHandler {
        final ScriptInstance script;
        private final OnFailure onFailure;

        Bound(ScriptInstance script, OnFailure onFailure) {
            this.script = script;
            this.onFailure = onFailure;
        }

        @Override
        public HookResult aqic(Intercept call) {
            HostAp host = call.hostAp();
            Apqn apqn = Apqn.fromGr0(call.gr(0));
            long gr1 = call.gr(1);
            boolean ir = AqicControl.ir(gr1);
            int isc = AqicControl.isc(gr1);
            long nib = call.gr(2);
            Returns.Aqic decision;
            try {
                decision = script.call("onAqic", host.now(),
                        () -> new Object[] {new Views.AqicRequest(script.host, apqn, ir, isc, nib),
                                new Views.HostQueue(script.host, apqn, host)},
                        Returns::aqic, Returns.Decline::new);
            } catch (ScriptFailure f) {
                script.host.callFailed(f.getMessage());
                return switch (onFailure) {
                    case FAIL -> throw new PluginFailure(f.getMessage(), f);
                    case CHECKSTOP -> status(call, Apqsw.rcWord(ResponseCode.CHECKSTOPPED.code()), R_FAILED);
                    case BUSY -> status(call, Apqsw.rcWord(ResponseCode.BUSY.code()), R_FAILED);
                };
            }
            return switch (decision) {
                case Returns.Decline d -> R_DECLINED;
                case Returns.Status s -> status(call, Apqsw.rcWord(s.rc()), R_RC);
                case Returns.Interrupts i -> {
                    int word = host.aqic(apqn.encode(), i.on(), isc, i.on() ? nib : 0);
                    if (i.rc() >= 0) {
                        word = Apqsw.withRc(word, i.rc());
                    }
                    yield status(call, word, R_INTERRUPTS);
                }
            };
        }

        /** GR1 := the zero-extended status word, as vfio_ap writes it (docs/architecture.md#4.4 step 9). */
        private static HookResult status(Intercept call, int word, HookResult result) {
            call.setGr(1, Apqsw.toGr1(word));
            return result;
        }
    }
}

package org.example.apvirt;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.Intercept;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * An example policy: the architected semantics (docs/architecture.md#11.5) for every intercept,
 * except that an intercepted TAPQ with the T bit (GR0 bit 40, section 2.1) gets a
 * specification exception even when the guest has APFT. The operation and privileged-operation
 * checks (11.5 steps 1-2) keep their priority over it.
 */
@ApplicationScoped
@ComponentId("example-strict-t")
public class StrictTPolicy implements InterceptPolicy {

    public static final Rule TAPQ_T_REJECTED = new Rule("example-strict-t.tapq-t-rejected",
            "apvirt example plugin (examples/plugin); docs/architecture.md#2.1 bit 40, #11.5 step 3",
            "an intercepted TAPQ with the T bit gets a specification exception, with or without APFT");

    private static final Outcome REJECTED = Outcome.program(Level.KVM, TAPQ_T_REJECTED, ProgramInterruption.SPECIFICATION);

    @Override
    public String description() {
        return "example plugin: the architected semantics, but an intercepted TAPQ with T=1 is a specification exception";
    }

    @Override
    public List<Rule> rules() {
        return List.of(TAPQ_T_REJECTED);
    }

    @Override
    public InterceptHandler bind(ComponentContext context) {
        return StrictTPolicy::decide;
    }

    private static Outcome decide(Intercept intercept) {
        long gr0 = intercept.gr(0);
        boolean tapqWithT = intercept.instruction() instanceof Instruction.Pqap
                && PqapGr0.fc(gr0) == FunctionCode.TAPQ.code()
                && PqapGr0.t(gr0);
        // steps 1-2 come first: without AP instructions, or in problem state, the architected answer stands
        if (tapqWithT && intercept.ecaApie() && !intercept.problemState()) {
            return REJECTED;
        }
        return intercept.architected(Level.KVM);
    }
}

package io.apvirt.engine.internal.sweep;

import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.engine.internal.arch.ArchitectedRules;
import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.device.EchoBehaviour;
import io.apvirt.engine.internal.firmware.FirmwareStage;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A policy that a plugin adds is swept like the built-in ones, and its unreached rules are reported. */
@EnableWeld
class PluginPolicySweepTest {

    /** The architected semantics, except that TAPQ with the T bit is a specification exception: a departure. */
    @ApplicationScoped
    @ComponentId("strict-t")
    public static class StrictT implements InterceptPolicy {
        static final Rule T_REFUSED = new Rule("strict-t.t-refused", "test policy", "TAPQ with T: specification");
        static final Rule NEVER = new Rule("strict-t.never", "test policy", "a rule no class can reach");

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<Rule> rules() {
            return List.of(T_REFUSED, NEVER);
        }

        @Override
        public InterceptHandler bind(ComponentContext context) {
            Outcome spec = Outcome.program(Level.KVM, T_REFUSED, ProgramInterruption.SPECIFICATION);
            return in -> in.instruction() instanceof Instruction.Pqap && PqapGr0.fc(in.gr(0)) == FunctionCode.TAPQ.code()
                    && PqapGr0.t(in.gr(0)) ? spec : in.architected(Level.KVM);
        }
    }

    /** The architected semantics: the same outcomes as the reference. */
    @ApplicationScoped
    @ComponentId("plain")
    public static class Plain implements InterceptPolicy {
        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<Rule> rules() {
            return List.of();
        }

        @Override
        public InterceptHandler bind(ComponentContext context) {
            return in -> in.architected(Level.KVM);
        }
    }

    @WeldSetup
    public WeldInitiator weld = WeldInitiator.of(ComponentRegistry.class, MachineFactory.class, ApvirtConfiguration.class,
            EchoBehaviour.class, StrictT.class, Plain.class);

    @Test
    void thePluginPolicyIsSweptItsDeparturesFoundAndItsUnreachedRuleReported() {
        ApvirtConfiguration configuration = weld.select(ApvirtConfiguration.class).get();
        ConfigLayers layers = ConfigLayers.defaults().withSet("apvirt.hook", "none").withSet("apvirt.policy", "plain");
        ApvirtSettings base = configuration.resolve(layers);
        // the intercepts two TAPQ classes can reach (AQIC's mandatory intercept needs an AQIC class)
        List<Rule> required = new ArrayList<>(List.of(FirmwareStage.INTERCEPT_EECA28_OFF, FirmwareStage.INTERCEPT_TAPQ_T_IC3));
        required.addAll(new StrictT().rules());
        SweepResult r = Sweep.run(new Sweep.Request(List.of("plain", "strict-t"), List.of("tapq-t", "tapq"), base,
                extra -> configuration.resolve(layers.withScenario("test", extra)), weld.select(MachineFactory.class).get(),
                required, 2));
        // without a hook, the space has 640 configurations
        assertEquals(640 * 2, r.classCount());
        assertEquals(List.of("strict-t.never"), r.unreached());
        DiffDocument d = DiffAnalysis.analyse(r);
        assertEquals(0, d.totals().departing().get("plain"));
        // strict-t departs exactly where TAPQ with T intercepts (IC.3 or EECA.28 off) and the architecture completes it
        assertTrue(d.totals().departing().get("strict-t") > 0);
        for (DiffDocument.ClassDoc c : d.classes()) {
            assertEquals("tapq-t", c.instruction(), c.id());
            if (c.departs().contains("strict-t")) {
                assertEquals("specification", c.outcomes().get("strict-t").text());
                assertEquals("strict-t.t-refused", c.outcomes().get("strict-t").rule());
            }
        }
        assertTrue(r.coverage().get("strict-t.t-refused") > 0);
        assertTrue(r.coverage().containsKey(ArchitectedRules.EXEC_TAPQ.id()));
    }
}

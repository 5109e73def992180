package io.apvirt.engine.internal.cdi;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.hook.HookResult;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.api.plugin.Option;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.config.InvalidConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One shape for the three kinds: the registry finds them in one loop (the same id may name a
 * policy, a hook and a behaviour), and the machine factory binds each with its typed options
 * from {@code apvirt.<kind>s.<id>.*} and one context.
 */
@EnableWeld
class ComponentBindingTest {

    static final List<ComponentContext> BOUND = new ArrayList<>();

    @ApplicationScoped
    @ComponentId("tagged")
    public static class TaggedPolicy implements InterceptPolicy {
        public String description() {
            return "test policy";
        }

        public List<Option> options() {
            return List.of(Option.choice("mode", "a", List.of("a", "b"), "d"));
        }

        public InterceptHandler bind(ComponentContext context) {
            BOUND.add(context);
            return intercept -> intercept.architected(Level.KVM);
        }
    }

    @ApplicationScoped
    @ComponentId("tagged")
    public static class TaggedHook implements PqapHook {
        static final Rule DECLINED = new Rule("tagged.declined", "test", "declines");

        public String description() {
            return "test hook";
        }

        public List<Option> options() {
            return List.of(Option.flag("loud", false, "d"));
        }

        public HookHandler bind(ComponentContext context) {
            BOUND.add(context);
            return call -> new HookResult.Declined(DECLINED);
        }
    }

    @ApplicationScoped
    @ComponentId("tagged")
    public static class TaggedBehaviour implements DeviceBehaviour {
        public String description() {
            return "test behaviour";
        }

        public List<Option> options() {
            return List.of(Option.number("latency", 1, 0, 100, "d"));
        }

        public AdapterBehaviour bind(ComponentContext context) {
            BOUND.add(context);
            int latency = context.options().integer("latency");
            return (request, queue) -> new Response.Reply(request.message(), latency);
        }
    }

    @WeldSetup
    public WeldInitiator weld = WeldInitiator.of(ComponentRegistry.class, MachineFactory.class, ApvirtConfiguration.class,
            TaggedPolicy.class, TaggedHook.class, TaggedBehaviour.class);

    @Inject
    ComponentRegistry registry;

    @Inject
    MachineFactory factory;

    @Inject
    ApvirtConfiguration configuration;

    @BeforeEach
    void clear() {
        BOUND.clear();
    }

    @Test
    void oneIdUnderEachKindIsThreeComponents() {
        assertEquals(List.of("policy tagged loaded [mode]", "hook tagged loaded [loud]", "behaviour tagged loaded [latency]"),
                registry.components().stream().map(c -> c.kind().label() + " " + c.id() + " " + c.state() + " "
                        + c.options().stream().map(Option::name).toList()).toList());
        assertEquals(List.of(), registry.conflicts());
        for (ComponentKind kind : ComponentKind.values()) {
            assertEquals(kind.type(), kind.type().isInstance(registry.component(kind, "tagged")) ? kind.type() : null);
        }
        assertEquals("no device behaviour 'nope'; known: tagged (engine/target/test-classes)",
                assertThrows(IllegalArgumentException.class, () -> registry.component(ComponentKind.BEHAVIOUR, "nope")).getMessage());
    }

    @Test
    void everyKindIsBoundWithItsTypedOptionsAndOneContext() {
        var settings = configuration.resolve(ConfigLayers.defaults()
                .withSet("apvirt.policy", "tagged").withSet("apvirt.hook", "tagged")
                .withSet("apvirt.matrix.adapters", "3").withSet("apvirt.devices[0].adapter", "3")
                .withSet("apvirt.devices[0].behaviour", "tagged")
                .withSet("apvirt.policies.tagged.mode", "b").withSet("apvirt.hooks.tagged.loud", "true")
                .withSet("apvirt.behaviours.tagged.latency", "0x10").withSet("apvirt.seed", "42"));
        factory.create(settings);
        assertEquals(List.of("tagged {mode=b} seed 42 adapter -", "tagged {loud=true} seed 42 adapter -",
                        "tagged {latency=0x10} seed 42 adapter 3"),
                BOUND.stream().map(c -> c.id() + " " + c.options() + " seed " + c.seed() + " adapter "
                        + (c.hasAdapter() ? Integer.toString(c.adapter().apid()) : "-")).toList());
        assertEquals(16, BOUND.get(2).options().integer("latency"));
    }

    @Test
    void aValueTheOptionRefusesIsAConfigurationProblemOfThatKind() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> configuration.resolve(
                ConfigLayers.defaults().withSet("apvirt.behaviours.tagged.latency", "101").withSet("apvirt.hooks.tagged.loud", "maybe")
                        .withSet("apvirt.policies.tagged.mode", "c")));
        assertEquals(List.of("apvirt.behaviours.tagged.latency = 101 (from --set): must be a whole number from 0 to 100",
                        "apvirt.hooks.tagged.loud = maybe (from --set): must be true or false",
                        "apvirt.policies.tagged.mode = c (from --set): must be one of a | b"),
                e.problems().stream().map(p -> p.render()).filter(l -> l.contains(".tagged.")).toList());
    }
}

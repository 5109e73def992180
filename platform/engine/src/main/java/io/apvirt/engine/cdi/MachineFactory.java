package io.apvirt.engine.cdi;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.policy.PolicyOption;
import io.apvirt.api.policy.PolicyOptions;
import io.apvirt.engine.config.ApvirtSettings;
import io.apvirt.engine.machine.ApMachine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Builds machines from validated settings: policy lookup and binding happen here, once, not per instruction. */
@ApplicationScoped
public class MachineFactory {

    @Inject
    ComponentRegistry registry;

    @Inject
    Event<Execution> executions;

    @Inject
    BeanManager beanManager;

    private volatile Boolean observed;

    /** A machine that fires an {@link Execution} event per instruction when anything observes them. */
    public ApMachine create(ApvirtSettings settings) {
        return create(settings, null);
    }

    /** A machine that reports each execution to {@code listener} (or to nobody when it is null). */
    public ApMachine create(ApvirtSettings settings, Consumer<Execution> listener) {
        if (observed()) {
            listener = listener == null ? executions::fire : listener.andThen(executions::fire);
        }
        return build(settings, listener);
    }

    private ApMachine build(ApvirtSettings settings, Consumer<Execution> listener) {
        InterceptPolicy policy = registry.policy(settings.policy());
        InterceptHandler handler = policy.bind(options(policy, settings.policies().getOrDefault(settings.policy(), Map.of())));
        PqapHook hook = registry.hook(settings.hook());
        return new ApMachine(settings.policy(), handler, settings.hook(), hook, host(settings), guest(settings),
                settings.bus().resetTicks(), settings.bus().queueDepth(), listener);
    }

    private boolean observed() {
        Boolean o = observed;
        if (o == null) {
            o = !beanManager.resolveObserverMethods(new Execution("", 0, 0, io.apvirt.api.instruction.Instruction.PQAP,
                    false, null, null, new long[16], new long[16], 0)).isEmpty();
            observed = o;
        }
        return o;
    }

    public static PolicyOptions options(InterceptPolicy policy, Map<String, String> configured) {
        Map<String, String> values = new TreeMap<>();
        for (PolicyOption option : policy.options()) {
            values.put(option.name(), configured.getOrDefault(option.name(), option.defaultValue()));
        }
        return new PolicyOptions(values);
    }

    public static HostModel host(ApvirtSettings s) {
        return new HostModel(s.host().apInstructions(), s.host().outerInterpretation(), s.host().ic3());
    }

    public static GuestModel guest(ApvirtSettings s) {
        var f = s.guest().facilities();
        return new GuestModel(f.ap(), f.apqci(), f.apft(), f.apqi(), f.apxa(), s.guest().aiv(), s.guest().secureExecution(),
                s.guest().memory(), ApMask.of(s.matrix().adapters()), ApMask.of(s.matrix().domains()),
                ApMask.of(s.matrix().controlDomains()));
    }
}

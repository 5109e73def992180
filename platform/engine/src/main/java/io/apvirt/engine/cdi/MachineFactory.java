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

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.plugin.PluginContext;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.engine.bus.ApAdapter;
import io.apvirt.engine.config.ComponentRef;
import io.apvirt.engine.machine.MachineLog;
import java.time.Duration;
import io.apvirt.engine.bus.FaultPlan;

import java.util.List;
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

    /** The id under which {@link #createArchitected} machines report their executions. */
    public static final String ARCHITECTED = "architected";

    /**
     * A machine whose KVM level decides every intercept with the architected semantics of
     * section 11.5 at the firmware level: what the guest sees when its true configuration is
     * applied the way the architecture says, whatever intercepts (the reference of
     * {@code apvirt diff}'s departures). It fires no CDI events.
     */
    public ApMachine createArchitected(ApvirtSettings settings, Consumer<Execution> listener) {
        return build(settings.withPolicy(ARCHITECTED), intercept -> intercept.architected(io.apvirt.api.outcome.Level.FIRMWARE),
                listener);
    }

    private ApMachine build(ApvirtSettings settings, Consumer<Execution> listener) {
        InterceptPolicy policy = registry.policy(settings.policy());
        return build(settings, policy.bind(options(policy, settings.policies().getOrDefault(settings.policy(), Map.of()))),
                listener);
    }

    private ApMachine build(ApvirtSettings settings, InterceptHandler handler, Consumer<Execution> listener) {
        MachineLog log = new MachineLog();
        ComponentRef hookRef = ComponentRef.parse(settings.hook());
        PqapHook hook = registry.hook(hookRef.id());
        if (hook != null) {
            hook = hook.configure(context(settings, hookRef, options(hook.options(),
                    settings.plugins().getOrDefault(hookRef.id(), Map.of())), log));
        }
        GuestModel guest = guest(settings);
        return new ApMachine(settings.policy(), handler, settings.hook(), hook, host(settings), guest,
                adapters(settings, guest, log), listener, log);
    }

    private static PluginContext context(ApvirtSettings s, ComponentRef ref, PolicyOptions options, MachineLog log) {
        var sc = s.scripts();
        ScriptSettings scripts = new ScriptSettings(Duration.ofMillis(sc.timeout()), sc.statementLimit(),
                ScriptSettings.OnFailure.of(sc.onFailure()), sc.watch());
        return new PluginContext(ref.argument(), ref.file(s.searchPath()), s.searchPath(), s.seed(), scripts, options, log);
    }

    private ApAdapter adapter(ApvirtSettings settings, AdapterSpec configured, FaultPlan faults, boolean apxa, MachineLog log) {
        ComponentRef ref = ComponentRef.parse(configured.behaviour());
        DeviceBehaviour behaviour = registry.behaviour(ref.id());
        PluginContext context = context(settings, ref, new PolicyOptions(Map.of()), log);
        AdapterBehaviour bound = behaviour.bind(configured, context);
        return new ApAdapter(bound.describe(configured), bound, faults, apxa);
    }

    /**
     * The configured devices, then a default device (CEX8, CCA, echo, the bus defaults) for
     * every matrix adapter that has none; in adapter order.
     */
    List<ApAdapter> adapters(ApvirtSettings settings, GuestModel guest, MachineLog log) {
        TreeMap<Integer, ApAdapter> out = new TreeMap<>();
        List<Integer> matrixDomains = settings.matrix().domains().stream().sorted().distinct().toList();
        for (ApvirtSettings.Device d : settings.devices()) {
            List<Integer> domains = d.domains().isEmpty() ? matrixDomains : d.domains().stream().sorted().distinct().toList();
            AdapterSpec spec = new AdapterSpec(d.adapter(), ApType.valueOf(d.type()),
                    java.util.Objects.requireNonNull(ApMode.of(d.mode()), () -> "unknown mode " + d.mode()), d.maxMessageLength(),
                    d.queueDepth(), domains, d.replyLatency(), d.resetTicks(), d.behaviour());
            var f = d.faults();
            out.put(d.adapter(), adapter(settings, spec,
                    new FaultPlan(f.busyEvery(), f.checkstopAfter(), f.deconfigureAt(), f.dropInterrupts()), guest.apxa(), log));
        }
        for (int apid : settings.matrix().adapters()) {
            if (!out.containsKey(apid)) {
                var bus = settings.bus();
                AdapterSpec spec = new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, 0, bus.queueDepth(), matrixDomains,
                        bus.replyLatency(), bus.resetTicks(), DEFAULT_BEHAVIOUR);
                out.put(apid, adapter(settings, spec, FaultPlan.NONE, guest.apxa(), log));
            }
        }
        return List.copyOf(out.values());
    }

    /** The behaviour of a matrix adapter without a {@code devices} entry. */
    public static final String DEFAULT_BEHAVIOUR = "echo";


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
        return options(policy.options(), configured);
    }

    /** Every declared option: the configured value, else its default. */
    public static PolicyOptions options(List<PolicyOption> declared, Map<String, String> configured) {
        Map<String, String> values = new TreeMap<>();
        for (PolicyOption option : declared) {
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

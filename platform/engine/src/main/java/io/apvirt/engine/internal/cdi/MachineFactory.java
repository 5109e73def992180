package io.apvirt.engine.internal.cdi;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.plugin.Component;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.Option;
import io.apvirt.api.plugin.Options;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.mdev.HostApConfig;
import io.apvirt.engine.internal.mdev.MatrixMdev;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.engine.internal.bus.ApAdapter;
import io.apvirt.engine.internal.config.ComponentRef;
import io.apvirt.engine.internal.machine.MachineLog;
import java.time.Duration;
import io.apvirt.engine.internal.bus.FaultPlan;

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
    private volatile ComponentRegistry direct;

    /** The registry behind its client proxy, looked up once. */
    private ComponentRegistry components() {
        ComponentRegistry r = direct;
        if (r == null) {
            r = ContextualInstances.of(registry);
            direct = r;
        }
        return r;
    }

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

    private static final InterceptHandler ARCHITECTED_HANDLER = intercept -> intercept.architected(io.apvirt.api.outcome.Level.FIRMWARE);

    /** The id under which {@link #createArchitected} machines report their executions. */
    public static final String ARCHITECTED = "architected";

    /**
     * A machine whose KVM level decides every intercept with the architected semantics of
     * section 11.5 at the firmware level: what the guest sees when its true configuration is
     * applied the way the architecture says, whatever intercepts (the reference of
     * {@code apvirt diff}'s departures). It fires no CDI events.
     */
    public ApMachine createArchitected(ApvirtSettings settings, Consumer<Execution> listener) {
        return build(settings.withPolicy(ARCHITECTED), ARCHITECTED_HANDLER, listener);
    }

    private ApMachine build(ApvirtSettings settings, Consumer<Execution> listener) {
        return build(settings, null, listener);
    }

    /** Binds the policy (unless a fixed handler is given), the hook and every adapter's behaviour: the one bind loop of a machine. */
    private ApMachine build(ApvirtSettings settings, InterceptHandler fixedHandler, Consumer<Execution> listener) {
        Blueprint plan = blueprint(settings);
        MachineLog log = new MachineLog();
        InterceptHandler handler = fixedHandler;
        if (handler == null) {
            InterceptPolicy policy = components().policy(settings.policy());
            handler = policy.bind(context(settings, plan, settings.policy(), null, null, policy, settings.policies(), log));
        }
        ComponentRef hookRef = plan.hookRef();
        PqapHook hook = components().hook(hookRef.id());
        HookHandler boundHook = hook == null ? null
                : hook.bind(context(settings, plan, hookRef.id(), hookRef.argument(), plan.hookFile(), hook,
                        hookOptions(settings, hookRef.id(), hook), log));
        GuestModel guest = guest(settings, plan);
        MatrixMdev mdev = plan.guest().copy();
        return new ApMachine(settings.policy(), handler, settings.hook(), boundHook, host(settings), guest,
                adapters(settings, plan, guest, log), listener, log, mdev);
    }

    /**
     * The configured hook options, with the policy's {@code kernel} handed on (docs/architecture.md#11.8): KVM
     * and vfio_ap are modules of one host kernel, so a hook that declares a {@code kernel} option and has none
     * set follows {@code apvirt.policies.<policy>.kernel}; its own {@code apvirt.hooks.<id>.kernel} overrides.
     */
    private static Map<String, Map<String, String>> hookOptions(ApvirtSettings s, String hookId, PqapHook hook) {
        Map<String, String> own = s.hooks().getOrDefault(hookId, EMPTY);
        String kernel = s.policies().getOrDefault(s.policy(), EMPTY).get(KERNEL_OPTION);
        if (kernel == null || own.containsKey(KERNEL_OPTION)
                || hook.options().stream().noneMatch(o -> o.name().equals(KERNEL_OPTION))) {
            return s.hooks();
        }
        return kernelHandedOn.computeIfAbsent(new HandedOn(hookId, own, kernel), h -> {
            Map<String, String> merged = new java.util.TreeMap<>(own);
            merged.put(KERNEL_OPTION, kernel);
            Map<String, Map<String, String>> all = new java.util.TreeMap<>(s.hooks());
            all.put(hookId, java.util.Collections.unmodifiableMap(merged));
            return java.util.Collections.unmodifiableMap(all);
        });
    }

    private static final String KERNEL_OPTION = "kernel";

    /** One hand-on of the policy's kernel: the same inputs give the same (identical) map, so the option cache keeps working. */
    private record HandedOn(String hookId, Map<String, String> own, String kernel) {
    }

    private static final java.util.concurrent.ConcurrentMap<HandedOn, Map<String, Map<String, String>>> kernelHandedOn =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The context of one component of this machine, with its options ({@code configured}: the settings' map of its kind). */
    private ComponentContext context(ApvirtSettings s, Blueprint plan, String id, String argument, java.nio.file.Path file,
                                     Component<?> component, Map<String, Map<String, String>> configured, MachineLog log) {
        Options options = cachedOptions(component, component::options, configured.getOrDefault(id, EMPTY));
        return new ComponentContext(id, argument, file, s.searchPath(), options, s.seed(), plan.scripts(), log, null);
    }

    /**
     * What a machine's devices and matrix derive from its settings alone, worked out once for the
     * same (identical) hook reference, device list, matrix, bus defaults, script settings and search path:
     * settings are immutable records, and the diff sweep builds hundreds of thousands of machines
     * from a few of them. Binding the behaviours stays per machine.
     */
    /**
     * @param apm    the mdev's assigned adapters ({@code apvirt.matrix.adapters}); likewise aqm, adm
     * @param hostAp the host's AP configuration and the queues bound to vfio_ap (section 12.1)
     * @param guest  the guest's APCB the mdev opens with (apm, aqm, adm filtered)
     */
    private record Blueprint(ComponentRef hookRef, java.nio.file.Path hookFile, List<Planned> adapters, ScriptSettings scripts,
                             ApMask apm, ApMask aqm, ApMask adm, HostApConfig hostAp, MatrixMdev guest) {
    }

    /** One adapter to bind: its spec, faults, behaviour reference and that reference's file. */
    private record Planned(AdapterSpec spec, FaultPlan faults, ComponentRef ref, java.nio.file.Path file) {
    }

    /** Identities of the settings parts a blueprint derives from. */
    private record BlueprintKey(Object hook, Object devices, Object matrix, Object bus, Object scripts, Object searchPath,
                                Object unbound, Object unconfigured, boolean apxa) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BlueprintKey k && k.hook == hook && k.devices == devices && k.matrix == matrix && k.bus == bus
                    && k.scripts == scripts && k.searchPath == searchPath && k.unbound == unbound
                    && k.unconfigured == unconfigured && k.apxa == apxa;
        }

        @Override
        public int hashCode() {
            int h = System.identityHashCode(hook);
            h = h * 31 + System.identityHashCode(devices);
            h = h * 31 + System.identityHashCode(matrix);
            h = h * 31 + System.identityHashCode(bus);
            h = h * 31 + System.identityHashCode(scripts);
            h = h * 31 + System.identityHashCode(unbound);
            h = h * 31 + System.identityHashCode(unconfigured);
            return h * 31 + System.identityHashCode(searchPath) + (apxa ? 1 : 0);
        }
    }

    private final java.util.concurrent.ConcurrentMap<BlueprintKey, Blueprint> blueprints = new java.util.concurrent.ConcurrentHashMap<>();

    private Blueprint blueprint(ApvirtSettings s) {
        BlueprintKey key = new BlueprintKey(s.hook(), s.devices(), s.matrix(), s.bus(), s.scripts(), s.searchPath(),
                s.host().unboundQueues(), s.host().unconfiguredAdapters(), s.guest().facilities().apxa());
        Blueprint known = blueprints.get(key);
        if (known != null) {
            return known;
        }
        Blueprint plan = plan(s);
        if (blueprints.size() < 256) {
            blueprints.putIfAbsent(key, plan);
        }
        return plan;
    }

    /**
     * The configured devices, then a default device (CEX8, CCA, echo, the bus defaults) for
     * every matrix adapter that has none; in adapter order. The adapters of
     * {@code host.unconfigured-adapters} are not in the host's configuration: no bus adapter
     * (section 12.1).
     */
    private static Blueprint plan(ApvirtSettings settings) {
        TreeMap<Integer, Planned> out = new TreeMap<>();
        List<Integer> matrixDomains = settings.matrix().domains().stream().sorted().distinct().toList();
        for (ApvirtSettings.Device d : settings.devices()) {
            List<Integer> domains = d.domains().isEmpty() ? matrixDomains : d.domains().stream().sorted().distinct().toList();
            AdapterSpec spec = new AdapterSpec(d.adapter(), ApType.valueOf(d.type()),
                    java.util.Objects.requireNonNull(ApMode.of(d.mode()), () -> "unknown mode " + d.mode()), d.maxMessageLength(),
                    d.queueDepth(), domains, d.replyLatency(), d.resetTicks(), d.behaviour());
            var f = d.faults();
            out.put(d.adapter(), planned(settings, spec, new FaultPlan(f.busyEvery(), f.checkstopAfter(), f.deconfigureAt(),
                    f.dropInterrupts())));
        }
        for (int apid : settings.matrix().adapters()) {
            if (!out.containsKey(apid)) {
                var bus = settings.bus();
                AdapterSpec spec = new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, 0, bus.queueDepth(), matrixDomains,
                        bus.replyLatency(), bus.resetTicks(), DEFAULT_BEHAVIOUR);
                out.put(apid, planned(settings, spec, FaultPlan.NONE));
            }
        }
        List<Integer> unconfigured = settings.host().unconfiguredAdapters();
        out.keySet().removeIf(unconfigured::contains);
        HostApConfig hostAp = HostApConfig.of(out.values().stream().map(Planned::spec).toList(), unconfigured,
                settings.host().unboundQueues());
        var sc = settings.scripts();
        ScriptSettings scripts = new ScriptSettings(Duration.ofMillis(sc.timeout()), sc.statementLimit(),
                ScriptSettings.OnFailure.of(sc.onFailure()), sc.watch());
        var m = settings.matrix();
        ComponentRef hookRef = ComponentRef.parse(settings.hook());
        ApMask apm = ApMask.of(m.adapters());
        ApMask aqm = ApMask.of(m.domains());
        ApMask adm = ApMask.of(m.controlDomains());
        return new Blueprint(hookRef, hookRef.file(settings.searchPath()), List.copyOf(out.values()), scripts, apm, aqm, adm,
                hostAp, MatrixMdev.open(hostAp, settings.guest().facilities().apxa(), apm, aqm, adm));
    }

    private static Planned planned(ApvirtSettings settings, AdapterSpec spec, FaultPlan faults) {
        ComponentRef ref = ComponentRef.parse(spec.behaviour());
        return new Planned(spec, faults, ref, ref.file(settings.searchPath()));
    }

    /** Binds every planned adapter's behaviour for this machine. */
    private List<ApAdapter> adapters(ApvirtSettings settings, Blueprint plan, GuestModel guest, MachineLog log) {
        List<ApAdapter> out = new java.util.ArrayList<>(plan.adapters().size());
        for (Planned p : plan.adapters()) {
            DeviceBehaviour behaviour = components().behaviour(p.ref().id());
            AdapterBehaviour bound = behaviour.bind(context(settings, plan, p.ref().id(), p.ref().argument(), p.file(), behaviour,
                    settings.behaviours(), log).forAdapter(p.spec()));
            out.add(new ApAdapter(bound.describe(p.spec()), bound, p.faults(), guest.apxa()));
        }
        return out;
    }

    private static final Map<String, String> EMPTY = Map.of();

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

    /** Option values by the component that declares them and the configured map (identities: settings are immutable records). */
    private record OptionsKey(Object owner, Map<String, String> configured) {
        @Override
        public boolean equals(Object o) {
            return o instanceof OptionsKey k && k.owner == owner && k.configured == configured;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(owner) * 31 + System.identityHashCode(configured);
        }
    }

    private final java.util.concurrent.ConcurrentMap<OptionsKey, Options> optionCache = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@link Options#of} of a component's declared options, remembered for the same component and map, up to 256. */
    private Options cachedOptions(Object owner, java.util.function.Supplier<List<Option>> declared,
                                  Map<String, String> configured) {
        OptionsKey key = new OptionsKey(owner, configured);
        Options known = optionCache.get(key);
        if (known != null) {
            return known;
        }
        Options computed = Options.of(declared.get(), configured);
        if (optionCache.size() < 256) {
            optionCache.putIfAbsent(key, computed);
        }
        return computed;
    }

    public static HostModel host(ApvirtSettings s) {
        return new HostModel(s.host().apInstructions(), s.host().outerInterpretation(), s.host().ic3());
    }

    private static GuestModel guest(ApvirtSettings s, Blueprint plan) {
        var f = s.guest().facilities();
        MatrixMdev opened = plan.guest();    // the masks vfio_ap_mdev_filter_matrix / _filter_cdoms derived (section 12.1)
        return new GuestModel(f.ap(), f.apqci(), f.apft(), f.apqi(), f.apxa(), s.guest().aiv(), s.guest().secureExecution(),
                s.guest().memory(), opened.shadowApm(), opened.shadowAqm(), opened.shadowAdm());
    }

    /** The guest model of these settings: its masks are the assignment as vfio_ap filters it (section 12.1). */
    public static GuestModel guest(ApvirtSettings s) {
        return guest(s, plan(s));
    }
}

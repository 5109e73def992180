package io.apvirt.engine.cdi;

import io.apvirt.api.device.BehaviourId;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.hook.HookId;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.api.policy.PolicyId;
import io.apvirt.engine.arch.ArchitectedRules;
import io.apvirt.engine.config.ComponentCatalog;
import io.apvirt.engine.firmware.FirmwareStage;
import io.apvirt.engine.userspace.QemuUserspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.annotation.Annotation;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy and hook modules found in the container, by qualifier id, with the module
 * (jar or class folder) each came from. The engine names no concrete policy or hook.
 */
@ApplicationScoped
public class ComponentRegistry {

    @Inject
    BeanManager beanManager;

    @Inject
    @Any
    Instance<InterceptPolicy> policies;

    @Inject
    @Any
    Instance<PqapHook> hooks;

    @Inject
    @Any
    Instance<DeviceBehaviour> behaviours;

    private volatile ComponentCatalog catalog;
    private volatile List<ComponentStatus> components;

    // resolved once per id: a CDI lookup costs microseconds, and the diff sweep builds a machine per class and policy
    private final java.util.concurrent.ConcurrentMap<String, InterceptPolicy> resolvedPolicies = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, PqapHook> resolvedHooks = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, DeviceBehaviour> resolvedBehaviours = new java.util.concurrent.ConcurrentHashMap<>();

    /** The loaded components; a failed one is left out (see {@link #components()}). Never throws. */
    public ComponentCatalog catalog() {
        ComponentCatalog c = catalog;
        if (c == null) {
            scan();
            c = catalog;
        }
        return c;
    }

    /**
     * Every policy, hook and device behaviour bean, loaded or failed, by kind (policies, hooks,
     * behaviours), then id, then module.
     */
    public List<ComponentStatus> components() {
        catalog();
        return components;
    }

    /** The failures that stop every command: duplicate ids, beans without an id, the reserved hook id. */
    public List<String> conflicts() {
        return components().stream().filter(ComponentStatus::fatal).map(ComponentStatus::failure).distinct().toList();
    }

    /** Throws {@link ComponentConflictException} when the class path declares components that cannot be told apart. */
    public void requireNoConflicts() {
        List<String> problems = conflicts();
        if (!problems.isEmpty()) {
            throw new ComponentConflictException(problems);
        }
    }

    /** What a loaded component says of itself. */
    private record Described(String description, List<io.apvirt.api.policy.PolicyOption> options) {
    }

    private synchronized void scan() {
        if (catalog != null) {
            return;
        }
        List<ComponentStatus> all = new ArrayList<>();
        all.addAll(scan(KIND_POLICY, InterceptPolicy.class, PolicyId.class, PolicyId::value, "@PolicyId", id -> {
            InterceptPolicy p = policy(id);
            return new Described(p.description(), p.options());
        }));
        all.addAll(scan(KIND_HOOK, PqapHook.class, HookId.class, HookId::value, "@HookId", id -> {
            PqapHook h = hook(id);
            return new Described(h.description(), h.options());
        }));
        all.addAll(scan(KIND_BEHAVIOUR, DeviceBehaviour.class, BehaviourId.class, BehaviourId::value, "@BehaviourId",
                id -> new Described(behaviour(id).description(), List.of())));
        List<ComponentCatalog.PolicyInfo> policyInfos = new ArrayList<>();
        Map<String, String> hookModules = new TreeMap<>();
        Map<String, List<io.apvirt.api.policy.PolicyOption>> hookOptions = new TreeMap<>();
        Map<String, String> behaviourModules = new TreeMap<>();
        for (ComponentStatus s : all) {
            if (!s.loaded()) {
                continue;
            }
            switch (s.kind()) {
                case KIND_POLICY -> policyInfos.add(new ComponentCatalog.PolicyInfo(s.id(), s.module(), s.description(), s.options()));
                case KIND_HOOK -> {
                    hookModules.put(s.id(), s.module());
                    hookOptions.put(s.id(), s.options());
                }
                default -> behaviourModules.put(s.id(), s.module());
            }
        }
        components = List.copyOf(all);
        catalog = ComponentCatalog.of(policyInfos, hookModules, hookOptions, behaviourModules);
    }

    public static final String KIND_POLICY = "policy";
    public static final String KIND_HOOK = "hook";
    public static final String KIND_BEHAVIOUR = "behaviour";

    private <A extends Annotation> List<ComponentStatus> scan(String kind, Class<?> type, Class<A> qualifier,
                                                             java.util.function.Function<A, String> value, String annotation,
                                                             java.util.function.Function<String, Described> describe) {
        List<ComponentStatus> out = new ArrayList<>();
        Map<String, List<Bean<?>>> byId = new TreeMap<>();
        List<Bean<?>> beans = new ArrayList<>(beanManager.getBeans(type, Any.Literal.INSTANCE));
        beans.sort(java.util.Comparator.comparing((Bean<?> b) -> moduleOf(b.getBeanClass())).thenComparing(b -> b.getBeanClass().getName()));
        for (Bean<?> bean : beans) {
            String id = qualifier(bean, qualifier, value);
            if (id == null) {
                out.add(failed(kind, null, bean, kind + " bean " + where(bean) + " has no " + annotation
                        + " qualifier: add " + annotation + "(\"your-id\")", true));
            } else if (KIND_HOOK.equals(kind) && ComponentCatalog.NO_HOOK.equals(id)) {
                out.add(failed(kind, id, bean, "hook bean " + where(bean) + " uses the reserved id 'none' (no hook): choose another id", true));
            } else {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(bean);
            }
        }
        for (var e : byId.entrySet()) {
            String id = e.getKey();
            List<Bean<?>> declared = e.getValue();
            if (declared.size() > 1) {
                String reason = kind + " id '" + id + "' is declared " + (declared.size() == 2 ? "twice" : declared.size() + " times") + ": "
                        + String.join(" and ", declared.stream().map(ComponentRegistry::where).toList())
                        + "; remove one of the jars or give one another id";
                declared.forEach(b -> out.add(failed(kind, id, b, reason, true)));
                continue;
            }
            Bean<?> bean = declared.get(0);
            Described d;
            try {
                d = describe.apply(id);
            } catch (RuntimeException | LinkageError ex) {
                out.add(failed(kind, id, bean, "its description() or options() threw " + ex.getClass().getName()
                        + (ex.getMessage() == null ? "" : ": " + ex.getMessage()), false));
                continue;
            }
            out.add(new ComponentStatus(kind, id, moduleOf(bean.getBeanClass()), bean.getBeanClass().getName(),
                    d.description(), d.options() == null ? List.of() : d.options(), null, false));
        }
        out.sort(java.util.Comparator.comparing((ComponentStatus s) -> s.id() == null ? "" : s.id()).thenComparing(ComponentStatus::module)
                .thenComparing(ComponentStatus::className));
        return out;
    }

    private static ComponentStatus failed(String kind, String id, Bean<?> bean, String reason, boolean fatal) {
        return new ComponentStatus(kind, id, moduleOf(bean.getBeanClass()), bean.getBeanClass().getName(), null, List.of(), reason, fatal);
    }

    /** {@code io.example.MyPolicy (my-plugin.jar)}. */
    private static String where(Bean<?> bean) {
        return bean.getBeanClass().getName() + " (" + moduleOf(bean.getBeanClass()) + ")";
    }

    private static <A extends Annotation> String qualifier(Bean<?> bean, Class<A> type, java.util.function.Function<A, String> value) {
        for (Annotation a : bean.getQualifiers()) {
            if (type.isInstance(a)) {
                return value.apply(type.cast(a));
            }
        }
        return null;
    }

    /** The jar name, or the class folder relative to its module ({@code mainline/target/classes}). */
    static String moduleOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown module";
        }
        URL url = source.getLocation();
        try {
            Path path = Path.of(url.toURI());
            int n = path.getNameCount();
            if (path.toString().endsWith(".jar") || n < 3) {
                return path.getFileName().toString();
            }
            return path.subpath(n - 3, n).toString();
        } catch (Exception e) {
            return url.toString();
        }
    }

    public InterceptPolicy policy(String id) {
        InterceptPolicy known = resolvedPolicies.get(id);
        if (known != null) {
            return known;
        }
        Instance<InterceptPolicy> selected = policies.select(PolicyId.Literal.of(id));
        if (!selected.isResolvable()) {
            requireNoConflicts();
            throw new IllegalArgumentException("no policy '" + id + "'; known: " + catalog().describePolicies());
        }
        InterceptPolicy policy = ContextualInstances.of(selected.get());
        resolvedPolicies.putIfAbsent(id, policy);
        return policy;
    }

    /** The hook with this id, or {@code null} for {@code none}. */
    public PqapHook hook(String id) {
        if (ComponentCatalog.NO_HOOK.equals(id)) {
            return null;
        }
        PqapHook known = resolvedHooks.get(id);
        if (known != null) {
            return known;
        }
        Instance<PqapHook> selected = hooks.select(HookId.Literal.of(id));
        if (!selected.isResolvable()) {
            requireNoConflicts();
            throw new IllegalArgumentException("no hook '" + id + "'; known: " + catalog().describeHooks());
        }
        PqapHook hook = ContextualInstances.of(selected.get());
        resolvedHooks.putIfAbsent(id, hook);
        return hook;
    }

    /** The device behaviour with this id. */
    public DeviceBehaviour behaviour(String id) {
        DeviceBehaviour known = resolvedBehaviours.get(id);
        if (known != null) {
            return known;
        }
        Instance<DeviceBehaviour> selected = behaviours.select(BehaviourId.Literal.of(id));
        if (!selected.isResolvable()) {
            requireNoConflicts();
            throw new IllegalArgumentException("no device behaviour '" + id + "'; known: " + catalog().describeBehaviours());
        }
        DeviceBehaviour behaviour = ContextualInstances.of(selected.get());
        resolvedBehaviours.putIfAbsent(id, behaviour);
        return behaviour;
    }

    /** Every rule of the model, by the component that owns it (for the Fidelity table). */
    public Map<String, List<Rule>> rules() {
        Map<String, List<Rule>> out = new LinkedHashMap<>();
        out.put("firmware", FirmwareStage.RULES);
        out.put("architected (firmware and corrected)", ArchitectedRules.ALL);
        out.put("userspace", QemuUserspace.RULES);
        for (String id : catalog().policies().keySet()) {
            out.put("policy " + id, policy(id).rules());
        }
        for (String id : catalog().hooks().keySet()) {
            out.put("hook " + id, hook(id).rules());
        }
        for (String id : catalog().behaviours().keySet()) {
            List<Rule> rules = behaviour(id).rules();
            if (!rules.isEmpty()) {
                out.put("device " + id, rules);
            }
        }
        return out;
    }
}

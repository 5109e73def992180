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

    // resolved once per id: a CDI lookup costs microseconds, and the diff sweep builds a machine per class and policy
    private final java.util.concurrent.ConcurrentMap<String, InterceptPolicy> resolvedPolicies = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, PqapHook> resolvedHooks = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, DeviceBehaviour> resolvedBehaviours = new java.util.concurrent.ConcurrentHashMap<>();

    public ComponentCatalog catalog() {
        ComponentCatalog c = catalog;
        if (c == null) {
            List<ComponentCatalog.PolicyInfo> infos = new ArrayList<>();
            Map<String, String> policyModules = new TreeMap<>();
            for (Bean<?> bean : beanManager.getBeans(InterceptPolicy.class, Any.Literal.INSTANCE)) {
                String id = qualifier(bean, PolicyId.class, PolicyId::value);
                if (id == null) {
                    throw new IllegalStateException("policy bean " + bean.getBeanClass().getName()
                            + " has no @PolicyId qualifier: add @PolicyId(\"your-id\")");
                }
                String module = moduleOf(bean.getBeanClass());
                String previous = policyModules.put(id, module);
                if (previous != null) {
                    throw new IllegalStateException("policy id '" + id + "' is declared twice: in " + previous + " and in " + module);
                }
                InterceptPolicy policy = policy(id);
                infos.add(new ComponentCatalog.PolicyInfo(id, module, policy.description(), policy.options()));
            }
            Map<String, String> hookModules = new TreeMap<>();
            Map<String, List<io.apvirt.api.policy.PolicyOption>> hookOptions = new TreeMap<>();
            for (Bean<?> bean : beanManager.getBeans(PqapHook.class, Any.Literal.INSTANCE)) {
                String id = qualifier(bean, HookId.class, HookId::value);
                if (id == null) {
                    throw new IllegalStateException("hook bean " + bean.getBeanClass().getName()
                            + " has no @HookId qualifier: add @HookId(\"your-id\")");
                }
                if (ComponentCatalog.NO_HOOK.equals(id)) {
                    throw new IllegalStateException("hook bean " + bean.getBeanClass().getName() + " uses the reserved id 'none'");
                }
                String previous = hookModules.put(id, moduleOf(bean.getBeanClass()));
                if (previous != null) {
                    throw new IllegalStateException("hook id '" + id + "' is declared twice: in " + previous + " and in "
                            + moduleOf(bean.getBeanClass()));
                }
                hookOptions.put(id, hook(id).options());
            }
            Map<String, String> behaviourModules = new TreeMap<>();
            for (Bean<?> bean : beanManager.getBeans(DeviceBehaviour.class, Any.Literal.INSTANCE)) {
                String id = qualifier(bean, BehaviourId.class, BehaviourId::value);
                if (id == null) {
                    throw new IllegalStateException("device behaviour bean " + bean.getBeanClass().getName()
                            + " has no @BehaviourId qualifier: add @BehaviourId(\"your-id\")");
                }
                String previous = behaviourModules.put(id, moduleOf(bean.getBeanClass()));
                if (previous != null) {
                    throw new IllegalStateException("behaviour id '" + id + "' is declared twice: in " + previous + " and in "
                            + moduleOf(bean.getBeanClass()));
                }
            }
            c = ComponentCatalog.of(infos, hookModules, hookOptions, behaviourModules);
            catalog = c;
        }
        return c;
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
            throw new IllegalArgumentException("no policy '" + id + "'; known: " + (catalog == null ? "?" : catalog.describePolicies()));
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

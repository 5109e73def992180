package io.apvirt.engine.internal.cdi;

import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.Component;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.engine.internal.arch.ArchitectedRules;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.firmware.FirmwareStage;
import io.apvirt.engine.internal.userspace.QemuUserspace;
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
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The policies, hooks and device behaviours found in the container, by kind and
 * {@link ComponentId}, with the module (jar or class folder) each came from: one registration
 * loop over the {@link ComponentKind}s. The engine names no concrete component.
 */
@ApplicationScoped
public class ComponentRegistry {

    @Inject
    BeanManager beanManager;

    @Inject
    @Any
    Instance<Object> beans;

    private volatile ComponentCatalog catalog;
    private volatile List<ComponentStatus> components;

    // resolved once per kind and id: a CDI lookup costs microseconds, and the diff sweep builds a machine per class and policy
    private final Map<ComponentKind, ConcurrentMap<String, Component<?>>> resolved = new EnumMap<>(ComponentKind.class);

    public ComponentRegistry() {
        for (ComponentKind kind : ComponentKind.values()) {
            resolved.put(kind, new ConcurrentHashMap<>());
        }
    }

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

    private synchronized void scan() {
        if (catalog != null) {
            return;
        }
        List<ComponentStatus> all = new ArrayList<>();
        List<ComponentCatalog.Entry> loaded = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            for (ComponentStatus s : scan(kind)) {
                all.add(s);
                if (s.loaded()) {
                    loaded.add(new ComponentCatalog.Entry(kind, s.id(), s.module(), s.description(), s.options()));
                }
            }
        }
        components = List.copyOf(all);
        catalog = ComponentCatalog.of(loaded);
    }

    /** The beans of one kind: each loaded, or failed with the reason (a duplicate or missing id names the jars). */
    private List<ComponentStatus> scan(ComponentKind kind) {
        List<ComponentStatus> out = new ArrayList<>();
        Map<String, List<Bean<?>>> byId = new TreeMap<>();
        List<Bean<?>> found = new ArrayList<>(beanManager.getBeans(kind.type(), Any.Literal.INSTANCE));
        found.sort(Comparator.comparing((Bean<?> b) -> moduleOf(b.getBeanClass())).thenComparing(b -> b.getBeanClass().getName()));
        for (Bean<?> bean : found) {
            String id = idOf(bean);
            if (id == null) {
                out.add(failed(kind, null, bean, kind.noun() + " bean " + where(bean)
                        + " has no @ComponentId qualifier: add @ComponentId(\"your-id\")", true));
            } else if (kind == ComponentKind.HOOK && ComponentCatalog.NO_HOOK.equals(id)) {
                out.add(failed(kind, id, bean, "hook bean " + where(bean) + " uses the reserved id 'none' (no hook): choose another id", true));
            } else {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(bean);
            }
        }
        for (var e : byId.entrySet()) {
            String id = e.getKey();
            List<Bean<?>> declared = e.getValue();
            if (declared.size() > 1) {
                String reason = kind.noun() + " id '" + id + "' is declared " + (declared.size() == 2 ? "twice" : declared.size() + " times")
                        + ": " + String.join(" and ", declared.stream().map(ComponentRegistry::where).toList())
                        + "; remove one of the jars or give one another id";
                declared.forEach(b -> out.add(failed(kind, id, b, reason, true)));
                continue;
            }
            Bean<?> bean = declared.get(0);
            try {
                Component<?> c = component(kind, id);
                var options = c.options();
                out.add(new ComponentStatus(kind, id, moduleOf(bean.getBeanClass()), bean.getBeanClass().getName(),
                        c.description(), options == null ? List.of() : options, null, false));
            } catch (RuntimeException | LinkageError ex) {
                out.add(failed(kind, id, bean, "its description() or options() threw " + ex.getClass().getName()
                        + (ex.getMessage() == null ? "" : ": " + ex.getMessage()), false));
            }
        }
        out.sort(Comparator.comparing((ComponentStatus s) -> s.id() == null ? "" : s.id()).thenComparing(ComponentStatus::module)
                .thenComparing(ComponentStatus::className));
        return out;
    }

    private static ComponentStatus failed(ComponentKind kind, String id, Bean<?> bean, String reason, boolean fatal) {
        return new ComponentStatus(kind, id, moduleOf(bean.getBeanClass()), bean.getBeanClass().getName(), null, List.of(), reason, fatal);
    }

    /** {@code io.example.MyPolicy (my-plugin.jar)}. */
    private static String where(Bean<?> bean) {
        return bean.getBeanClass().getName() + " (" + moduleOf(bean.getBeanClass()) + ")";
    }

    private static String idOf(Bean<?> bean) {
        for (Annotation a : bean.getQualifiers()) {
            if (a instanceof ComponentId id) {
                return id.value();
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

    /**
     * The component of this kind and id, behind its client proxy (looked up once).
     *
     * @throws ComponentConflictException when the class path declares components that cannot be told apart
     * @throws IllegalArgumentException   when there is none, naming the ids that are
     */
    public Component<?> component(ComponentKind kind, String id) {
        ConcurrentMap<String, Component<?>> cache = resolved.get(kind);
        Component<?> known = cache.get(id);
        if (known != null) {
            return known;
        }
        Instance<?> selected = beans.select(kind.type(), ComponentId.Literal.of(id));
        if (!selected.isResolvable()) {
            requireNoConflicts();
            throw new IllegalArgumentException("no " + kind.noun() + " '" + id + "'; known: " + catalog().describe(kind));
        }
        Component<?> c = (Component<?>) ContextualInstances.of(selected.get());
        cache.putIfAbsent(id, c);
        return c;
    }

    public InterceptPolicy policy(String id) {
        return (InterceptPolicy) component(ComponentKind.POLICY, id);
    }

    /** The hook with this id, or {@code null} for {@code none}. */
    public PqapHook hook(String id) {
        return ComponentCatalog.NO_HOOK.equals(id) ? null : (PqapHook) component(ComponentKind.HOOK, id);
    }

    public DeviceBehaviour behaviour(String id) {
        return (DeviceBehaviour) component(ComponentKind.BEHAVIOUR, id);
    }

    /** Every rule of the model, by the component that owns it (for the Fidelity table). */
    public Map<String, List<Rule>> rules() {
        Map<String, List<Rule>> out = new LinkedHashMap<>();
        out.put("firmware", FirmwareStage.RULES);
        out.put("architected (firmware and corrected)", ArchitectedRules.ALL);
        out.put("userspace", QemuUserspace.RULES);
        for (ComponentKind kind : ComponentKind.values()) {
            for (String id : catalog().of(kind).keySet()) {
                List<Rule> rules = component(kind, id).rules();
                if (kind != ComponentKind.BEHAVIOUR || !rules.isEmpty()) {
                    out.put((kind == ComponentKind.BEHAVIOUR ? "device" : kind.label()) + " " + id, rules);
                }
            }
        }
        return out;
    }
}

package io.apvirt.engine.config;

import io.apvirt.api.policy.PolicyOption;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The policies, hooks and device behaviours found in the container, with the modules they
 * came from: what the configuration may name. Given to the validator as its
 * constraint-validator payload.
 *
 * @param hooks          hook id to module
 * @param hookOptionSpecs hook id to its options ({@code apvirt.hooks.<hook>.<option>})
 * @param behaviours     behaviour id to module
 */
public record ComponentCatalog(SortedMap<String, PolicyInfo> policies, SortedMap<String, String> hooks,
                               SortedMap<String, List<PolicyOption>> hookOptionSpecs, SortedMap<String, String> behaviours) {

    /** The hook id that attaches no hook. */
    public static final String NO_HOOK = "none";

    public record PolicyInfo(String id, String module, String description, List<PolicyOption> options) {
        public PolicyOption option(String name) {
            return options.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
        }
    }

    public ComponentCatalog {
        policies = new TreeMap<>(policies);
        hooks = new TreeMap<>(hooks);
        hookOptionSpecs = new TreeMap<>(hookOptionSpecs);
        behaviours = new TreeMap<>(behaviours);
    }

    public static ComponentCatalog of(List<PolicyInfo> policies, Map<String, String> hooks) {
        return of(policies, hooks, Map.of(), Map.of());
    }

    public static ComponentCatalog of(List<PolicyInfo> policies, Map<String, String> hooks,
                                      Map<String, List<PolicyOption>> hookOptions, Map<String, String> behaviours) {
        TreeMap<String, PolicyInfo> map = new TreeMap<>();
        policies.forEach(p -> map.put(p.id(), p));
        return new ComponentCatalog(map, new TreeMap<>(hooks), new TreeMap<>(hookOptions), new TreeMap<>(behaviours));
    }

    /** Hook id to the names of its options. */
    public Map<String, List<String>> hookOptions() {
        Map<String, List<String>> out = new TreeMap<>();
        hookOptionSpecs.forEach((id, options) -> out.put(id, options.stream().map(PolicyOption::name).toList()));
        return out;
    }

    public PolicyOption hookOption(String hook, String name) {
        return hookOptionSpecs.getOrDefault(hook, List.of()).stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }

    /** {@code corrected (apvirt-policy-corrected-0.1.0.jar), legacy-abi (...), ...}. */
    public String describePolicies() {
        if (policies.isEmpty()) {
            return "no policy module is on the class path";
        }
        StringBuilder b = new StringBuilder();
        policies.values().forEach(p -> b.append(b.isEmpty() ? "" : ", ").append(p.id()).append(" (").append(p.module()).append(')'));
        return b.toString();
    }

    public String describeHooks() {
        StringBuilder b = new StringBuilder(NO_HOOK);
        hooks.forEach((id, module) -> b.append(", ").append(id).append(" (").append(module).append(')'));
        return b.toString();
    }

    public String describeBehaviours() {
        if (behaviours.isEmpty()) {
            return "no device behaviour is on the class path";
        }
        StringBuilder b = new StringBuilder();
        behaviours.forEach((id, module) -> b.append(b.isEmpty() ? "" : ", ").append(id).append(" (").append(module).append(')'));
        return b.toString();
    }
}

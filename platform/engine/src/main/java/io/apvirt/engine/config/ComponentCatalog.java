package io.apvirt.engine.config;

import io.apvirt.api.policy.PolicyOption;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The policies and hooks found in the container, with the modules they came from: what the
 * configuration may name. Given to the validator as its constraint-validator payload.
 */
public record ComponentCatalog(SortedMap<String, PolicyInfo> policies, SortedMap<String, String> hooks) {

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
    }

    public static ComponentCatalog of(List<PolicyInfo> policies, Map<String, String> hooks) {
        TreeMap<String, PolicyInfo> map = new TreeMap<>();
        policies.forEach(p -> map.put(p.id(), p));
        return new ComponentCatalog(map, new TreeMap<>(hooks));
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
}

package io.apvirt.api.policy;

import java.util.Map;
import java.util.TreeMap;

/** Validated option values of one policy (every declared option present). */
public record PolicyOptions(Map<String, String> values) {
    public PolicyOptions {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("option " + name + " was not declared by the policy");
        }
        return v;
    }
}

package io.apvirt.api.policy;

import java.util.List;

/**
 * One option of a policy, {@code apvirt.policies.<policy>.<name>}: a choice among fixed values.
 */
public record PolicyOption(String name, List<String> allowed, String defaultValue, String description) {
    public PolicyOption {
        allowed = List.copyOf(allowed);
        if (!allowed.contains(defaultValue)) {
            throw new IllegalArgumentException("default " + defaultValue + " of option " + name + " is not allowed");
        }
    }
}

package io.apvirt.engine.internal.cdi;

import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.api.plugin.Option;

import java.util.List;

/**
 * One policy, hook or device behaviour bean found in the container, in the manner of pf4j's
 * plugin states: {@code loaded}, or {@code failed} with the reason.
 *
 * @param kind        which extension point
 * @param id          its {@code @ComponentId}; null for a bean without one
 * @param module      the jar or class folder it came from
 * @param className   the bean class
 * @param description what it models; null when it failed before saying
 * @param options     its options; empty when it failed
 * @param failure     null when loaded, else why not
 * @param fatal       the failure stops every command (a duplicate id, a missing or reserved id):
 *                    which bean an id names would otherwise be a guess
 */
public record ComponentStatus(ComponentKind kind, String id, String module, String className, String description,
                              List<Option> options, String failure, boolean fatal) {

    public static final String LOADED = "loaded";
    public static final String FAILED = "failed";

    public ComponentStatus {
        options = List.copyOf(options);
    }

    public String state() {
        return failure == null ? LOADED : FAILED;
    }

    public boolean loaded() {
        return failure == null;
    }
}

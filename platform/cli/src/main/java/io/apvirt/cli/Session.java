package io.apvirt.cli;

import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.ApvirtContainer;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.MachineFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The CDI container of one CLI invocation, booted on first use. Components that cannot be told
 * apart (a duplicate id, a bean without an id) stop every command but {@code components}, which
 * lists them: {@link io.apvirt.engine.internal.cdi.ComponentConflictException}, exit 2.
 */
final class Session implements AutoCloseable {
    private final boolean listing;
    private ApvirtContainer container;

    Session() {
        this(false);
    }

    private Session(boolean listing) {
        this.listing = listing;
    }

    /** A session that boots despite conflicting components, to list them. */
    static Session listing() {
        return new Session(true);
    }

    ApvirtContainer container() {
        if (container == null) {
            ApvirtContainer booted = ApvirtContainer.boot();
            if (!listing) {
                try {
                    booted.get(ComponentRegistry.class).requireNoConflicts();
                } catch (RuntimeException e) {
                    booted.close();
                    throw e;
                }
            }
            container = booted;
            StartupTiming.mark("Weld boot");
        }
        return container;
    }

    ComponentRegistry registry() {
        return container().get(ComponentRegistry.class);
    }

    ApvirtConfiguration configuration() {
        return container().get(ApvirtConfiguration.class);
    }

    MachineFactory machines() {
        return container().get(MachineFactory.class);
    }

    /** Every bean of a type, for optional plugins (for example the js-hooks module's {@code ScriptTool}). */
    <T> Instance<T> instances(Class<T> type) {
        return container().get(BeanManager.class).createInstance().select(type);
    }

    @Override
    public void close() {
        if (container != null) {
            container.close();
        }
    }
}

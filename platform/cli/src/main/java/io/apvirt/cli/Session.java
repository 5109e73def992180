package io.apvirt.cli;

import io.apvirt.engine.cdi.ApvirtConfiguration;
import io.apvirt.engine.cdi.ApvirtContainer;
import io.apvirt.engine.cdi.ComponentRegistry;
import io.apvirt.engine.cdi.MachineFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/** The CDI container of one CLI invocation, booted on first use. */
final class Session implements AutoCloseable {
    private ApvirtContainer container;

    ApvirtContainer container() {
        if (container == null) {
            container = ApvirtContainer.boot();
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

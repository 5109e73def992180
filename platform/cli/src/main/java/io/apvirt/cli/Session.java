package io.apvirt.cli;

import io.apvirt.engine.cdi.ApvirtConfiguration;
import io.apvirt.engine.cdi.ApvirtContainer;
import io.apvirt.engine.cdi.ComponentRegistry;
import io.apvirt.engine.cdi.MachineFactory;

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

    @Override
    public void close() {
        if (container != null) {
            container.close();
        }
    }
}

package io.apvirt.engine.cdi;

import io.apvirt.api.machine.Machine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Makes the configured machine injectable: {@code @Inject Machine machine}. */
@ApplicationScoped
public class MachineProducer {

    @Inject
    ApvirtConfiguration configuration;

    @Inject
    MachineFactory factory;

    @Produces
    @ApplicationScoped
    Machine machine() {
        return factory.create(configuration.settings());
    }
}

package io.apvirt.engine.internal.cdi;

import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.machine.Machine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Makes the configured machine injectable: {@code @Inject Machine machine}. Its settings are the
 * application's {@link MachineSettings} bean when it produces one ({@code @Produces MachineSettings}),
 * else the container's configuration (the defaults, {@code APVIRT_*} and {@code -Dapvirt.*}, or what
 * the CLI gave it).
 */
@ApplicationScoped
public class MachineProducer {

    @Inject
    ApvirtConfiguration configuration;

    @Inject
    MachineFactory factory;

    @Inject
    Instance<MachineSettings> applicationSettings;

    @Inject
    EmbeddedMachines machines;

    @Produces
    @ApplicationScoped
    Machine machine() {
        if (applicationSettings.isResolvable()) {
            return machines.create(applicationSettings.get());
        }
        return factory.create(configuration.settings());
    }
}

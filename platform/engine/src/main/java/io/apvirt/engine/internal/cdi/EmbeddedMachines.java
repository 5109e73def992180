package io.apvirt.engine.internal.cdi;

import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.embed.Machines;
import io.apvirt.api.machine.Machine;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigLayers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** The engine's {@link Machines}: the embedder's settings become configuration layers, validated, then a machine. */
@ApplicationScoped
public class EmbeddedMachines implements Machines {

    @Inject
    ApvirtConfiguration configuration;

    @Inject
    MachineFactory factory;

    @Inject
    ComponentRegistry registry;

    @Override
    public Machine create(MachineSettings settings) {
        return factory.create(resolve(settings));
    }

    @Override
    public void validate(MachineSettings settings) {
        resolve(settings);
    }

    @Override
    public List<String> policies() {
        return List.copyOf(registry.catalog().policies().keySet());
    }

    /** @throws io.apvirt.engine.internal.config.InvalidConfigurationException (an {@code InvalidSettingsException}) */
    ApvirtSettings resolve(MachineSettings settings) {
        registry.requireNoConflicts();
        return configuration.resolve(layers(settings));
    }

    /** How a problem names a value from {@link MachineSettings#with}. */
    public static final String SOURCE = "MachineSettings";

    /** Defaults, then the file, then (when asked) the process's environment and system properties, then the properties set. */
    static ConfigLayers layers(MachineSettings settings) {
        ConfigLayers layers = settings.process() ? ConfigLayers.fromProcess() : ConfigLayers.defaults();
        if (settings.configFile() != null) {
            layers = layers.withConfigFile(settings.configFile());
        }
        return layers.withSets(settings.properties()).withSetsSource(SOURCE);
    }
}

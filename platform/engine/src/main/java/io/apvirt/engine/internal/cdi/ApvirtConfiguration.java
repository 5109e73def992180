package io.apvirt.engine.internal.cdi;

import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.config.Configuration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The configuration of this container. By default the embedded defaults, {@code APVIRT_*}
 * and {@code -Dapvirt.*}; an application (the CLI) may give other layers with
 * {@link #use(ConfigLayers)} before the first machine is built.
 */
@ApplicationScoped
public class ApvirtConfiguration {

    @Inject
    ComponentRegistry registry;

    private ConfigLayers layers = ConfigLayers.fromProcess();
    private ApvirtSettings settings;

    public synchronized void use(ConfigLayers newLayers) {
        this.layers = newLayers;
        this.settings = null;
    }

    /**
     * The validated settings.
     *
     * @throws io.apvirt.engine.internal.config.InvalidConfigurationException listing every problem
     */
    public synchronized ApvirtSettings settings() {
        if (settings == null) {
            settings = Configuration.resolve(layers, registry.catalog());
        }
        return settings;
    }

    /** The settings of these layers, validated against the modules of this container. */
    public ApvirtSettings resolve(ConfigLayers other) {
        return Configuration.resolve(other, registry.catalog());
    }
}

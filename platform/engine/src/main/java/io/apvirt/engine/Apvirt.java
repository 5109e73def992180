package io.apvirt.engine;

import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.embed.Machines;
import io.apvirt.api.machine.Machine;
import io.apvirt.engine.internal.cdi.ApvirtContainer;

/**
 * The engine for a Java application without CDI code of its own: boots the Weld SE container over
 * the class path (the engine, the policy and plugin jars there) and hands out machines.
 *
 * <pre>{@code
 * try (Apvirt apvirt = Apvirt.boot()) {
 *     Machine machine = apvirt.machines().create(MachineSettings.defaults().withPolicy("corrected"));
 *     Vcpu cpu = machine.newVcpu();
 *     ...
 * }
 * }</pre>
 *
 * A CDI application injects {@link Machines} or the configured {@link Machine} instead (README,
 * "Embedding"). This class and the {@code io.apvirt.api} packages are the engine's public API;
 * everything under {@code io.apvirt.engine.internal} may change without notice.
 */
public final class Apvirt implements AutoCloseable {

    private final ApvirtContainer container;
    private final Machines machines;

    private Apvirt(ApvirtContainer container) {
        this.container = container;
        this.machines = container.get(Machines.class);
    }

    /** Boots the container (about 1.5 s; once per application). */
    public static Apvirt boot() {
        return new Apvirt(ApvirtContainer.boot());
    }

    /** Builds machines from settings. */
    public Machines machines() {
        return machines;
    }

    /** {@code machines().create(settings)}. */
    public Machine machine(MachineSettings settings) {
        return machines.create(settings);
    }

    /** Shuts the container down; build no machine after it. */
    @Override
    public void close() {
        container.close();
    }
}

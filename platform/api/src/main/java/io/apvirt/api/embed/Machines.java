package io.apvirt.api.embed;

import io.apvirt.api.machine.Machine;

import java.util.List;

/**
 * Builds machines for an embedder: {@code @Inject Machines machines} in a CDI application with the
 * engine on its class path, or {@code io.apvirt.engine.Apvirt.boot().machines()} without one.
 * Each machine is independent (its own vCPUs, bus, clock and log); building one costs
 * microseconds once its settings were validated, so build as many as you like. Thread-safe.
 */
public interface Machines {

    /**
     * A machine from these settings, validated against the components on the class path.
     *
     * @throws InvalidSettingsException listing every problem
     */
    Machine create(MachineSettings settings);

    /** A machine from {@link MachineSettings#fromProcess()}. */
    default Machine create() {
        return create(MachineSettings.fromProcess());
    }

    /**
     * Checks the settings as {@link #create} would, without building a machine.
     *
     * @throws InvalidSettingsException listing every problem
     */
    void validate(MachineSettings settings);

    /** The ids of the loaded intercept policies, in order ({@code corrected}, {@code legacy-abi}, {@code mainline}, ...). */
    List<String> policies();
}

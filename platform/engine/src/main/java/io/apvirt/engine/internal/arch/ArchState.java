package io.apvirt.engine.internal.arch;

import io.apvirt.api.policy.Intercept;
import io.apvirt.engine.internal.bus.ApBus;
import io.apvirt.engine.internal.machine.GuestMemory;

/** What the architected semantics read and change: a vCPU with its machine's bus and memory. */
public interface ArchState extends Intercept {

    ApBus bus();

    GuestMemory memory();

    /** Virtual time of this instruction. */
    long now();
}

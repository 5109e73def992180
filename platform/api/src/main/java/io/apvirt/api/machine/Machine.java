package io.apvirt.api.machine;

import java.util.List;

/**
 * A virtual machine with AP pass-through under one intercept policy: the embedding entry
 * point. Inject it ({@code @Inject Machine machine}), build vCPUs and execute instructions;
 * every execution is also fired as an {@link Execution} CDI event.
 */
public interface Machine {

    /** The id of the intercept policy in force. */
    String policyId();

    /** The id of the PQAP hook attached, or {@code none}. */
    String hookId();

    HostModel host();

    GuestModel guest();

    /** A new vCPU with all registers zero, supervisor state, cc 0. */
    Vcpu newVcpu();

    /** Virtual time: instructions executed so far on this machine. */
    long now();

    /** The queues of the AP bus, one line each, for display. */
    List<QueueState> queues();

    /** Reads guest absolute storage (an {@link IndexOutOfBoundsException} outside it). */
    byte[] read(long address, int length);

    /** Writes guest absolute storage, for example an NQAP request message. */
    void write(long address, byte[] data);

    /**
     * The host's software state for the machine's AP interrupts (docs/architecture.md#6.5): vfio_ap's
     * saved ISC and NIB per queue, the GISC registration counts and the NIB pins held.
     */
    default VfioApState vfioAp() {
        return VfioApState.EMPTY;
    }

    /**
     * Resets the VM's AP queues as vfio_ap does on a VM reset, a {@code VFIO_DEVICE_RESET} or when
     * the mdev is detached from KVM ({@code vfio_ap_mdev_reset_queues}, docs/architecture.md#6.6):
     * every queue assigned (in the guest's APM x AQM and on the host) gets a ZAPQ, which drops its
     * messages and turns its interrupts off; TAPQ is polled until the reset is over (ZAPQ is issued
     * again after RC 0x02, 0x05 or 0x0A), and then the queue's saved ISC is released and its NIB
     * unpinned. Virtual time advances by the polls' waits (one tick each). The guest's registers
     * are not touched.
     */
    void reset();

    /** The ISCs for which an adapter interruption is pending on the VM (section 11.7), ascending. */
    List<Integer> pendingInterrupts();

    /** The machine's log: plugin errors and script output ({@code ap.log}), in order. */
    List<String> log();

    /** The plugin calls that failed so far, each with its rule and line ({@code file:line:col: error}), in order. */
    default List<io.apvirt.api.plugin.FailedCall> failedCalls() {
        return List.of();
    }
}

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

    /**
     * The vfio_ap mediated device: what is assigned and its queue table (docs/architecture.md#12.1).
     * The guest's masks, filtered from it, are those of {@link #guest()}. By default (a machine
     * without an mdev): the guest's masks and the queues of the bus in them.
     */
    default Assignment assignment() {
        GuestModel g = guest();   // a machine without an mdev: the guest's masks, every queue of the bus in them bound
        return new Assignment(g.apm(), g.aqm(), g.adm(), queues().stream().map(QueueState::apqn).filter(g::inMatrix).sorted().toList());
    }

    /**
     * Changes the mediated device's assignment while the guest runs (the sysfs
     * {@code assign_*}/{@code unassign_*} writes, docs/architecture.md#12.2): the guest's masks
     * follow as vfio_ap filters them, and when they changed vfio_ap signals
     * {@code VFIO_AP_CFG_CHG_IRQ_INDEX}, so QEMU queues a {@link ConfigurationEvent}.
     */
    default void changeAssignment(AssignmentChange change) {
        throw new UnsupportedOperationException("this machine has no mediated device");
    }

    /** The AP configuration-change events QEMU holds for the guest, oldest first (docs/architecture.md#12.3). */
    default List<ConfigurationEvent> pendingConfigurationEvents() {
        return List.of();
    }

    /**
     * The channel report words QEMU made pending for the guest, oldest first: 0x0B000000
     * (RSC 0xB channel subsystem, ERC 0 event information pending) each time an event arrived
     * while no store-event-information was pending ({@code css_generate_css_crws}). STCRW is not
     * modelled, so they stay.
     */
    default List<Integer> channelReports() {
        return List.of();
    }

    /** CHSC SEI from the guest: takes the oldest pending configuration-change event (docs/architecture.md#12.3). */
    default EventInformation storeEventInformation() {
        return new EventInformation(EventInformation.NONE, false);
    }
}

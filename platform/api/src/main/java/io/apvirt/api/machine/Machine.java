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

    /** The ISCs for which an adapter interruption is pending on the VM (section 11.7), ascending. */
    List<Integer> pendingInterrupts();

    /** The machine's log: plugin errors and script output ({@code ap.log}), in order. */
    List<String> log();

    /** The plugin calls that failed so far, each with its rule and line ({@code file:line:col: error}), in order. */
    default List<io.apvirt.api.plugin.FailedCall> failedCalls() {
        return List.of();
    }
}

package io.apvirt.api.policy;

import io.apvirt.api.hook.HostAp;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;

/**
 * An intercepted AP instruction as the KVM intercept handler sees it: the vCPU's registers
 * and PSW, the VM's models, and the services below and beside KVM. The engine reuses one
 * instance per vCPU; do not keep it after {@link InterceptHandler#handle} returns.
 */
public interface Intercept {

    Instruction instruction();

    InterceptReason reason();

    long gr(int register);

    void setGr(int register, long value);

    boolean problemState();

    /** The PSW condition code before this instruction. */
    int cc();

    HostModel host();

    GuestModel guest();

    /** ECA_APIE of this vCPU: KVM sets it iff the host has AP instructions and the guest has {@code ap} (section 11.2). */
    default boolean ecaApie() {
        return host().apInstructions() && guest().ap();
    }

    /** ECA_AIV of this vCPU: set iff the VM has a GISA (section 1). */
    default boolean ecaAiv() {
        return guest().aiv();
    }

    /** The PQAP hook registered for the VM (bound to this machine), or {@code null} when none is. */
    HookHandler hook();

    /** The host-side AP services a hook uses (section 6). */
    HostAp hostAp();

    /**
     * Runs the architected semantics (section 11.5: checks 1-4 in priority order, then
     * execution) and reports the outcome at {@code level}.
     */
    Outcome architected(Level level);

    /** Exits to userspace ({@code -EOPNOTSUPP}): the VMM model decides; {@code via} names the handler's rule. */
    Outcome toUserspace(Rule via);
}

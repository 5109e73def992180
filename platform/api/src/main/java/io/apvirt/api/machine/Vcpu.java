package io.apvirt.api.machine;

import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Outcome;

/**
 * A guest vCPU: 16 general registers, the PSW problem-state bit and condition code.
 * One thread at a time.
 */
public interface Vcpu {

    int id();

    long gr(int register);

    void setGr(int register, long value);

    boolean problemState();

    void setProblemState(boolean problemState);

    /** The PSW condition code left by the last instruction that set one. */
    int cc();

    /** Executes one AP instruction through firmware, policy, hook and userspace, and returns what the guest sees. */
    Outcome execute(Instruction instruction);
}

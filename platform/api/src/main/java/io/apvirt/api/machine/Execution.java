package io.apvirt.api.machine;

import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.policy.InterceptReason;

/**
 * One executed instruction, fired as a CDI event by the machine after each instruction.
 *
 * @param tick      the virtual time at which it executed (one tick per instruction, section 11.7)
 * @param intercept why firmware intercepted it, or {@code null} when firmware interpreted it
 * @param before    GR0-GR15 before
 * @param after     GR0-GR15 after
 */
public record Execution(String policy, int vcpu, long tick, Instruction instruction, boolean problemState,
                        InterceptReason intercept, Outcome outcome, long[] before, long[] after, int ccAfter) {

    /** The registers whose value changed. */
    public int changedRegisterMask() {
        int mask = 0;
        for (int r = 0; r < 16; r++) {
            if (before[r] != after[r]) {
                mask |= 1 << r;
            }
        }
        return mask;
    }
}

package io.apvirt.api.outcome;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ProgramInterruption;

/**
 * What the guest sees after one instruction, and who decided it. Register values are not
 * part of the outcome: they are in the vCPU. Outcomes are immutable and may be shared
 * constants, so the decision path need not allocate.
 */
public sealed interface Outcome permits Outcome.Completed, Outcome.ProgramException {

    /** Marker for "no status word" in {@link Completed#status()}. */
    long NO_STATUS = -1L;

    /** The level that decided. */
    Level level();

    /** The rule that decided. */
    Rule rule();

    /** The rule of the level above that handed the instruction on (a policy's exit to userspace, a hook call), or {@code null}. */
    Rule via();

    /** This outcome, handed on by {@code via}. */
    Outcome via(Rule via);

    /**
     * The instruction completed with a condition code.
     *
     * @param status    the APQSW word (unsigned 32 bits) the decider produced, or {@link #NO_STATUS}
     * @param placement where it was written to GR1
     */
    record Completed(Level level, Rule rule, Rule via, int cc, long status, StatusPlacement placement)
            implements Outcome {
        public Completed {
            if (cc < 0 || cc > 3) {
                throw new IllegalArgumentException("condition code " + cc + " is outside 0-3");
            }
            if (status != NO_STATUS && (status < 0 || status > 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("status word does not fit 32 bits");
            }
        }

        public boolean hasStatus() {
            return status != NO_STATUS;
        }

        /** The response code of the status word, or -1 without one. */
        public int rc() {
            return hasStatus() ? Apqsw.rcOf((int) status) : -1;
        }

        public Apqsw apqsw() {
            return hasStatus() ? Apqsw.decode((int) status) : null;
        }

        @Override
        public Completed via(Rule newVia) {
            return new Completed(level, rule, newVia, cc, status, placement);
        }

        /** As the record prints itself, with the status word in hex as the architecture writes it ({@code 0x00010000}), or {@code none}. */
        @Override
        public String toString() {
            return "Completed[level=" + level + ", rule=" + rule + ", via=" + via + ", cc=" + cc + ", status="
                    + (hasStatus() ? String.format("0x%08X", status) : "none") + ", placement=" + placement + "]";
        }
    }

    /** A program interruption: no condition code and no register change. */
    record ProgramException(Level level, Rule rule, Rule via, ProgramInterruption interruption) implements Outcome {
        @Override
        public ProgramException via(Rule newVia) {
            return new ProgramException(level, rule, newVia, interruption);
        }
    }

    static ProgramException program(Level level, Rule rule, ProgramInterruption interruption) {
        return new ProgramException(level, rule, null, interruption);
    }

    static Completed completed(Level level, Rule rule, int cc) {
        return new Completed(level, rule, null, cc, NO_STATUS, StatusPlacement.NONE);
    }

    static Completed completed(Level level, Rule rule, int cc, int statusWord, StatusPlacement placement) {
        return new Completed(level, rule, null, cc, Integer.toUnsignedLong(statusWord), placement);
    }
}

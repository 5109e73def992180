package io.apvirt.engine.internal.sweep;

import io.apvirt.api.arch.Hex;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.StatusPlacement;

/**
 * What the guest saw of one swept instruction under one policy, and who decided it.
 *
 * @param program  the program exception's id, or {@code null} when the instruction completed
 * @param cc       the condition code, or {@code null} for a program exception
 * @param rc       the response code of the status word, or {@code null} without one
 * @param highWord the status word went to GR1 bits 0-31 (the kernel's table 4.3 row 10 placement)
 * @param via      the rule of the level above that handed the instruction on, or {@code null}
 * @param text     the comparison text: {@code cc3 0x01}, {@code cc3 0x01@hi}, {@code cc0}, {@code operation};
 *                 with {@code gr<n>=<hex>} appended when registers differ where the rest does not
 */
public record SweepOutcome(String program, Integer cc, Integer rc, boolean highWord, String level, String rule, String via,
                           String text) {

    private static final String[] CC = {"cc0", "cc1", "cc2", "cc3"};
    private static final String[][] STATUS = texts("");
    private static final String[][] STATUS_HI = texts("@hi");

    private static String[][] texts(String suffix) {
        String[][] t = new String[4][256];
        for (int cc = 0; cc < 4; cc++) {
            for (int rc = 0; rc < 256; rc++) {
                t[cc][rc] = CC[cc] + " " + Hex.byteHex(rc) + suffix;
            }
        }
        return t;
    }

    static SweepOutcome of(Execution e) {
        Outcome o = e.outcome();
        String via = o.via() == null ? null : o.via().id();
        if (o instanceof Outcome.ProgramException p) {
            return new SweepOutcome(p.interruption().id(), null, null, false, o.level().id(), o.rule().id(), via,
                    p.interruption().id());
        }
        Outcome.Completed c = (Outcome.Completed) o;
        Integer rc = c.hasStatus() ? c.rc() : null;
        boolean hi = c.placement() == StatusPlacement.KERNEL_HIGH_WORD;
        String text = rc == null ? CC[c.cc()] : (hi ? STATUS_HI : STATUS)[c.cc()][rc & 0xFF];
        return new SweepOutcome(null, c.cc(), rc, hi, o.level().id(), o.rule().id(), via, text);
    }

    SweepOutcome withText(String newText) {
        return new SweepOutcome(program, cc, rc, highWord, level, rule, via, newText);
    }

    /** {@code 0x01}, or {@code null}. */
    public String rcHex() {
        return rc == null ? null : Hex.byteHex(rc);
    }
}

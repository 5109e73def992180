package io.apvirt.engine.internal.workload;

import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.outcome.Outcome;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often each instruction ended in each way, counted without allocating: per {@link Op}, a
 * program exception by its interruption, cc 0-2, or cc 3 by its response code. Not thread-safe.
 */
public final class OutcomeCounts {

    /** What was executed: NQAP, DQAP, or PQAP by function code ({@code UNDEFINED}: fc 9-255). */
    public enum Op {
        NQAP("NQAP"), DQAP("DQAP"), TAPQ("PQAP(TAPQ)"), RAPQ("PQAP(RAPQ)"), ZAPQ("PQAP(ZAPQ)"), AQIC("PQAP(AQIC)"),
        QCI("PQAP(QCI)"), QACT("PQAP(QACT)"), FC6("PQAP(FC6)"), BAPQ("PQAP(BAPQ)"), AAPQ("PQAP(AAPQ)"),
        UNDEFINED("PQAP(fc 9-255)");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private static final int CC = 8;
    private static final int CC3_NO_STATUS = 11;
    private static final int CC3_RC = 16;
    private static final int SLOTS = CC3_RC + 256;
    private final long[][] counts = new long[Op.values().length][SLOTS];

    void count(Op op, Outcome outcome) {
        counts[op.ordinal()][slot(outcome)]++;
    }

    private static int slot(Outcome outcome) {
        return switch (outcome) {
            case Outcome.ProgramException p -> p.interruption().ordinal();
            case Outcome.Completed c when c.cc() < 3 -> CC + c.cc();
            case Outcome.Completed c -> c.hasStatus() ? CC3_RC + c.rc() : CC3_NO_STATUS;
        };
    }

    /** Adds another vCPU's counts. */
    void add(OutcomeCounts other) {
        for (int o = 0; o < counts.length; o++) {
            for (int s = 0; s < SLOTS; s++) {
                counts[o][s] += other.counts[o][s];
            }
        }
    }

    /** {@code "NQAP cc3 0x05"}, {@code "PQAP(FC6) specification"} to its count, the ones that happened, sorted. */
    public Map<String, Long> asMap() {
        Map<String, Long> out = new TreeMap<>();
        for (Op op : Op.values()) {
            long[] c = counts[op.ordinal()];
            for (int s = 0; s < SLOTS; s++) {
                if (c[s] != 0) {
                    out.put(op.text() + " " + name(s), c[s]);
                }
            }
        }
        return out;
    }

    private static String name(int slot) {
        if (slot < CC) {
            return ProgramInterruption.values()[slot].name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (slot < CC3_NO_STATUS) {
            return "cc" + (slot - CC);
        }
        if (slot == CC3_NO_STATUS) {
            return "cc3";
        }
        return String.format(Locale.ROOT, "cc3 0x%02x", slot - CC3_RC);
    }
}

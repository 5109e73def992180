package io.apvirt.api.outcome;

/**
 * Outcomes made once and handed out again: the decision path of a status result (a completed
 * instruction with its status word) or of a hand-on ({@link Outcome#via}) would otherwise allocate
 * a record per instruction. A fixed table of slots, looked up by the outcome's parts; a slot holds
 * the last outcome made for its hash, so a miss replaces it. Outcomes are immutable records with
 * final fields, so sharing them between threads through the table's plain array is safe (a reader
 * sees either an older outcome, which it checks, or the new one). Thread-safe; allocation-free on
 * a hit.
 */
public final class OutcomeCache {

    private final Outcome[] slots;
    private final int mask;

    /** A table of {@code 2^bits} slots (1-16 bits). */
    public OutcomeCache(int bits) {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("bits must be 1-16, not " + bits);
        }
        slots = new Outcome[1 << bits];
        mask = slots.length - 1;
    }

    /** {@code new Outcome.Completed(level, rule, via, cc, status, placement)}, or the equal one made before. */
    public Outcome.Completed completed(Level level, Rule rule, Rule via, int cc, long status, StatusPlacement placement) {
        int i = index(rule, via, (int) status * 31 + cc * 7 + level.ordinal() * 3 + placement.ordinal());
        if (slots[i] instanceof Outcome.Completed c && c.rule() == rule && c.via() == via && c.status() == status && c.cc() == cc
                && c.level() == level && c.placement() == placement) {
            return c;
        }
        Outcome.Completed made = new Outcome.Completed(level, rule, via, cc, status, placement);
        slots[i] = made;
        return made;
    }

    /** {@code outcome.via(via)}, or the equal one made before. */
    public Outcome via(Outcome outcome, Rule via) {
        if (outcome instanceof Outcome.Completed c) {
            return completed(c.level(), c.rule(), via, c.cc(), c.status(), c.placement());
        }
        Outcome.ProgramException p = (Outcome.ProgramException) outcome;
        int i = index(p.rule(), via, p.interruption().ordinal() * 5 + p.level().ordinal());
        if (slots[i] instanceof Outcome.ProgramException q && q.rule() == p.rule() && q.via() == via
                && q.interruption() == p.interruption() && q.level() == p.level()) {
            return q;
        }
        Outcome made = p.via(via);
        slots[i] = made;
        return made;
    }

    private int index(Rule rule, Rule via, int rest) {
        int h = System.identityHashCode(rule) * 0x9E3779B1 + (via == null ? 0 : System.identityHashCode(via)) * 31 + rest;
        return (h ^ (h >>> 15)) & mask;
    }
}

package io.apvirt.api.outcome;

import io.apvirt.api.arch.ProgramInterruption;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutcomeCacheTest {

    static final Rule A = new Rule("t.a", "test", "a");
    static final Rule B = new Rule("t.b", "test", "b");
    static final Rule VIA = new Rule("t.via", "test", "hands on");

    @Test
    void anEqualOutcomeIsTheOneMadeBefore() {
        OutcomeCache cache = new OutcomeCache(4);
        Outcome.Completed first = cache.completed(Level.KVM, A, null, 3, 0x00010000L, StatusPlacement.ARCHITECTED);
        assertSame(first, cache.completed(Level.KVM, A, null, 3, 0x00010000L, StatusPlacement.ARCHITECTED));
        assertEquals(new Outcome.Completed(Level.KVM, A, null, 3, 0x00010000L, StatusPlacement.ARCHITECTED), first);
        Outcome.Completed other = cache.completed(Level.KVM, A, null, 3, 0x00020000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x00020000L, other.status(), "another status word is another outcome, never the cached one");
        assertEquals(B, cache.completed(Level.KVM, B, null, 3, 0x00010000L, StatusPlacement.ARCHITECTED).rule());
    }

    @Test
    void aHandOnIsMadeOncePerRule() {
        OutcomeCache cache = new OutcomeCache(4);
        Outcome op = Outcome.program(Level.USERSPACE, A, ProgramInterruption.OPERATION);
        Outcome handed = cache.via(op, VIA);
        assertEquals(op.via(VIA), handed);
        assertSame(handed, cache.via(op, VIA));
        assertNotSame(handed, cache.via(op, B));
        assertEquals(B, cache.via(op, B).via());
    }

    @Test
    void aCollisionReplacesTheSlotAndStaysCorrect() {
        OutcomeCache cache = new OutcomeCache(1);   // two slots: most outcomes collide
        for (int rc = 0; rc < 64; rc++) {
            assertEquals(rc << 16, cache.completed(Level.FIRMWARE, A, null, rc == 0 ? 0 : 3, rc << 16, StatusPlacement.ARCHITECTED).status());
        }
        assertThrows(IllegalArgumentException.class, () -> new OutcomeCache(0));
    }
}

package io.apvirt.api.outcome;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutcomeTest {
    private static final Rule RULE = new Rule("exec.tapq", "docs/architecture.md#3", "test rule");

    @Test
    void completedPrintsTheStatusWordInHex() {
        Outcome o = Outcome.completed(Level.FIRMWARE, RULE, 3, 0x00010000, StatusPlacement.ARCHITECTED);
        assertEquals("Completed[level=FIRMWARE, rule=exec.tapq, via=null, cc=3, status=0x00010000, placement=ARCHITECTED]", o.toString());
    }

    @Test
    void completedWithoutStatusSaysNone() {
        assertEquals("Completed[level=FIRMWARE, rule=exec.tapq, via=null, cc=0, status=none, placement=NONE]",
                Outcome.completed(Level.FIRMWARE, RULE, 0).toString());
    }
}

package io.apvirt.cli.render;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.scenario.ScenarioRunner.StepRun;
import io.apvirt.engine.internal.scenario.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ABI comparison cells: what differs is shown where two cells would read the same. */
class ComparisonTest {

    private static final Rule RULE = new Rule("exec.tapq", "test", "test");
    private static final Step STEP = new Step(1, 1, "TAPQ", new Instruction.Pqap(), new TreeMap<>(), false, null, Map.of(), null, 1);

    /** A TAPQ that completed with cc 0 and {@code word} in GR1 bits 32-63 and {@code gr2} in GR2. */
    private static StepRun tapq(Level level, int word, long gr2) {
        long[] before = new long[16];
        long[] after = new long[16];
        after[1] = Apqsw.toGr1(word);
        after[2] = gr2;
        Outcome o = new Outcome.Completed(level, RULE, null, 0, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
        return new StepRun(STEP, new Execution("p", 0, 1, new Instruction.Pqap(), false, null, o, before, after, 0), 1, true, null, List.of());
    }

    private static StepRun operation() {
        Outcome o = new Outcome.ProgramException(Level.USERSPACE, RULE, null, ProgramInterruption.OPERATION);
        return new StepRun(STEP, new Execution("p", 0, 1, new Instruction.Pqap(), false, null, o, new long[16], new long[16], 0),
                1, true, null, List.of());
    }

    @Test
    void theSameResultUnderEveryPolicyReadsTheSameAndIsNotMarked() {
        Comparison c = Comparison.of(List.of(tapq(Level.FIRMWARE, Apqsw.WORD_E, 0x10), tapq(Level.FIRMWARE, Apqsw.WORD_E, 0x10)));
        assertFalse(c.differs());
        assertEquals(List.of("cc0 0x00 firmware", "cc0 0x00 firmware"), c.cells());
    }

    @Test
    void aStatusFlagThatDiffersIsShownAsPlusOrMinusItsLetter() {
        Comparison c = Comparison.of(List.of(tapq(Level.FIRMWARE, Apqsw.WORD_E | Apqsw.WORD_I, 0x10),
                tapq(Level.FIRMWARE, Apqsw.WORD_E, 0x10), tapq(Level.FIRMWARE, Apqsw.WORD_R | Apqsw.WORD_I, 0x10)));
        assertTrue(c.differs());
        assertEquals(List.of("cc0 0x00 +E -R +I firmware", "cc0 0x00 +E -R -I firmware", "cc0 0x00 -E +R +I firmware"), c.cells());
    }

    @Test
    void anotherRegisterThatDiffersIsShownWithItsValue() {
        Comparison c = Comparison.of(List.of(tapq(Level.FIRMWARE, Apqsw.WORD_E, 0x3800000001000012L),
                tapq(Level.KVM, Apqsw.WORD_E, 0x10)));
        assertTrue(c.differs());
        assertEquals(List.of("cc0 0x00 gr2=0x3800000001000012 firmware", "cc0 0x00 gr2=0x10 kvm"), c.cells());
    }

    @Test
    void gr1BeyondItsFlagsIsShownWhole() {
        StepRun reserved = tapq(Level.FIRMWARE, Apqsw.WORD_E, 0x10);
        reserved.execution().after()[1] |= 0x100000000L; // GR1 bit 31: outside the status word
        Comparison c = Comparison.of(List.of(reserved, tapq(Level.FIRMWARE, Apqsw.WORD_E | Apqsw.WORD_I, 0x10)));
        assertEquals(List.of("cc0 0x00 gr1=0x180000000 firmware", "cc0 0x00 gr1=0x81000000 firmware"), c.cells());
    }

    @Test
    void cellsThatAlreadyReadDifferentlyGetNoDetail() {
        Comparison c = Comparison.of(List.of(tapq(Level.HOOK, Apqsw.WORD_E | Apqsw.WORD_I, 0x10), operation()));
        assertTrue(c.differs());
        assertEquals(List.of("cc0 0x00 hook", "operation userspace"), c.cells());
        Comparison three = Comparison.of(List.of(tapq(Level.HOOK, Apqsw.WORD_I, 0x10), tapq(Level.KVM, Apqsw.WORD_I, 0x10), operation()));
        assertEquals(List.of("cc0 0x00 hook", "cc0 0x00 kvm", "operation userspace"), three.cells(),
                "the two cc0 cells show the same registers: nothing to add");
    }
}

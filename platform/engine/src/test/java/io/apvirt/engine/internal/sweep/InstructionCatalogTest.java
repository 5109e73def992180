package io.apvirt.engine.internal.sweep;

import io.apvirt.api.instruction.Instruction;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioLoader;
import io.apvirt.engine.internal.scenario.Step;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstructionCatalogTest {

    @Test
    void everyClassIsAScenarioTheLoaderReadsInBothPswStates() {
        Set<String> ids = new HashSet<>();
        for (InstructionClass ic : InstructionCatalog.all()) {
            assertTrue(ids.add(ic.id()), "id " + ic.id() + " twice");
            for (boolean problemState : new boolean[]{false, true}) {
                Scenario s = ScenarioLoader.parse("test", Sweep.text(ic, problemState));
                assertEquals(ic.setup().size() + 1, s.steps().size(), ic.id());
                Step last = s.steps().get(s.steps().size() - 1);
                assertEquals(problemState, last.problemState(), ic.id());
                for (Step setup : s.steps().subList(0, s.steps().size() - 1)) {
                    assertEquals(false, setup.problemState(), ic.id() + " setup runs in supervisor state");
                }
            }
        }
        assertEquals(78, ids.size());
    }

    @Test
    void aClassLoadsExactlyTheRegistersItsDefectNeeds() {
        InstructionClass bit42 = InstructionCatalog.select(List.of("tapq-bit42")).get(0);
        Step step = ScenarioLoader.parse("test", Sweep.text(bit42, false)).steps().get(0);
        // fc 0 (TAPQ), GR0 bit 42 (0x00200000), APQN 03.0005 (section 2.1)
        assertEquals(0x0000000000200305L, step.loads().get(0));
        InstructionClass odd = InstructionCatalog.select(List.of("nqap-odd-r1")).get(0);
        Step nqap = ScenarioLoader.parse("test", Sweep.text(odd, false)).steps().get(0);
        assertEquals(Instruction.nqap(5, 6), nqap.instruction());
        assertEquals(0x3000L, nqap.loads().get(6));
        assertEquals(16L, nqap.loads().get(7));
    }

    @Test
    void anUnknownIdIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstructionCatalog.select(List.of("tapq", "tapx")));
        assertTrue(e.getMessage().startsWith("'tapx' is not an instruction class; known: tapq, tapq-t, "), e.getMessage());
    }
}

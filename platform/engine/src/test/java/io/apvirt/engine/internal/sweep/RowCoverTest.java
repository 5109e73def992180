package io.apvirt.engine.internal.sweep;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RowCoverTest {

    private final SweepSpace space = SweepSpace.standard(List.of("vfio-ap", "none"));
    private final List<InstructionClass> instructions = InstructionCatalog.select(List.of("tapq", "tapq-t", "aqic-enable"));
    private final SweepResult result = new SweepResult(space, instructions, List.of("a", "b"),
            new SweepOutcome[space.configurations().size() * instructions.size()][], Map.of(), List.of(), List.of(), List.of());

    private int[] keys(java.util.function.BiPredicate<int[], Integer> member) {
        int[] keys = new int[result.classCount()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = member.test(result.configuration(k), result.instructionIndex(k)) ? 0 : -1;
        }
        return keys;
    }

    @Test
    void aKeyThatDependsOnOneDimensionAndTwoInstructionsIsOneRowFixingOnlyThat() {
        int ic3 = space.dimensionIndex(SweepSpace.IC3);
        int[] keys = keys((c, i) -> space.bool(c, ic3) && i >= 1);
        List<RowCover.Cube> rows = new RowCover(result).cover(keys);
        assertEquals(1, rows.size());
        int[] fixed = new int[12];
        Arrays.fill(fixed, -1);
        fixed[ic3] = 1; // the second value of host.ic3: true
        assertArrayEquals(fixed, rows.get(0).fixed());
        assertArrayEquals(new boolean[]{false, true, true}, rows.get(0).instructions());
        assertEquals(640 * 2, rows.get(0).members().size());
    }

    @Test
    void excludedConfigurationsAreDontCaresSoApqiTrueAloneSuffices() {
        // apqi=true implies ap=true in the space: a key "ap and apqi" needs only apqi fixed
        int ap = space.dimensionIndex(SweepSpace.AP);
        int apqi = space.dimensionIndex(SweepSpace.APQI);
        int[] keys = keys((c, i) -> space.bool(c, ap) && space.bool(c, apqi) && i == 0);
        List<RowCover.Cube> rows = new RowCover(result).cover(keys);
        assertEquals(1, rows.size());
        assertEquals(-1, rows.get(0).fixed()[ap]);
        assertEquals(0, rows.get(0).fixed()[apqi]);
        assertEquals(4 * 128, rows.get(0).members().size());
    }

    @Test
    void aDisjunctionNeedsTwoRowsAndTheirUnionIsExactlyTheKey() {
        int ic3 = space.dimensionIndex(SweepSpace.IC3);
        int se = space.dimensionIndex(SweepSpace.SE);
        int[] keys = keys((c, i) -> (space.bool(c, ic3) || space.bool(c, se)) && i == 2);
        List<RowCover.Cube> rows = RowCover.irredundant(new RowCover(result).cover(keys), result.classCount());
        assertEquals(2, rows.size());
        boolean[] covered = new boolean[keys.length];
        for (RowCover.Cube row : rows) {
            for (int k : row.members()) {
                assertEquals(0, keys[k], "a row holds only classes of its key");
                covered[k] = true;
            }
        }
        for (int k = 0; k < keys.length; k++) {
            assertEquals(keys[k] == 0, covered[k], "class " + k);
        }
    }
}

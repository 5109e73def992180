package io.apvirt.cli;

import org.junit.jupiter.api.Test;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The smaller findings of issue 9: each asserts the exact text a user sees. */
class SmallFindingsTest {

    @Test
    void aMistypedCommandSuggestsTheNearestAndExits2() {
        CliTest.Result r = run("rnu");
        assertEquals(2, r.exit());
        assertEquals("Unmatched argument at index 0: 'rnu'\nDid you mean: run?\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aDroppedLetterSuggestsTheOneCommand() {
        CliTest.Result r = run("polices");
        assertEquals(2, r.exit());
        assertEquals("Unmatched argument at index 0: 'polices'\nDid you mean: policies?\n", r.err());
    }

    @Test
    void aWordFarFromEveryCommandGetsTheUsage() {
        CliTest.Result r = run("zzzzzz");
        assertEquals(2, r.exit());
        assertEquals(true, r.err().startsWith("Unmatched argument at index 0: 'zzzzzz'\nUsage: apvirt [-hV] [COMMAND]\n"), r.err());
    }

    @Test
    void editDistanceCountsASwapAsOneEdit() {
        assertEquals(1, ApvirtCli.editDistance("rnu", "run"));
        assertEquals(2, ApvirtCli.editDistance("dif", "diffx"));
        assertEquals(0, ApvirtCli.editDistance("rules", "rules"));
    }
}

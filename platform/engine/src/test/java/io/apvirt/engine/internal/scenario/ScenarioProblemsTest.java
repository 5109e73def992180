package io.apvirt.engine.internal.scenario;

import io.apvirt.engine.internal.conformance.ConformanceCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every problem of a scenario file, and of every file given, in one report: file by file, line by line. */
class ScenarioProblemsTest {

    private static final String STEPS_ALLOWED = "address, apqn, assign, cite, expect, expect-by-policy, f, fc, instruction, ir, isc, "
            + "length, max-tries, memory, message, name, nib, problem-state, psmid, r1, r2, regs, requires, t, unassign, until, vm-reset, "
            + "xfail-by-policy";

    private static ScenarioException problems(String text) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("s.yaml", text));
    }

    @Test
    void threeMistakesInThreeStepsAreReportedAtOnce() {
        ScenarioException e = problems("""
                name: three
                steps:
                  - instruction: pqap
                    fcode: tapq
                  - instruction: pqap
                    fc: tapq
                    expect:
                      cc: 7
                  - instruction: xqap
                """);
        assertEquals("s.yaml:4: steps[1].fcode: unknown field; did you mean fc? allowed here: " + STEPS_ALLOWED + "\n"
                + "s.yaml:8: steps[2].expect.cc: a condition code is 0-3\n"
                + "s.yaml:9: steps[3].instruction: 'xqap' is not an AP instruction: write pqap, nqap or dqap", e.getMessage());
        assertEquals(3, e.problems().size());
        // the single-problem accessors name the first
        assertEquals("s.yaml", e.file());
        assertEquals(4, e.line());
        assertEquals("steps[1].fcode", e.field());
        assertEquals(new ScenarioException.Problem("s.yaml", 8, "steps[2].expect.cc", "a condition code is 0-3"), e.problems().get(1));
    }

    @Test
    void everyFieldOfAStepIsCheckedButOneFieldStopsAtItsFirstProblem() {
        ScenarioException e = problems("""
                steps:
                  - instruction: pqap
                    fc: tapq
                    isc: 9
                    expect:
                      cc: 7
                      level: nope
                    max-tries: 3
                """);
        assertEquals("s.yaml:4: steps[1].isc: must be an interruption subclass 0-7\n"
                + "s.yaml:6: steps[1].expect.cc: a condition code is 0-3\n"
                + "s.yaml:8: steps[1].max-tries: only with 'until'", e.getMessage());
    }

    @Test
    void problemsAreInLineOrderWhateverOrderTheyAreFoundIn() {
        // config: and requires: are read before steps:, but come after them in this file
        String text = """
                steps:
                  - instruction: pqap
                    fc: nope
                config:
                  guest:
                    colour: blue
                requires: 3
                """;
        String expected = "s.yaml:3: steps[1].fc: 'nope' is not a function code (tapq, rapq, zapq, aqic, qci, qact, bapq, aapq or 0-255)\n"
                + "s.yaml:6: config: 'guest.colour' is not a configuration property (keys are written without the 'apvirt.' "
                + "prefix, for example guest.facilities.apxa)\n"
                + "s.yaml:7: requires: must be a list such as [hook: vfio-ap, policy-option: mainline.cc-after-hook]";
        assertEquals(expected, problems(text).getMessage());
        assertEquals(expected, problems(text).getMessage());
    }

    @Test
    void aMisspeltKeyIsOneProblemNotAlsoTheFieldItMeantMissing() {
        assertEquals("s.yaml:1: scenario.step: unknown field; did you mean steps? allowed here: config, description, name, "
                + "requires, steps", problems("step:\n  - instruction: pqap\n").getMessage());
        assertEquals("s.yaml:3: steps[1].instrucion: unknown field; did you mean instruction? allowed here: " + STEPS_ALLOWED
                + "\ns.yaml:5: steps[2].cc: unknown field; did you mean fc? allowed here: " + STEPS_ALLOWED,
                problems("steps:\n  - fc: tapq\n    instrucion: pqap\n  - instruction: pqap\n    cc: 0\n").getMessage());
    }

    @Test
    void everyAddressOutsideGuestMemoryIsReported() {
        Scenario scenario = ScenarioLoader.parse("t.yaml", """
                steps:
                  - instruction: pqap
                    memory: {0x4000000: ff}
                  - instruction: pqap
                    expect:
                      memory: {0x5000000: 00 01}
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioRunner.checkAddresses(scenario, 64L << 20));
        assertEquals("t.yaml:3: steps[1].memory: the byte at 0x4000000 is outside guest memory (64MiB, addresses 0x0-0x3ffffff)\n"
                + "t.yaml:6: steps[2].expect.memory: the 2 bytes at 0x5000000-0x5000001 are outside guest memory (64MiB, "
                + "addresses 0x0-0x3ffffff)", e.getMessage());
    }

    @Test
    void aCatalogueOfTwoBadFilesReportsBothInTheOrderGiven(@TempDir Path dir) throws Exception {
        Path b = Files.writeString(dir.resolve("b.yaml"), "steps:\n  - instruction: pqap\n    isc: 8\n");
        Path a = Files.writeString(dir.resolve("a.yaml"), "steps:\n  - instruction: nqap\n    r1: 2\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ConformanceCatalogue.load(List.of(b, a)));
        assertEquals(b + ":3: steps[1].isc: must be an interruption subclass 0-7\n"
                + a + ":2: steps[1].r2: missing: nqap and dqap need r1 and r2 (even register numbers 0-14)", e.getMessage());
    }
}

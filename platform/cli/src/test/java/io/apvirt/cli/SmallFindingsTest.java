package io.apvirt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(true, r.err().startsWith("Unmatched argument at index 0: 'zzzzzz'\nUsage: apvirt [-hV] [--plugin-path=PATH] [COMMAND]\n"), r.err());
    }

    @Test
    void editDistanceCountsASwapAsOneEdit() {
        assertEquals(1, ApvirtCli.editDistance("rnu", "run"));
        assertEquals(2, ApvirtCli.editDistance("dif", "diffx"));
        assertEquals(0, ApvirtCli.editDistance("rules", "rules"));
    }

    private static final String RESETS = "../../scripts/./scenarios/resets.yaml";

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    @Test
    void severalScenariosEndWithATotalLineAfterTheirUnchangedSummaries() {
        CliTest.Result r = run("run", CliTest.DEFAULT_SCENARIO, RESETS);
        assertEquals(0, r.exit(), r.err());
        List<String> summaries = lines(r.out()).stream().filter(l -> l.startsWith("SUMMARY:")).toList();
        assertEquals(List.of(
                "SUMMARY: mainline 37 PASS, 0 FAIL (37 steps, 37 checked); corrected 37 PASS, 0 FAIL; legacy-abi 37 PASS, 0 FAIL",
                "SUMMARY: mainline 25 PASS, 0 FAIL (25 steps, 25 checked); corrected 25 PASS, 0 FAIL; legacy-abi 25 PASS, 0 FAIL"),
                summaries);
        assertTrue(r.out().endsWith("\n\nTOTAL: 2 scenarios, 62 steps; mainline 62 PASS, 0 FAIL; corrected 62 PASS, 0 FAIL; "
                + "legacy-abi 62 PASS, 0 FAIL\n"), r.out());
    }

    @Test
    void oneScenarioHasNoTotalLine() {
        CliTest.Result r = run("run", "--no-compare", RESETS);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("\nSUMMARY: mainline 25 PASS, 0 FAIL (25 steps, 25 checked)\n"), r.out());
    }

    @Test
    void untilStepsShowTheirTriesAndTheHeaderThePathAsGiven() {
        CliTest.Result r = run("run", "--no-compare", RESETS);
        List<String> out = lines(r.out());
        assertEquals("scenario resets (" + RESETS + ")", out.get(0));
        assertEquals("6     TAPQ until reset done            PQAP(TAPQ) 03.0005  firmware  exec.tapq    0   0x00  -              PASS (2 tries)",
                out.get(10));
        assertEquals("11    TAPQ until reset done            PQAP(TAPQ) 04.0006  firmware  exec.tapq    0   0x00  -              PASS (1 try)",
                out.get(15));
        assertEquals("7     DQAP no pending reply            DQAP 10,8 03.0005   firmware  exec.dqap    3   0x10  -              PASS",
                out.get(11));
    }

    @Test
    void aFailedScriptCallIsNamedUnderItsStep(@TempDir Path dir) throws Exception {
        // they fail on the scenario's calls only: validation's dry calls (ISC 3, a 16-byte request) must pass
        Files.writeString(dir.resolve("bad-hook.js"), "export function onAqic(call) { if (call.isc === 5) throw new Error(\"boom in hook\"); return {rc: 0}; }\n");
        Files.writeString(dir.resolve("bad-dev.js"), "export function onRequest(req, queue) { if (req.length === 1) throw new Error(\"boom in device\"); return {reply: req.message}; }\n");
        Path scenario = Files.writeString(dir.resolve("fail.yaml"), """
                name: fail
                config:
                  hook: script:bad-hook.js
                  devices:
                    - adapter: 3
                      behaviour: script:bad-dev.js
                steps:
                  - name: AQIC enable
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: true
                    isc: 5
                    nib: 0x1000
                    memory: {0x1000: "00"}
                  - name: NQAP
                    instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    address: 0x3000
                    message: "01"
                  - name: TAPQ
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                """);
        CliTest.Result r = run("run", "--no-compare", scenario.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                scenario fail (%s)
                policy mainline | hook script:bad-hook.js | host ap-instructions=true outer-interpretation=true ic3=false | guest ap apqci apft apqi apxa aiv | matrix 2x2

                STEP  NAME         INSTRUCTION         LEVEL     RULE                       CC  RC    PROGRAM  RESULT
                1     AQIC enable  PQAP(AQIC) 03.0005  hook      script.failed              3   0x04  -        -
                      call failed: bad-hook.js:1:58: Error: boom in hook
                2     NQAP         NQAP 4,6 03.0005    firmware  exec.nqap (script.failed)  3   0x04  -        -
                      call failed: bad-dev.js:1:69: Error: boom in device
                3     TAPQ         PQAP(TAPQ) 03.0005  firmware  exec.tapq                  3   0x04  -        -

                SUMMARY: mainline 0 PASS, 0 FAIL (3 steps, 0 checked)

                log under mainline:
                  bad-hook.js:1:58: Error: boom in hook
                      at onAqic (bad-hook.js:1:58)
                  bad-dev.js:1:69: Error: boom in device
                      at onRequest (bad-dev.js:1:69)
                """.formatted(scenario), r.out());
    }
}

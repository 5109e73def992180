package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: exit codes, messages, reports. */
class CliTest {

    static final String DEFAULT_SCENARIO = Path.of("../../scripts/scenarios/default.yaml").toString();

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ApvirtCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void defaultScenarioPassesUnderEveryPolicyAndShowsTheAbiDifference() {
        Result r = run("run", DEFAULT_SCENARIO);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("SUMMARY: mainline 37 PASS, 0 FAIL (37 steps, 37 checked); corrected 37 PASS, 0 FAIL; legacy-abi 37 PASS, 0 FAIL"), r.out());
        assertTrue(r.out().contains("policy mainline | hook vfio-ap | "), r.out());
        assertTrue(r.out().contains("\n8*    AQIC enable                  cc0 0x00 hook PASS         cc0 0x00 hook PASS         operation userspace PASS\n"), r.out());
        assertTrue(r.out().contains("\n16*   AQIC disable with T bit      cc3 0x07 hook PASS         spec kvm PASS              operation userspace PASS\n"), r.out());
        assertTrue(r.out().contains("\n1     TAPQ configured              cc0 0x00 firmware PASS     cc0 0x00 firmware PASS     cc0 0x00 firmware PASS\n"), r.out());
    }

    @Test
    void cellsThatReadTheSameInADifferingRowShowWhatDiffers() {
        Result r = run("run", DEFAULT_SCENARIO);
        assertEquals(0, r.exit(), r.err());
        // after AQIC enable, TAPQ shows the I bit under mainline and corrected; legacy-abi's AQIC failed
        assertTrue(r.out().contains("\n9*    TAPQ interrupts on           cc0 0x00 +I firmware PASS  cc0 0x00 +I firmware PASS  cc0 0x00 -I firmware PASS\n"), r.out());
    }

    /** TAPQ 03.0005 expected to answer cc 3 under corrected only: a wrong expectation for that policy. */
    static final String CORRECTED_EXPECTS_WRONG = """
            steps:
              - name: TAPQ
                instruction: pqap
                fc: tapq
                apqn: "03.0005"
                expect: {cc: 0, rc: 0}
                expect-by-policy:
                  corrected: {cc: 3}
            """;

    @Test
    void anotherPolicysFailureIsShownAndCountedButExitsOnlyWithAllPolicies(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("other.yaml");
        Files.writeString(s, CORRECTED_EXPECTS_WRONG);
        Result r = run("run", s.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL step 1 TAPQ (line 2) under corrected:\n    cc: expected 3, got 0\n"), r.out());
        assertTrue(r.out().contains("\n1     TAPQ  cc0 0x00 firmware PASS  cc0 0x00 firmware FAIL  cc0 0x00 firmware PASS\n"), r.out());
        assertTrue(r.out().endsWith("SUMMARY: mainline 1 PASS, 0 FAIL (1 steps, 1 checked); corrected 0 PASS, 1 FAIL; legacy-abi 1 PASS, 0 FAIL\n"
                + "not counted for the exit code: FAIL 1 under corrected (--all-policies counts them)\n"), r.out());
        Result all = run("run", "--all-policies", s.toString());
        assertEquals(1, all.exit(), all.out() + all.err());
        assertTrue(all.out().endsWith("SUMMARY: mainline 1 PASS, 0 FAIL (1 steps, 1 checked); corrected 0 PASS, 1 FAIL; legacy-abi 1 PASS, 0 FAIL\n"),
                all.out());
        assertEquals(1, run("run", "--policy", "corrected", s.toString()).exit(), "the selected policy's own expectation");

        JsonNode summary = new ObjectMapper().readTree(run("run", "--json", s.toString()).out()).get("summary");
        assertEquals(new ObjectMapper().readTree("""
                {"checked": 3, "failed": 1, "selected-checked": 1, "selected-failed": 0, "all-policies": false, "exit": 0}"""), summary);
        Result allJson = run("run", "--json", "--all-policies", s.toString());
        assertEquals(1, allJson.exit());
        assertEquals(1, new ObjectMapper().readTree(allJson.out()).get("summary").get("exit").asInt());
    }

    @Test
    void runHelpExplainsTheExitCodeAndAllPolicies() {
        Result r = run("run", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replaceAll("\\s+", " "); // without the line wrapping
        assertTrue(help.contains(" --all-policies Exit 1 when an expectation fails under any policy, not only the selected one "), r.out());
        assertTrue(help.contains(" The exit code follows the selected policy's expectations; the other policies' results are shown "
                + "and counted in the SUMMARY line (an expectation written for one policy is not a failure of another). "), r.out());
        assertTrue(help.contains(" 1 an expectation of the selected policy failed (with --all-policies: of any policy) "), r.out());
    }

    @Test
    void outputIsDeterministic() {
        Result a = run("run", "--json", DEFAULT_SCENARIO);
        Result b = run("run", "--json", DEFAULT_SCENARIO);
        assertEquals(0, a.exit());
        assertEquals(a.out(), b.out());
    }

    @Test
    void jsonHasEveryOutcome() throws Exception {
        Result r = run("run", "--json", "--policy", "corrected", DEFAULT_SCENARIO);
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode runs = doc.get("scenarios").get(0).get("runs");
        assertEquals("corrected", runs.get(0).get("policy").asText());
        assertTrue(runs.get(0).get("selected").asBoolean());
        assertEquals(3, runs.size());
        JsonNode aqic = runs.get(0).get("steps").get(7);
        assertEquals("AQIC enable", aqic.get("name").asText());
        assertEquals("hook", aqic.get("level").asText());
        assertEquals("vfio-ap.enable", aqic.get("rule").asText());
        assertEquals("exec.aqic-hook", aqic.get("via").asText());
        assertEquals("aqic-mandatory", aqic.get("intercept").asText());
        assertEquals(0, aqic.get("cc").asInt());
        assertEquals("0x00", aqic.get("status").get("rc").asText());
        assertEquals("architected", aqic.get("status").get("placement").asText());
        assertEquals("PASS", aqic.get("result").asText());
        JsonNode legacy = runs.get(1).get("steps").get(7);
        assertEquals("legacy-abi", runs.get(1).get("policy").asText());
        assertEquals("userspace", legacy.get("level").asText());
        assertEquals("legacy.no-handler", legacy.get("via").asText());
        assertEquals("operation", legacy.get("program").asText());
        assertEquals("0x0001", legacy.get("program-code").asText());
        assertEquals(111, doc.get("summary").get("checked").asInt());
        assertEquals(0, doc.get("summary").get("failed").asInt());
    }

    @Test
    void unknownPolicyExits2AndNamesTheKnownIdsAndModules() {
        Result r = run("run", "--set", "apvirt.policy=nope", DEFAULT_SCENARIO);
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        // the module is the jar (after package) or the class folder (mvn test)
        String module = "\\((apvirt-policy-%1$s-[0-9A-Za-z.-]+\\.jar|policies/%1$s/target/classes)\\)";
        assertTrue(java.util.regex.Pattern.compile("apvirt\\.policy = nope \\(from --set\\): is not a known policy id; known: "
                + "corrected " + module.formatted("corrected") + ", legacy-abi " + module.formatted("legacy-abi")
                + ", mainline " + module.formatted("mainline") + "\n").matcher(r.err()).find(), r.err());
    }

    @Test
    void apid200WithoutApxaExits2WithThePropertyPath(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("apvirt.yaml");
        Files.writeString(cfg, "apvirt:\n  guest:\n    facilities:\n      apxa: false\n  matrix:\n    adapters: [3, 200]\n");
        Result r = run("run", "--config", cfg.toString(), DEFAULT_SCENARIO);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("apvirt.matrix.adapters[1] = 200 (from " + cfg + "): APID above 63 needs APXA"), r.err());
        Result v = run("validate", "--config", cfg.toString());
        assertEquals(2, v.exit());
    }

    @Test
    void aWrongExpectationExits1AndShowsExpectedAgainstActual(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("wrong.yaml");
        Files.writeString(s, """
                steps:
                  - name: TAPQ
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 3, rc: 0x01, level: kvm}
                """);
        Result r = run("run", "--no-compare", s.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("FAIL step 1 TAPQ (line 2) under mainline:\n"
                + "    cc: expected 3, got 0\n"
                + "    rc: expected 0x01, got 0x00\n"
                + "    level: expected kvm, got firmware\n"), r.out());
        assertTrue(r.out().contains("SUMMARY: mainline 0 PASS, 1 FAIL (1 steps, 1 checked)"), r.out());
    }

    @Test
    void aBadScenarioExits2WithFileAndLine(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("bad.yaml");
        Files.writeString(s, "steps:\n  - instruction: pqap\n    fc: tapq\n    colour: blue\n");
        Result r = run("run", s.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("apvirt: invalid scenario: " + s + ":4: steps[1].colour: unknown field; allowed here: "), r.err());
    }

    static final String STEPS_ALLOWED = "address, apqn, assign, cite, expect, expect-by-policy, f, fc, instruction, ir, isc, "
            + "length, max-tries, memory, message, name, nib, problem-state, psmid, r1, r2, regs, requires, t, unassign, until, vm-reset, "
            + "xfail-by-policy";

    /** Issue 9: a scenario file with mistakes in three steps is one report of all three, and nothing runs. */
    static final String THREE_MISTAKES = """
            steps:
              - instruction: pqap
                fcode: tapq
              - instruction: pqap
                fc: tapq
                expect:
                  cc: 7
              - instruction: xqap
            """;

    @Test
    void aScenarioWithThreeMistakesInThreeStepsReportsAllThreeAtOnce(@TempDir Path dir) throws Exception {
        Path s = Files.writeString(dir.resolve("three.yaml"), THREE_MISTAKES);
        Result r = run("run", s.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("apvirt: invalid scenario (3 problems):\n"
                + s + ":3: steps[1].fcode: unknown field; did you mean fc? allowed here: " + STEPS_ALLOWED + "\n"
                + s + ":7: steps[2].expect.cc: a condition code is 0-3\n"
                + s + ":8: steps[3].instruction: 'xqap' is not an AP instruction: write pqap, nqap or dqap\n"
                + "Nothing ran.\n", r.err());
    }

    @Test
    void twoScenarioFilesWithAMistakeEachReportBothInTheOrderGiven(@TempDir Path dir) throws Exception {
        Path b = Files.writeString(dir.resolve("b.yaml"), "steps:\n  - instruction: pqap\n    isc: 8\n");
        // found only once the configuration is known: the address check joins the same report
        Path a = Files.writeString(dir.resolve("a.yaml"), "steps:\n  - instruction: pqap\n    memory: {0x40000000: ff}\n");
        String expected = "apvirt: invalid scenario (2 problems):\n"
                + b + ":3: steps[1].isc: must be an interruption subclass 0-7\n"
                + a + ":3: steps[1].memory: the byte at 0x40000000 is outside guest memory (64MiB, addresses 0x0-0x3ffffff)\n"
                + "Nothing ran.\n";
        Result r = run("run", b.toString(), a.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(expected, r.err());
        Result validate = run("validate", b.toString(), a.toString());
        assertEquals(2, validate.exit());
        assertEquals(expected, validate.err());
        Result conformance = run("conformance", b.toString(), a.toString());
        assertEquals(2, conformance.exit());
        assertEquals("", conformance.out());
        assertEquals(expected.replace("invalid scenario", "invalid catalogue"), conformance.err());
    }

    @Test
    void aScenarioConfigOverrideIsValidatedToo(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("cfg.yaml");
        Files.writeString(s, "config:\n  guest:\n    memory: lots\nsteps:\n  - instruction: pqap\n");
        Result r = run("run", s.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("apvirt.guest.memory = lots (from scenario " + s + "): is not a size"), r.err());
    }

    @Test
    void componentsListsTheModulesOptionsAndStatesAndPoliciesIsItsAlias() {
        Result r = run("components");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("KIND       ID"), r.out());
        assertTrue(java.util.regex.Pattern.compile("\npolicy +mainline +loaded +\\S*mainline\\S* +kernel=latest\\|5\\.3\\|\\S*\\|6\\.8 cc-after-hook=kernel\\|set\\|unchanged no-hook-status=kernel\\|architected +KVM v5.3")
                .matcher(r.out()).find(), r.out());
        assertTrue(java.util.regex.Pattern.compile("\nhook +vfio-ap +loaded +\\S*vfio-ap\\S* +kernel=latest\\|5\\.3\\|\\S*\\|6\\.8 nib-zero=kernel\\|invalid\\|accepted gisc-failure-rc=kernel\\|0x06\\|0x08 max-isc=7 \\(0-7\\) "
                + "disable-retries=5 \\(0-10\\) retry-wait-ticks=1 \\(0-20\\) +vfio_ap ")
                .matcher(r.out()).find(), r.out());
        assertTrue(java.util.regex.Pattern.compile("\nbehaviour +echo +loaded +").matcher(r.out()).find(), r.out());
        assertEquals(r.out(), run("policies").out());
    }

    @Test
    void anUnknownHookNamesTheVfioApModule() {
        Result r = run("validate", "--set", "apvirt.hook=nope");
        assertEquals(2, r.exit());
        assertTrue(java.util.regex.Pattern.compile("apvirt\\.hook = nope \\(from --set\\): is not a known hook id; known: none, "
                + "(script \\([^)]+\\), )?vfio-ap \\((apvirt-plugin-vfio-ap-[0-9A-Za-z.-]+\\.jar|vfio-ap/target/classes)\\)\n").matcher(r.err()).find(), r.err());
        assertEquals(0, run("validate", "--set", "apvirt.hook=none").exit());
        Result bad = run("validate", "--set", "apvirt.hooks.vfio-ap.max-isc=8");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("apvirt.hooks.vfio-ap.max-isc = 8 (from --set): must be a whole number from 0 to 7\n"), bad.err());
        assertEquals(0, run("validate", "--set", "apvirt.hooks.vfio-ap.max-isc=0x3").exit());
    }

    @Test
    void validateAcceptsTheDefaults() {
        Result r = run("validate", DEFAULT_SCENARIO);
        assertEquals(0, r.exit(), r.err());
        assertEquals("configuration valid: policy mainline, hook vfio-ap, guest memory 64MiB, matrix 2 adapters x 2 domains\n"
                + "scenario valid: " + DEFAULT_SCENARIO + " (37 steps, policy mainline)\n", r.out());
    }

    @Test
    void badCommandLineExits2() {
        assertEquals(2, run("run", "--frobnicate").exit());
        assertEquals(2, run("nonsense").exit());
    }

    @Test
    void everyRuleCitesASource() {
        Result r = run("rules", "--markdown");
        assertEquals(0, r.exit(), r.err());
        for (String id : new String[]{"mainline.no-hook", "legacy.no-handler", "spec.gr0-reserved-bits",
                "userspace.unknown-instruction", "firmware.intercept.aqic-mandatory"}) {
            assertTrue(r.out().contains("| `" + id + "` |"), id);
        }
    }

    @Test
    void theReadmeFidelityTableListsEveryRule() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        Result r = run("rules");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines.length > 40, r.out());
        for (int i = 1; i < lines.length; i++) {
            String id = lines[i].split("\\s+")[0];
            assertTrue(readme.contains("| `" + id + "` |"), "README Fidelity table lacks " + id + "; regenerate it with apvirt rules --markdown");
        }
    }

    @Test
    void runChecksThePolicyIdsOfXfailByPolicyToo(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("xfail.yaml");
        Files.writeString(s, "steps:\n  - instruction: pqap\n    expect: {cc: 0}\n    xfail-by-policy:\n      mainlin: why\n");
        Result r = run("validate", s.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("apvirt: invalid scenario: " + s + ":5: steps[1].xfail-by-policy: 'mainlin' is not a known policy id; "
                + "known: corrected ("), r.err());
    }
}

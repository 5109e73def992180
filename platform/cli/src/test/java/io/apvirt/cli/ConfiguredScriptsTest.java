package io.apvirt.cli;

import io.apvirt.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts are checked when configured (issue 9): validate, run and conformance load every script the
 * configuration references with the js-hooks plugin's ScriptTool and report its problems as
 * configuration problems, exit 2, nothing run.
 */
class ConfiguredScriptsTest {

    private static final String BROKEN = "export function onRequest(r) {\n  return {reply: r.message BROKEN};\n}\n";
    private static final String FINE = "export function onRequest(r) { return {reply: r.message}; }\n";

    private static Path config(Path dir, String behaviour) throws Exception {
        return Files.writeString(dir.resolve("cfg.yaml"), "apvirt:\n  devices:\n    - adapter: 3\n      behaviour: " + behaviour + "\n");
    }

    private static String invalid(String... problems) {
        StringBuilder b = new StringBuilder("apvirt: invalid configuration (" + problems.length
                + (problems.length == 1 ? " problem" : " problems") + "):\n");
        for (String p : problems) {
            b.append("  ").append(p).append('\n');
        }
        return b.append("Nothing ran. Fix the properties above (see the README's configuration reference).\n").toString();
    }

    @Test
    void validateExits2ForAScriptWithASyntaxErrorAndNamesFileLineColumn(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("hooks"));
        Path bad = Files.writeString(dir.resolve("hooks/bad.js"), BROKEN);
        Path cfg = config(dir, "script:hooks/bad.js");
        Result r = run("validate", "--config", cfg.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals(invalid("apvirt.devices[0].behaviour = script:hooks/bad.js (from " + cfg + "): "
                + bad + ":2:28: SyntaxError: Expected comma but found ident"), r.err());
    }

    @Test
    void runWithABrokenScriptRunsNothingAndExits2(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.js"), BROKEN);
        Path cfg = config(dir, "script:bad.js");
        Result r = run("run", "--config", cfg.toString(), CliTest.DEFAULT_SCENARIO);
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals(invalid("apvirt.devices[0].behaviour = script:bad.js (from " + cfg + "): "
                + bad + ":2:28: SyntaxError: Expected comma but found ident"), r.err());
    }

    @Test
    void anUnknownExportIsReportedAtItsLine(@TempDir Path dir) throws Exception {
        Path extra = Files.writeString(dir.resolve("extra.js"), FINE + "export function helper() {}\n");
        Result r = run("validate", "--set", "apvirt.hook=script:" + extra);
        assertEquals(2, r.exit(), r.err());
        assertEquals(invalid("apvirt.hook = script:" + extra + " (from --set): " + extra
                + ":2:17: exports helper, which is not part of the script API (describe, onRequest, onReset, onTest, onAqic)"), r.err());
    }

    @Test
    void aGoodScriptValidates(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.js"), FINE);
        Result r = run("validate", "--config", config(dir, "script:good.js").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("configuration valid: policy mainline, hook vfio-ap, "), r.out());
    }

    @Test
    void aScenarioWithABrokenScriptIsReportedWithTheScenarioAsTheSource(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.js"), BROKEN);
        Path scenario = Files.writeString(dir.resolve("s.yaml"), "name: s\nconfig:\n  hook: script:bad.js\n"
                + "steps:\n  - name: TAPQ\n    instruction: pqap\n    fc: tapq\n    apqn: \"03.0005\"\n    expect: {cc: 0}\n");
        Result r = run("validate", scenario.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("configuration valid: policy mainline, hook vfio-ap, guest memory 64MiB, matrix 2 adapters x 2 domains\n", r.out());
        assertEquals(invalid("apvirt.hook = script:bad.js (from scenario " + scenario + "): "
                + bad + ":2:28: SyntaxError: Expected comma but found ident"), r.err());
    }

    @Test
    void aRelativePathFoundInTheWorkingDirectoryIsPreferred(@TempDir Path dir) throws Exception {
        Path relative = Path.of("target", "configured-scripts-test", "pick.js");
        Files.createDirectories(relative.getParent());
        Files.createDirectories(dir.resolve(relative.getParent()));
        Files.writeString(dir.resolve(relative), FINE); // beside the configuration: fine
        try {
            Files.writeString(relative, BROKEN); // in the working directory: broken, and checked
            Path cfg = config(dir, "script:" + relative);
            Result r = run("validate", "--config", cfg.toString());
            assertEquals(2, r.exit(), r.err());
            assertEquals(invalid("apvirt.devices[0].behaviour = script:" + relative + " (from " + cfg + "): "
                    + relative + ":2:28: SyntaxError: Expected comma but found ident"), r.err());
            Files.delete(relative);
            Result fallback = run("validate", "--config", cfg.toString());
            assertEquals(0, fallback.exit(), fallback.err());
        } finally {
            Files.deleteIfExists(relative);
        }
        assertFalse(Files.exists(relative));
    }

    /** A catalogue file whose config: names {@code behaviour} for adapter 3 and expects NQAP to be accepted. */
    private static String catalogueFile(String config) {
        return "config:\n" + config + "steps:\n  - name: NQAP\n    instruction: nqap\n    r1: 4\n    r2: 6\n"
                + "    apqn: \"03.0005\"\n    address: 0x3000\n    message: \"01\"\n    expect: {cc: 0}\n";
    }

    @Test
    void conformanceChecksTheScriptsOfEveryCatalogueFileBeforeAnyCaseRuns(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.js"), BROKEN);
        Path extra = Files.writeString(dir.resolve("extra.js"), FINE + "export function helper() {}\n");
        Files.writeString(dir.resolve("good.js"), FINE);
        Path fine = Files.writeString(dir.resolve("a-fine.yaml"), catalogueFile("  devices:\n    - adapter: 3\n      behaviour: script:good.js\n"));
        Path device = Files.writeString(dir.resolve("b-device.yaml"), catalogueFile("  devices:\n    - adapter: 3\n      behaviour: script:bad.js\n"));
        Path hook = Files.writeString(dir.resolve("c-hook.yaml"), catalogueFile("  hook: script:extra.js\n"));
        Result r = run("conformance", fine.toString(), device.toString(), hook.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out(), "nothing ran: no case line, no SUMMARY");
        assertEquals(invalid("apvirt.devices[0].behaviour = script:bad.js (from scenario " + device + "): "
                        + bad + ":2:28: SyntaxError: Expected comma but found ident",
                "apvirt.hook = script:extra.js (from scenario " + hook + "): " + extra
                        + ":2:17: exports helper, which is not part of the script API (describe, onRequest, onReset, onTest, onAqic)"),
                r.err());

        Result good = run("conformance", "--policy", "mainline", fine.toString());
        assertEquals(0, good.exit(), good.err());
        assertEquals("conformance: catalogue files, 1 file, 1 case, policy mainline\nPASS mainline: a-fine/NQAP\n"
                + "SUMMARY: 1 tests, 0 unexpected failures, 0 expected failures, 0 skipped\n", good.out());
    }
}

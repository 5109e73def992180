package io.apvirt.cli;

import io.apvirt.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apvirt check-script} with the js-hooks plugin's ScriptTool, found through the Session's Weld container. */
class CheckScriptCommandTest {

    @Test
    void aFineScriptIsOkAndNothingElseIsPrinted(@TempDir Path dir) throws Exception {
        Path js = Files.writeString(dir.resolve("echo.js"), "export function onRequest(r) { return {reply: r.message}; }\n");
        Result r = run("check-script", js.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(js + ": ok\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void problemsAreRenderedWithTheLineAndACaretAndExit2(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.js"), "export function onReset(q, kind) { return {ticks: 3}; }\n");
        Path bad = Files.writeString(dir.resolve("bad.js"), "let a = 1;\n  let b = 2 BROKEN\n");
        Path wrong = Files.writeString(dir.resolve("wrong.js"),
                "export function onTest(q) { return {rc: 300}; }\nexport function helper() {}\n");
        Result r = run("check-script", bad.toString(), good.toString(), wrong.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(bad + ":2:13: SyntaxError: Expected ; but found BROKEN\n"
                + "    let b = 2 BROKEN\n"
                + "              ^\n"
                + good + ": ok\n"
                + wrong + ":2:17: exports helper, which is not part of the script API (describe, onRequest, onReset, onTest, onAqic)\n"
                + "  export function helper() {}\n"
                + "                  ^\n", r.out().substring(0, r.out().indexOf(wrong + ":1:") < 0 ? r.out().length() : r.out().indexOf(wrong + ":1")));
        assertTrue(r.out().contains(wrong + ":1: onTest returned {rc: 300}: "), r.out());
        assertEquals("", r.err());
    }

    /** The help's example, hooks/flaky-busy.js: the working directory first, then the search path ($APVIRT_HOME/scripts, scripts/). */
    @Test
    void aRelativeFileIsLookedUpInTheWorkingDirectoryFirstThenAlongTheSearchPath(@TempDir Path dir) throws Exception {
        Path repositoryScripts = Path.of("../../scripts").toAbsolutePath().normalize();
        Path example = Path.of("hooks", "flaky-busy.js");
        assertEquals(repositoryScripts.resolve(example), CheckScriptCommand.resolve(example, List.of(repositoryScripts)));

        Path relative = Path.of("target", "check-script-resolve", "x.js");
        Files.createDirectories(dir.resolve(relative).getParent());
        Path inSearchPath = Files.writeString(dir.resolve(relative), "export function onRequest(r) { return {reply: r.message}; }\n");
        Files.createDirectories(relative.getParent());
        try {
            Files.writeString(relative, "export function onRequest(r) { return {reply: r.message}; }\n");
            assertEquals(relative, CheckScriptCommand.resolve(relative, List.of(dir)), "the working directory's file, as given");
            Files.delete(relative);
            assertEquals(inSearchPath, CheckScriptCommand.resolve(relative, List.of(dir)), "then the search path's");
        } finally {
            Files.deleteIfExists(relative);
        }
        assertEquals(Path.of("hooks", "nope.js"), CheckScriptCommand.resolve(Path.of("hooks", "nope.js"), List.of(dir, repositoryScripts)));
    }

    @Test
    void aMissingFileExits2AndTheOthersAreStillChecked(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.js"), "export function onRequest(r) { return {refuse: ap.rc.BUSY}; }\n");
        Path missing = dir.resolve("nope.js");
        Result r = run("check-script", missing.toString(), good.toString(), dir.toString());
        assertEquals(2, r.exit());
        assertEquals(good + ": ok\n", r.out());
        assertEquals("apvirt: check-script: " + missing + ": no such file\n"
                + "apvirt: check-script: " + dir + ": not a file\n", r.err());
    }

    @Test
    void withoutTheScriptingPluginItExits2AndSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CheckScriptCommand.check(null, List.of(dir.resolve("x.js")), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(2, code);
        assertEquals("", out.toString());
        assertEquals("apvirt: check-script needs the js-hooks plugin on the class path "
                + "(no io.apvirt.api.plugin.ScriptTool bean was found)\n", err.toString());
    }

    @Test
    void aFileIsRequiredAndTheCommandIsListed() {
        Result none = run("check-script");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("Missing required parameter: 'FILE'"), none.err());
        Result help = run("--help");
        assertTrue(help.out().contains("check-script"), help.out());
    }
}

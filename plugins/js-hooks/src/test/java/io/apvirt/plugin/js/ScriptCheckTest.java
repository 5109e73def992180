package io.apvirt.plugin.js;

import io.apvirt.api.plugin.ScriptProblem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code JsScriptTool.check}: syntax, exports and a dry call of each API function, rendered as the CLI shows them. */
class ScriptCheckTest {

    static final String DIR = "src/test/resources/scripts/";
    final JsScriptTool tool = new JsScriptTool();

    List<String> rendered(String name) {
        return tool.check(Path.of(DIR + name)).stream().map(ScriptProblem::render).toList();
    }

    @Test
    void aSyntaxErrorWithItsLineAndACaret() {
        assertEquals(List.of("""
                src/test/resources/scripts/syntax-error.js:3:24: SyntaxError: Expected an operand but found }
                    return {reply: [1, 2,};
                                         ^"""), rendered("syntax-error.js"));
    }

    @Test
    void exportsThatAreNotPartOfTheApi() {
        assertEquals(List.of("""
                src/test/resources/scripts/unknown-export.js:6:17: exports foo, which is not part of the script API (describe, onRequest, onReset, onTest, onAqic)
                  export function foo() {
                                  ^""", """
                src/test/resources/scripts/unknown-export.js:9:14: exports BAR, which is not part of the script API (describe, onRequest, onReset, onTest, onAqic)
                  export const BAR = 2;
                               ^"""), rendered("unknown-export.js"));
    }

    @Test
    void aDryCallOfEachFunctionChecksWhatItReturns() {
        assertEquals(List.of("""
                src/test/resources/scripts/bad-returns.js:2: describe returned {type: "CEX9"}: type must be one of CEX4, CEX5, CEX6, CEX7, CEX8, not "CEX9"
                  export function describe() {""", """
                src/test/resources/scripts/bad-returns.js:6: onRequest returned {refuse: 300}: 300 is not an AP response code (known: 0x01-0x0b, 0x10-0x11, 0x13, 0x15-0x16, 0x30-0x36, 0x42; ap.rc has them)
                  export function onRequest(request, queue) {""", """
                src/test/resources/scripts/bad-returns.js:10: onReset returned {ticks: -1}: ticks is -1; it must be 0 or more
                  export function onReset(queue, kind) {""", """
                src/test/resources/scripts/bad-returns.js:15:9: TypeError: no test for 03.0005
                    throw new TypeError(`no test for ${queue.apqn}`);
                          ^""", """
                src/test/resources/scripts/bad-returns.js:18: onAqic returned {interrupts: true}: interrupts must be "on" or "off", not true
                  export function onAqic(request, queue) {"""), rendered("bad-returns.js"));
    }

    @Test
    void anApiExportThatIsNotAFunction() {
        assertEquals(List.of("""
                src/test/resources/scripts/not-a-function.js:1:14: exports onRequest, which is not a function (it is 5)
                  export const onRequest = 5;
                               ^"""), rendered("not-a-function.js"));
    }

    @Test
    void aGoodScriptAndTheExamplesHaveNoProblems() {
        assertEquals(List.of(), rendered("good.js"));
        for (String example : List.of("echo.js", "flaky-busy.js", "checkstop-after.js", "slow-reset.js",
                "lost-interrupt.js", "aqic-audit.js")) {
            assertEquals(List.of(), tool.check(Path.of("../../scripts/hooks/" + example)), example);
        }
    }

    @Test
    void aMissingFile() {
        assertEquals(List.of("src/test/resources/scripts/nope.js: no such file"), rendered("nope.js"));
    }

    @Test
    void theRuntimeModeSaysWhetherAJitCompilerRunsScripts() {
        String mode = tool.runtimeMode();
        // the tests run on a stock JDK without the Graal compiler: GraalJS's fallback runtime
        assertTrue(mode.equals("interpreted (Interpreted; start the JVM with the Graal compiler for speed, see the launcher)")
                || mode.startsWith("optimized ("), mode);
        assertEquals("optimized (GraalVM CE)", JsEngine.describe("GraalVM CE"));
    }
}

package io.apvirt.plugin.js;

import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.PluginFailure;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.engine.internal.machine.MachineLog;
import io.apvirt.plugin.js.JsKit.Rig;
import io.apvirt.policy.mainline.MainlinePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts that loop, recurse, allocate, reach for the host, throw, return garbage or take too
 * long, each with a call deadline of 100 ms: the configured outcome (checkstop, busy or fail),
 * a log line naming file and line and that the deadline interrupted the call, and the other
 * adapter (a Java echo) answering the next instruction. No test here asserts wall time (the
 * deadline's message shows the watchdog fired; how fast it fires is a benchmark's business).
 */
class HostileScriptTest {

    @TempDir
    Path dir;

    Rig device(String text, ScriptSettings settings) {
        Path file = write(dir, "hooks/h.js", text);
        return rig().script(3, "hooks/h.js", file, settings).echo(4).build();
    }

    static List<String> scriptLines(Rig r) {
        return ScriptApiTest.scriptLines(r);
    }

    /** NQAP on 03.0005, timed: the outcome and the wall time in ms. */
    record Timed(Outcome.Completed outcome, double millis) {
    }

    static Timed timedNqap(Rig r, long psmid) {
        Outcome.Completed[] out = new Outcome.Completed[1];
        double ms = millis(() -> out[0] = nqap(r, Q3_5, psmid, MESSAGE));
        return new Timed(out[0], ms);
    }

    static void assertOtherAdapterWorks(Rig r) {
        Outcome.Completed c = nqap(r.machine(), r.cpu(), 1, Q4_5, 99, MESSAGE);
        assertEquals(0, c.cc(), "NQAP on the other adapter");
        assertEquals(0, dqap(r.machine(), r.cpu(), 1, Q4_5, 64).cc(), "DQAP on the other adapter");
    }

    static void assertCheckstopped(Rig r) {
        for (var q : List.of(Q3_5, Q3_6)) {
            Outcome.Completed t = tapq(r, q);
            assertEquals(3, t.cc());
            assertEquals(0x0004_0000L, t.status(), "the adapter is checkstopped: " + q);
        }
        assertEquals("checkstopped", r.machine().queues().getFirst().status());
    }

    // ---- the deadline -----------------------------------------------------------------------------------

    @Test
    void anInfiniteLoopIsInterruptedAtTheDeadlineAndCheckstopsTheAdapter() {
        Rig r = device("""
                export function onRequest(request, queue) {
                  while (true) {}
                }
                """, settings(100, 0, OnFailure.CHECKSTOP, false));
        Timed t = timedNqap(r, 1);
        assertEquals(3, t.outcome().cc());
        assertEquals(0x8004_0000L, t.outcome().status(), "refused with RC 0x04 (the queue is empty: E)");
        assertEquals(List.of("hooks/h.js:2:3: onRequest did not return within 100 ms (interrupted)",
                "    at onRequest (hooks/h.js:2:3)"), scriptLines(r));
        assertCheckstopped(r);
        assertOtherAdapterWorks(r);
    }

    @Test
    void aVerySlowCallIsInterruptedAnswersBusyAndTheDeviceKeepsItsState() {
        Rig r = device("""
                let calls = 0;
                export function onRequest(request, queue) {
                  calls++;
                  if (calls === 1) {
                    const end = Date.now() + 1000;
                    while (Date.now() < end) {}
                  }
                  return {reply: [calls]};
                }
                """, settings(100, 0, OnFailure.BUSY, false));
        Timed t = timedNqap(r, 1);
        assertEquals(3, t.outcome().cc());
        assertEquals(0x05, rc(t.outcome()), "busy");
        List<String> lines = scriptLines(r);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("hooks/h\\.js:6:\\d+: onRequest did not return within 100 ms \\(interrupted\\)"),
                lines.get(0));
        assertTrue(lines.get(1).matches(" {4}at onRequest \\(hooks/h\\.js:6:\\d+\\)"), lines.get(1));
        assertOtherAdapterWorks(r);
        // the interrupt kept the Context: the module's counter goes on
        assertEquals(0, nqap(r, Q3_5, 2, MESSAGE).cc());
        assertEquals(0, dqap(r, Q3_5).cc());
        assertArrayEquals(new byte[] {2}, reply(r, 1));
    }

    @Test
    void aHugeAllocationIsInterruptedAndFailStopsTheRun() {
        Rig r = device("""
                export function onRequest(request, queue) {
                  const a = new Array(1e9).fill(1);
                  return {reply: [a.length & 0xff]};
                }
                """, settings(100, 0, OnFailure.FAIL, false));
        PluginFailure f = assertThrows(PluginFailure.class, () -> nqap(r, Q3_5, 1, MESSAGE));
        assertEquals("hooks/h.js:2:13: onRequest did not return within 100 ms (interrupted)", f.getMessage());
        assertEquals(List.of(f.getMessage(), "    at onRequest (hooks/h.js:2:13)"), scriptLines(r));
        assertOtherAdapterWorks(r);
    }

    @Test
    void theStatementLimitCancelsTheContextAndAFreshOneLosesTheModuleState() {
        Rig r = device("""
                let calls = 0;
                export function onRequest(request, queue) {
                  calls++;
                  if (request.length === 1) {
                    for (;;) {}
                  }
                  let s = 0;
                  for (let i = 0; i < 1000; i++) { s += i; }
                  return {reply: [calls]};
                }
                """, settings(1000, 10_000, OnFailure.BUSY, false));
        // a few thousand statements per call, limit 10,000: counted per call, not over the Context's life
        for (int n = 1; n <= 5; n++) {
            assertEquals(0, nqap(r, Q3_5, n, MESSAGE).cc(), () -> r.lines().toString());
            assertEquals(0, dqap(r, Q3_5).cc());
            assertArrayEquals(new byte[] {(byte) n}, reply(r, 1));
        }
        Outcome.Completed limited = nqap(r, Q3_5, 9, new byte[1]);
        assertEquals(0x05, rc(limited));
        assertOtherAdapterWorks(r);
        for (int n = 1; n <= 3; n++) {
            assertEquals(0, nqap(r, Q3_5, 10 + n, MESSAGE).cc(), () -> r.lines().toString());
            assertEquals(0, dqap(r, Q3_5).cc());
            assertArrayEquals(new byte[] {(byte) n}, reply(r, 1), "a fresh module: the count starts again");
        }
        assertEquals(List.of("hooks/h.js:5:5: onRequest exceeded the statement limit (10000 statements per call); "
                        + "the context was cancelled",
                "    at onRequest",
                "hooks/h.js: a fresh context evaluated the module again (the previous one was cancelled; module state is lost)"),
                scriptLines(r));
    }

    @Test
    void timeTheCallsThreadDidNotRunDoesNotCount() {
        Path file = write(dir, "hooks/h.js", """
                export function onRequest(request, queue) {
                  ap.log("a log that takes 300 ms");
                  return {reply: [1]};
                }
                """);
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.apvirt.api.plugin.PluginLog slowLog = line -> {
            if (line.startsWith("hooks/")) {
                try {
                    Thread.sleep(300); // the calling thread waits: no CPU time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            logged.add(line);
        };
        ScriptInstance s = new ScriptInstance("hooks/h.js", file, settings(100, 0, OnFailure.BUSY, false), slowLog, 0, 3);
        Object reply = assertDoesNotThrow(() -> s.call("onRequest", 1,
                () -> new Object[] {new Views.RequestView(s.host, Samples.request()), new Views.Queue(s.host, new Samples.Queue())},
                (fn, v) -> Returns.response(fn, v, Samples.ADAPTER), () -> null));
        assertArrayEquals(new byte[] {1}, ((io.apvirt.api.device.Response.Reply) reply).data());
        assertEquals(List.of("hooks/h.js: a log that takes 300 ms"), logged.stream()
                .filter(l -> !l.startsWith("js-hooks:")).toList());
    }

    // ---- errors -------------------------------------------------------------------------------------------

    @Test
    void deepRecursionIsARangeErrorAndBusy() {
        Rig r = device("""
                function down(n) {
                  return down(n + 1) + 1;
                }
                export function onRequest(request, queue) {
                  return {reply: [down(0)]};
                }
                """, settings(100, 0, OnFailure.BUSY, false));
        Timed t = timedNqap(r, 1);
        assertEquals(0x05, rc(t.outcome()));
        List<String> lines = scriptLines(r);
        // the stack overflows on entering down (line 1); GraalJS keeps 10 frames of the stack
        assertEquals("hooks/h.js:1:1: RangeError: Maximum call stack size exceeded", lines.getFirst(), lines.toString());
        assertEquals("    at down (hooks/h.js:1:1)", lines.get(1));
        assertEquals(List.of("    at down (hooks/h.js:2:10)"), lines.subList(2, lines.size()).stream().distinct().toList());
        assertOtherAdapterWorks(r);
        assertEquals(0, tapq(r, Q3_5).cc(), "busy: the device goes on");
    }

    @Test
    void stringDoublingIsARangeErrorAndCheckstops() {
        Rig r = device("""
                export function onRequest(request, queue) {
                  let s = "x";
                  for (;;) { s = s + s; }
                }
                """, settings(100, 0, OnFailure.CHECKSTOP, false));
        Timed t = timedNqap(r, 1);
        assertEquals(0x04, rc(t.outcome()));
        assertEquals(List.of("hooks/h.js:3:18: RangeError: Invalid string length", "    at onRequest (hooks/h.js:3:18)"),
                scriptLines(r));
        assertCheckstopped(r);
        assertOtherAdapterWorks(r);
    }

    /** The host is out of reach: each attempt is a ReferenceError naming what is missing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Java.type('java.lang.System')     | 19 | ReferenceError: Java is not defined",
            "Polyglot.eval('js', '1')          | 19 | ReferenceError: Polyglot is not defined",
            "load('/etc/passwd')               | 19 | ReferenceError: load is not defined",
            "require('fs')                     | 19 | ReferenceError: require is not defined",
            "java.lang.System.exit(1)          | 19 | ReferenceError: java is not defined",
            "Packages.java.lang.System         | 19 | ReferenceError: Packages is not defined",
            "quit()                            | 19 | ReferenceError: quit is not defined",
            "new Worker('x.js')                | 23 | ReferenceError: Worker is not defined",
    })
    void hostAccessIsRefusedByName(String expression, int column, String error) {
        Rig r = device("export function onRequest(request, queue) {\n  return {reply: [" + expression + "]};\n}\n",
                settings(100, 0, OnFailure.FAIL, false));
        PluginFailure f = assertThrows(PluginFailure.class, () -> nqap(r, Q3_5, 1, MESSAGE));
        assertEquals("hooks/h.js:2:" + column + ": " + error, f.getMessage());
        assertEquals(List.of(f.getMessage(), "    at onRequest (hooks/h.js:2:" + column + ")"), scriptLines(r));
        assertOtherAdapterWorks(r);
    }

    @Test
    void anImportIsRefusedWhenTheModuleLoads() {
        Path file = write(dir, "hooks/h.js", "import {x} from \"./other.js\";\nexport function onRequest() { return {reply: [x]}; }\n");
        write(dir, "hooks/other.js", "export const x = 1;\n");
        MachineLog log = new MachineLog();
        PluginFailure f = assertThrows(PluginFailure.class, () -> new ScriptBehaviour().bind(
                context("hooks/h.js", file, settings(100, 0, OnFailure.FAIL, false), 0, log).forAdapter(spec(3, "script:hooks/h.js"))));
        assertEquals("hooks/h.js: Error: Operation is not allowed for: other.js (a script has no file access: it is one "
                + "module, without import or load)", f.getMessage());
    }

    @Test
    void aThrowIsBusyWithTheErrorAndItsStack() {
        Rig r = device("""
                function check(request) {
                  if (request.length < 8) throw new Error("short request: " + request.length + " bytes");
                }
                export function onRequest(request, queue) {
                  check(request);
                  return {reply: request.message};
                }
                """, settings(100, 0, OnFailure.BUSY, false));
        Timed t = timedNqap(r, 1);
        assertEquals(3, t.outcome().cc());
        assertEquals(0x0005_0000L, t.outcome().status() & 0x00FF_0000L);
        assertEquals(List.of("hooks/h.js:2:33: Error: short request: 4 bytes",
                "    at check (hooks/h.js:2:33)",
                "    at onRequest (hooks/h.js:5:3)"), scriptLines(r));
        assertOtherAdapterWorks(r);
        // a long enough request passes
        assertEquals(0, nqap(r, Q3_5, 2, new byte[8]).cc());
    }

    @Test
    void aWrongReturnTypeCheckstops() {
        Rig r = device("export function onRequest(request, queue) {\n  return \"yes\";\n}\n",
                settings(100, 0, OnFailure.CHECKSTOP, false));
        Timed t = timedNqap(r, 1);
        assertEquals(0x04, rc(t.outcome()));
        assertEquals(List.of("hooks/h.js:1: onRequest returned \"yes\": not an object, expected "
                + "{reply: bytes, latency?: ticks} or {refuse: rc}"), scriptLines(r));
        assertCheckstopped(r);
        assertOtherAdapterWorks(r);
    }

    // ---- loading ------------------------------------------------------------------------------------------

    @Test
    void aSyntaxErrorCheckstopsTheAdapterFromTheStart() {
        Rig r = device("export function onRequest(request) {\n  return {reply: [1,2,};\n}\n",
                settings(100, 0, OnFailure.CHECKSTOP, false));
        assertEquals(List.of("hooks/h.js:2:23: SyntaxError: Expected an operand but found }"), scriptLines(r));
        assertCheckstopped(r);
        assertEquals(0x04, rc(nqap(r, Q3_5, 1, MESSAGE)));
        assertOtherAdapterWorks(r);
    }

    @Test
    void aScriptThatDoesNotLoadUnderBusyAnswersBusyWithoutMoreLogLines() {
        Rig r = device("export function onRequest(request) {\n  return {reply: [1,2,};\n}\n",
                settings(100, 0, OnFailure.BUSY, false));
        for (int i = 0; i < 3; i++) {
            assertEquals(0x05, rc(nqap(r, Q3_5, i, MESSAGE)));
        }
        assertEquals(1, scriptLines(r).size(), scriptLines(r)::toString);
    }

    @Test
    void aLoopInTheModulesTopLevelCodeIsStoppedAndFailStopsTheBuild() {
        Path file = write(dir, "hooks/h.js", "let n = 0;\nwhile (true) { n++; }\n");
        MachineLog log = new MachineLog();
        PluginFailure f = assertThrows(PluginFailure.class, () -> new ScriptBehaviour().bind(
                context("hooks/h.js", file, settings(100, 0, OnFailure.FAIL, false), 0, log).forAdapter(spec(3, "script:hooks/h.js"))));
        // GraalJS gives no source location for an interrupted module evaluation
        assertEquals("hooks/h.js: the module's top-level code did not return within 2000 ms (interrupted)", f.getMessage());
    }

    // ---- a hook -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CHECKSTOP, 4", "BUSY, 5"})
    void aFailingHookAnswersTheGuestWithTheConfiguredRc(OnFailure onFailure, int rc) {
        Path file = write(dir, "hooks/aqic.js", "export function onAqic(request, queue) {\n  while (true) {}\n}\n");
        MachineLog log = new MachineLog();
        var hook = new ScriptHook().bind(context("hooks/aqic.js", file, settings(100, 0, onFailure, false), 0, log));
        Vcpu cpu = machine("mainline", new MainlinePolicy()).hook(hook).vcpu();
        Outcome[] out = {aqic(cpu, Q3_5, true, 3, 0x1000)};
        Outcome.Completed c = completed(out[0]);
        assertEquals(Level.HOOK, c.level());
        assertEquals("script.failed", c.rule().id());
        assertEquals(3, c.cc());
        assertEquals((long) rc << 16, c.status());
        assertEquals((long) rc << 16, cpu.gr(1), "GR1: the zero-extended APQSW");
        List<String> lines = new ArrayList<>(log.lines());
        lines.removeIf(l -> l.startsWith("js-hooks:"));
        assertEquals(List.of("hooks/aqic.js:2:3: onAqic did not return within 100 ms (interrupted)",
                "    at onAqic (hooks/aqic.js:2:3)"), lines);
    }

    @Test
    void aFailingHookUnderFailStopsTheRun() {
        Path file = write(dir, "hooks/aqic.js", "export function onAqic(request, queue) {\n  return {rc: 300};\n}\n");
        var hook = new ScriptHook().bind(context("hooks/aqic.js", file, settings(OnFailure.FAIL), 0, new MachineLog()));
        Vcpu cpu = machine("mainline", new MainlinePolicy()).hook(hook).vcpu();
        PluginFailure f = assertThrows(PluginFailure.class, () -> aqic(cpu, Q3_5, true, 3, 0x1000));
        assertEquals("hooks/aqic.js:1: onAqic returned {rc: 300}: 300 is not an AP response code (known: 0x00-0x0b, "
                + "0x10-0x11, 0x13, 0x15-0x16, 0x30-0x36, 0x42; ap.rc has them)", f.getMessage());
    }
}

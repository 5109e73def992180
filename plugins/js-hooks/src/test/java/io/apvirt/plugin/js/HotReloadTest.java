package io.apvirt.plugin.js;

import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.plugin.js.JsKit.Rig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code apvirt.scripts.watch}: a changed file is loaded into a fresh Context before the next
 * call (the file is looked at no more than every 100 ms of wall-clock time, so the test waits
 * that long after each change); a version that does not load is logged and the previous one kept.
 */
class HotReloadTest {

    @TempDir
    Path dir;

    Path file;
    int version;

    /** Writes the next version of the script, its modification time a few seconds later than the last. */
    void change(String text) throws Exception {
        write(dir, "hooks/r.js", text);
        version++;
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(10L * version)));
        Thread.sleep(ScriptInstance.WATCH_INTERVAL_NANOS / 1_000_000 + 20);
    }

    static String counting(int tag, int start) {
        return "let n = " + start + ";\nexport function onRequest(request, queue) {\n  n++;\n  return {reply: [" + tag + ", n]};\n}\n";
    }

    static byte[] call(Rig r) {
        assertEquals(0, nqap(r, Q3_5, 1, MESSAGE).cc(), () -> r.lines().toString());
        assertEquals(0, dqap(r, Q3_5).cc());
        return reply(r, 2);
    }

    Rig rig(boolean watch, OnFailure onFailure) throws Exception {
        file = write(dir, "hooks/r.js", counting(1, 0));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        return JsKit.rig().script(3, "hooks/r.js", file, settings(100, 1_000_000, onFailure, watch)).build();
    }

    @Test
    void aGoodNewVersionIsLoadedAndABrokenOneKeepsThePrevious() throws Exception {
        Rig r = rig(true, OnFailure.BUSY);
        assertArrayEquals(new byte[] {1, 1}, call(r));
        assertArrayEquals(new byte[] {1, 2}, call(r));

        change(counting(2, 100));
        assertArrayEquals(new byte[] {2, 101}, call(r), "the new version, its own module state");
        assertArrayEquals(new byte[] {2, 102}, call(r));

        change("export function onRequest(request, queue) {\n  return {reply: [3,};\n}\n");
        assertArrayEquals(new byte[] {2, 103}, call(r), "the broken version is not used; the state is kept");
        assertArrayEquals(new byte[] {2, 104}, call(r));

        change(counting(4, 0));
        assertArrayEquals(new byte[] {4, 1}, call(r));

        assertEquals(List.of("hooks/r.js: reloaded",
                "hooks/r.js: reload failed, keeping the previous version: hooks/r.js:2:21: SyntaxError: Expected an operand but found }",
                "hooks/r.js: reloaded"), ScriptApiTest.scriptLines(r));
    }

    @Test
    void aScriptThatDidNotLoadStartsWorkingWhenFixed() throws Exception {
        file = write(dir, "hooks/r.js", "export function onRequest(request) {\n  return {reply: [1,};\n}\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Rig r = JsKit.rig().script(3, "hooks/r.js", file, settings(100, 1_000_000, OnFailure.BUSY, true)).build();
        assertEquals(0x05, rc(nqap(r, Q3_5, 1, MESSAGE)), "busy: the script did not load");
        change(counting(5, 0));
        assertArrayEquals(new byte[] {5, 1}, call(r));
        assertEquals(List.of("hooks/r.js:2:21: SyntaxError: Expected an operand but found }", "hooks/r.js: reloaded"),
                ScriptApiTest.scriptLines(r));
    }

    @Test
    void withoutWatchAChangedFileIsNotLoaded() throws Exception {
        Rig r = rig(false, OnFailure.BUSY);
        assertArrayEquals(new byte[] {1, 1}, call(r));
        change(counting(2, 100));
        assertArrayEquals(new byte[] {1, 2}, call(r));
        assertTrue(ScriptApiTest.scriptLines(r).isEmpty());
    }
}

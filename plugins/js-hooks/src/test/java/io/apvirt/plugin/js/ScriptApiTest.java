package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.plugin.js.JsKit.Rig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The script API of a device: views, the ap global, return values and their checks, describe, onReset, onTest. */
class ScriptApiTest {

    @TempDir
    Path dir;

    static final int E = Apqsw.WORD_E;

    Rig device(String text, OnFailure onFailure) {
        Path file = write(dir, "hooks/t.js", text);
        return rig().script(3, "hooks/t.js", file, settings(onFailure)).echo(4).build();
    }

    /** The machine log without the engine's one line about its runtime mode. */
    static List<String> scriptLines(Rig r) {
        return r.lines().stream().filter(l -> !l.startsWith("js-hooks:")).toList();
    }

    // ---- views ----------------------------------------------------------------------------------------

    @Test
    void everyMemberOfTheViewsAndTheApGlobal() {
        Rig r = device("""
                export function onRequest(request, queue) {
                  ap.log(request.psmid, request.length, request.tick, JSON.stringify(request.message), request.hex());
                  ap.log(queue.apqn, queue.card, queue.domain, queue.pending, queue.interrupts, queue.type, queue.mode);
                  ap.log(Object.keys(request).join(), Object.keys(queue).join(), Object.keys(ap).join());
                  ap.log(ap.now(), typeof ap.random(), ap.rc.BUSY, ap.rc.Q_FULL, ap.rc.NO_PENDING_REPLY, ap.rc.CHECKSTOPPED);
                  ap.log(request.message.length, request.message[0], request.message.map(b => b ^ 0xff).join(" "));
                  console.log("to the log too");
                  return {reply: request.message};
                }
                """, OnFailure.BUSY);
        Outcome.Completed c = nqap(r, Q3_5, 0x0000_0001_0000_0002L, MESSAGE);
        assertEquals(0, c.cc(), () -> r.lines().toString());
        assertEquals(List.of(
                "hooks/t.js: 0x0000000100000002 4 1 [222,173,190,239] de ad be ef",
                "hooks/t.js: 03.0005 3 5 0 false CEX8 cca",
                "hooks/t.js: psmid,length,tick,message,hex apqn,card,domain,pending,interrupts,type,mode log,now,random,rc",
                "hooks/t.js: 1 number 5 16 16 4",
                "hooks/t.js: 4 222 33 82 65 16",
                "hooks/t.js: to the log too"), scriptLines(r));
        Outcome.Completed d = dqap(r, Q3_5);
        assertEquals(0, d.cc());
        assertEquals(0x0000_0001_0000_0002L, psmid(r.cpu()));
        assertArrayEquals(MESSAGE, reply(r, 4));
    }

    @Test
    void undocumentedMembersAndWritesAreTypeErrorsThatNameTheMember() {
        Rig r = device("""
                function attempt(f) {
                  try { f(); return "no error"; } catch (e) { return (e instanceof TypeError ? "TypeError: " : "other: ") + e.message; }
                }
                export function onRequest(request, queue) {
                  ap.log(attempt(() => request.foo));
                  ap.log(attempt(() => { request.psmid = 1; }));
                  ap.log(attempt(() => { delete request.tick; }));
                  ap.log(attempt(() => { request.message[0] = 1; }));
                  ap.log(attempt(() => queue.bar));
                  ap.log(attempt(() => { queue.apqn = "04.0005"; }));
                  ap.log(attempt(() => ap.fetch));
                  ap.log(attempt(() => { ap.log = null; }));
                  ap.log(attempt(() => ap.rc.NOPE));
                  ap.log(attempt(() => String(request) + " " + JSON.stringify(queue)));
                  return {reply: request.message};
                }
                """, OnFailure.BUSY);
        assertEquals(0, nqap(r, Q3_5, 1, MESSAGE).cc());
        assertEquals(List.of(
                "hooks/t.js: TypeError: request.foo is not a member; members: psmid, length, tick, message, hex",
                "hooks/t.js: TypeError: request is read-only: cannot set psmid",
                "hooks/t.js: TypeError: request is read-only: cannot delete tick",
                "hooks/t.js: TypeError: request.message is read-only: cannot set [0]",
                "hooks/t.js: TypeError: queue.bar is not a member; members: apqn, card, domain, pending, interrupts, type, mode",
                "hooks/t.js: TypeError: queue is read-only: cannot set apqn",
                "hooks/t.js: TypeError: ap.fetch is not a member; members: log, now, random, rc",
                "hooks/t.js: TypeError: ap is read-only: cannot set log",
                "hooks/t.js: TypeError: ap.rc.NOPE is not a member; members: NORMAL, Q_NOT_AVAIL, RESET_IN_PROGRESS, "
                        + "DECONFIGURED, CHECKSTOPPED, BUSY, INVALID_ADDRESS, OTHERWISE_CHANGED, INVALID_GISA, "
                        + "Q_BOUND_TO_ANOTHER, STATE_CHANGE_IN_PROGRESS, Q_NOT_BOUND, Q_FULL, NO_PENDING_REPLY, "
                        + "INDEX_TOO_BIG, NO_FIRST_PART, MESSAGE_TOO_BIG, REQ_FAC_NOT_INST, Q_BIND_ERROR, "
                        + "Q_NOT_AVAIL_FOR_ASSOC, Q_NOT_EMPTY, BIND_LIMIT_EXCEEDED, INVALID_ASSOC_SECRET, "
                        + "ASSOC_SECRET_NOT_UNIQUE, ASSOC_FAILED, INVALID_DOMAIN",
                "hooks/t.js: no error"), scriptLines(r));
    }

    @Test
    void anUncaughtUnknownMemberFailsTheCallWithFileLineAndColumn() {
        Rig r = device("""
                export function onRequest(request, queue) {
                  return {reply: request.mesage};
                }
                """, OnFailure.BUSY);
        Outcome.Completed c = nqap(r, Q3_5, 1, MESSAGE);
        assertEquals(3, c.cc());
        assertEquals(0x05, rc(c));
        assertEquals(List.of(
                "hooks/t.js:2:18: TypeError: request.mesage is not a member; members: psmid, length, tick, message, hex",
                "    at onRequest (hooks/t.js:2:18)"), scriptLines(r));
    }

    // ---- return values ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{reply: [1, 2, 3]}                 | 01 02 03",
            "{reply: \"de ad be ef\"}            | de ad be ef",
            "{reply: \"DEADBEEF\"}              | de ad be ef",
            "{reply: request.message}           | de ad be ef",
            "{reply: new Uint8Array([7, 255])}  | 07 ff",
            "{reply: []}                        | ``",
            "{reply: [9], latency: undefined}   | 09",
    })
    void aReplyIsBytesAHexStringOrTheRequestMessage(String returned, String expected) {
        Rig r = device("export function onRequest(request, queue) { return " + returned + "; }\n", OnFailure.BUSY);
        assertEquals(0, nqap(r, Q3_5, 7, MESSAGE).cc());
        Outcome.Completed d = dqap(r, Q3_5);
        assertEquals(0, d.cc());
        byte[] want = expected.isEmpty() ? new byte[0] : java.util.HexFormat.ofDelimiter(" ").parseHex(expected);
        assertArrayEquals(want, reply(r, want.length));
        assertEquals(0, r.cpu().gr(9) == 4096 - want.length ? 0 : 1, "the buffer length went down by the reply's");
        assertEquals(List.of(), scriptLines(r));
    }

    @Test
    void latencyDelaysTheReplyAndRefuseRefuses() {
        Rig r = device("""
                let n = 0;
                export function onRequest(request, queue) {
                  n++;
                  return n === 1 ? {reply: [1], latency: 3} : {refuse: ap.rc.MESSAGE_TOO_BIG};
                }
                """, OnFailure.BUSY);
        assertEquals(0, nqap(r, Q3_5, 1, MESSAGE).cc());            // tick 1: ready at 4
        Outcome.Completed early = dqap(r, Q3_5);                    // tick 2
        assertEquals(3, early.cc());
        assertEquals(0x10, rc(early));
        Outcome.Completed refused = nqap(r, Q3_5, 2, MESSAGE);    // tick 3
        assertEquals(3, refused.cc());
        assertEquals(0x15, rc(refused));
        assertEquals(0, dqap(r, Q3_5).cc());                        // tick 4
        assertArrayEquals(new byte[] {1}, reply(r, 1));
    }

    @Test
    void withoutOnRequestTheDeviceEchoes() {
        Rig r = device("export function onTest(queue) { return undefined; }\n", OnFailure.BUSY);
        assertEquals(0, nqap(r, Q3_6, 5, MESSAGE).cc());
        assertEquals(0, dqap(r, Q3_6).cc());
        assertArrayEquals(MESSAGE, reply(r, 4));
    }

    /** Every check of onRequest's return value: the message, the call refused with busy, the device going on. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{refuse: 300}          | {refuse: 300}: 300 is not an AP response code (known: 0x01-0x0b, 0x10-0x11, 0x13, 0x15-0x16, 0x30-0x36, 0x42; ap.rc has them)",
            "{refuse: 0}            | {refuse: 0}: refuse needs a non-zero response code: 0 is NORMAL (return {reply: ...} to accept the request)",
            "{refuse: 255}          | {refuse: 255}: 255 is not an AP response code (known: 0x01-0x0b, 0x10-0x11, 0x13, 0x15-0x16, 0x30-0x36, 0x42; ap.rc has them)",
            "{refuse: \"busy\"}     | {refuse: \"busy\"}: refuse must be a response code number (ap.rc.BUSY, 0x05 ...), not \"busy\"",
            "{reply: [1, 256]}      | {reply: [1, 256]}: reply[1] is 256, not a byte (0-255)",
            "{reply: [1, \"2\"]}    | {reply: [1, \"2\"]}: reply[1] is \"2\", not a byte (0-255)",
            "{reply: \"de ad b\"}   | {reply: \"de ad b\"}: reply has an odd number of hex digits (5)",
            "{reply: \"zz\"}        | {reply: \"zz\"}: reply 'z' (character 1) is not a hex digit",
            "{reply: 5}             | {reply: 5}: reply must be an array of bytes (0-255), a hex string (\"de ad be ef\") or request.message, not 5",
            "{reply: request}       | {reply: {psmid: \"0x0000000000000001\", length: 4, tick: 1, message: [222, 173, 190, 239], hex: fun...: reply must be an array of bytes (0-255), a hex string (\"de ad be ef\") or request.message, not request",
            "{reply: [1], latency: -1}  | {reply: [1], latency: -1}: latency is -1; it must be 0 or more",
            "{reply: [1], latency: 1.5} | {reply: [1], latency: 1.5}: latency must be a whole number (0 or more), not 1.5",
            "{reply: [1], latncy: 2}    | {reply: [1], latncy: 2}: unknown key latncy (the keys are reply, latency, refuse)",
            "{reply: [1], refuse: 5}    | {reply: [1], refuse: 5}: both reply and refuse; return one of them",
            "{refuse: 5, latency: 1}    | {refuse: 5, latency: 1}: latency goes with reply, not with refuse",
            "{}                         | {}: neither reply nor refuse; expected {reply: bytes, latency?: ticks} or {refuse: rc}",
            "undefined                  | undefined: expected {reply: bytes, latency?: ticks} or {refuse: rc}",
            "42                         | 42: not an object, expected {reply: bytes, latency?: ticks} or {refuse: rc}",
            "[1, 2]                     | (2)[1, 2]: not an object, expected {reply: bytes, latency?: ticks} or {refuse: rc}",
            "{reply: new Array(12289).fill(0)} | {reply: Array(12289)}: the reply has 12289 bytes, more than the adapter's maximum message length (12288 bytes)",
    })
    void everyReturnValueCheckOfOnRequest(String returned, String message) {
        Rig r = device("\nexport function onRequest(request, queue) {\n  return " + returned + ";\n}\n", OnFailure.BUSY);
        Outcome.Completed c = nqap(r, Q3_5, 1, MESSAGE);
        assertEquals(3, c.cc());
        assertEquals(0x05, rc(c), "on-failure busy: RC 0x05 for this call");
        assertEquals(List.of("hooks/t.js:2: onRequest returned " + message), scriptLines(r));
        assertEquals(0, nqap(r, Q4_5, 2, MESSAGE).cc(), "the other adapter works");
        assertEquals(0, tapq(r, Q3_5).cc(), "the scripted device goes on (busy)");
    }

    @Test
    void anAsyncFunctionReturnsAPromiseWhichIsRefused() {
        Rig r = device("export async function onRequest(request, queue) {\n  return {reply: [1]};\n}\n", OnFailure.BUSY);
        assertEquals(0x05, rc(nqap(r, Q3_5, 1, MESSAGE)));
        assertEquals(List.of("hooks/t.js:1: onRequest returned Promise{[[PromiseStatus]]: \"resolved\", [[PromiseValue]]: {reply: [1]}}: "
                + "a Promise: the script API is synchronous (no async functions), expected {reply: bytes, latency?: ticks} or {refuse: rc}"),
                scriptLines(r));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "onReset(queue, kind) { return {ticks: -2}; }  | onReset returned {ticks: -2}: ticks is -2; it must be 0 or more",
            "onReset(queue, kind) { return {tick: 2}; }    | onReset returned {tick: 2}: unknown key tick (the keys are ticks)",
            "onReset(queue, kind) { return 5; }            | onReset returned 5: not an object, expected undefined or {ticks: n}",
            "onTest(queue) { return {rc: 0x99}; }          | onTest returned {rc: 153}: 153 is not an AP response code (known: 0x00-0x0b, 0x10-0x11, 0x13, 0x15-0x16, 0x30-0x36, 0x42; ap.rc has them)",
            "onTest(queue) { return {status: 1}; }         | onTest returned {status: 1}: unknown key status (the keys are rc)",
            "onTest(queue) { return \"busy\"; }            | onTest returned \"busy\": not an object, expected undefined or {rc: n}",
    })
    void everyReturnValueCheckOfOnResetAndOnTest(String function, String message) {
        Rig r = device("\nexport function " + function + "\n", OnFailure.BUSY);
        if (function.startsWith("onReset")) {
            Outcome.Completed reset = pqap(r, FunctionCode.RAPQ, Q3_5);
            assertEquals(0, reset.cc(), "the reset has happened; the failure is logged");
        } else {
            Outcome.Completed test = tapq(r, Q3_5);
            assertEquals(3, test.cc());
            assertEquals(0x05, rc(test), "on-failure busy: TAPQ answers RC 0x05");
        }
        assertEquals(List.of("hooks/t.js:2: " + message), scriptLines(r));
    }

    // ---- describe, onReset, onTest --------------------------------------------------------------------

    @Test
    void describeReplacesTheFieldsItGives() {
        Rig r = device("""
                export function describe() { return {type: "CEX7", mode: "accelerator", ml: 2, queueDepth: 2}; }
                """, OnFailure.BUSY);
        QueueState q = r.machine().queues().getFirst();
        assertEquals("03.0005", q.apqn().toString());
        assertEquals("CEX7", q.type());
        assertEquals("accelerator", q.mode());
        // queue depth 2: the third NQAP finds the queue full
        assertEquals(0, nqap(r, Q3_5, 1, MESSAGE).cc());
        assertEquals(0, nqap(r, Q3_5, 2, MESSAGE).cc());
        Outcome.Completed full = nqap(r, Q3_5, 3, MESSAGE);
        assertEquals(3, full.cc());
        assertEquals(0x10, rc(full));
        // ML 2: TAPQ with T=1 reports it (GR2 bits 52-55)
        r.cpu().setGr(0, io.apvirt.api.arch.PqapGr0.of(FunctionCode.TAPQ, Q3_6).encode() | JsKit.bit(40));
        r.cpu().execute(io.apvirt.api.instruction.Instruction.PQAP);
        io.apvirt.api.arch.TapqInfo info = io.apvirt.api.arch.TapqInfo.decode(r.cpu().gr(2));
        assertEquals(2, info.ml(), "ML");
        assertEquals(2, info.qd(), "QD");
        assertEquals(13, info.at(), "AT: CEX7");
        assertTrue(info.accelerator(), "A");
    }

    @Test
    void describeKeepsTheConfiguredFieldsItLeavesOutAndItsErrorsAreChecked() {
        Rig r = device("export function describe() { return {mode: \"ep11\"}; }\n", OnFailure.BUSY);
        QueueState q = r.machine().queues().getFirst();
        assertEquals("CEX8", q.type());
        assertEquals("ep11", q.mode());

        Rig bad = device("\nexport function describe() { return {type: \"CEX9\", queueDepth: 16}; }\n", OnFailure.BUSY);
        assertEquals("cca", bad.machine().queues().getFirst().mode(), "a bad describe keeps the configuration");
        assertEquals(List.of("hooks/t.js:2: describe returned {type: \"CEX9\", queueDepth: 16}: type must be one of CEX4, "
                + "CEX5, CEX6, CEX7, CEX8, not \"CEX9\""), scriptLines(bad));
    }

    @Test
    void onResetReturnsTheTicksTheResetTakes() {
        Rig r = device("""
                export function onReset(queue, kind) {
                  ap.log(kind, queue.apqn, ap.now());
                  return queue.domain === 5 ? {ticks: 5} : undefined;
                }
                """, OnFailure.BUSY);
        assertEquals(0, pqap(r, FunctionCode.RAPQ, Q3_5).cc());           // tick 1
        for (int tick = 2; tick <= 6; tick++) {
            Outcome.Completed t = tapq(r, Q3_5);
            assertEquals(0x02, rc(t), "tick " + tick + ": in reset");
        }
        assertEquals(0, tapq(r, Q3_5).cc(), "tick 7: the reset is over");
        assertEquals(0, pqap(r, FunctionCode.ZAPQ, Q3_6).cc());           // tick 8: the adapter's 3 ticks
        for (int tick = 9; tick <= 11; tick++) {
            assertEquals(0x02, rc(tapq(r, Q3_6)), "tick " + tick);
        }
        assertEquals(0, tapq(r, Q3_6).cc());
        assertEquals(List.of("hooks/t.js: RAPQ 03.0005 1", "hooks/t.js: ZAPQ 03.0006 8"), scriptLines(r));
    }

    @Test
    void onTestReplacesTheStatusOfAnOperationalQueue() {
        Rig r = device("""
                export function onTest(queue) {
                  return queue.domain === 6 ? {rc: ap.rc.BUSY} : undefined;
                }
                """, OnFailure.BUSY);
        Outcome.Completed five = tapq(r, Q3_5);
        assertEquals(0, five.cc());
        assertEquals(Integer.toUnsignedLong(E), five.status());
        Outcome.Completed six = tapq(r, Q3_6);
        assertEquals(3, six.cc());
        assertEquals(0x0005_0000L, six.status());
    }

    // ---- ap.random, ap.now ----------------------------------------------------------------------------

    List<String> randoms(long seed) {
        Path file = write(dir, "hooks/random.js", """
                export function onRequest(request, queue) {
                  ap.log(queue.card, ap.random(), Math.random());
                  return {reply: []};
                }
                """);
        Rig r = rig().seed(seed).script(3, "hooks/random.js", file, settings(OnFailure.BUSY))
                .script(4, "hooks/random.js", file, settings(OnFailure.BUSY)).build();
        nqap(r, Q3_5, 1, MESSAGE);
        nqap(r, Q4_5, 2, MESSAGE);
        nqap(r, Q3_6, 3, MESSAGE);
        return scriptLines(r);
    }

    @Test
    void apRandomIsDeterministicPerSeedAndAdapter() {
        List<String> a = randoms(7);
        assertEquals(a, randoms(7), "the same seed: the same numbers (Math.random draws from ap.random's stream)");
        assertNotEquals(a, randoms(8), "another seed: other numbers");
        assertEquals(3, a.size());
        String[] three = a.get(0).split(" ");
        String[] four = a.get(1).split(" ");
        assertEquals("3", three[1]);
        assertEquals("4", four[1]);
        assertNotEquals(three[2], four[2], "each adapter has its own stream");
        assertNotEquals(a.get(0), a.get(2).replace(" 3 ", " 3 "), "the stream goes on between calls");
        for (String line : a) {
            for (String n : List.of(line.split(" ")[2], line.split(" ")[3])) {
                double d = Double.parseDouble(n);
                assertTrue(d >= 0 && d < 1, n);
            }
        }
    }
}

package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.plugin.js.JsKit.Rig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The example scripts of {@code scripts/hooks} do what their header comments say. */
class ExamplesTest {

    static final Path HOOKS = Path.of("../../scripts/hooks");
    static final ScriptSettings SETTINGS = ScriptSettings.DEFAULTS;
    static final long NIB = 0x1000;

    static Rig device(String example) {
        return rig().script(3, "hooks/" + example, HOOKS.resolve(example), SETTINGS)
                .hook("hooks/aqic-audit.js", HOOKS.resolve("aqic-audit.js"), SETTINGS).echo(4).build();
    }

    static List<String> lines(Rig r) {
        return ScriptApiTest.scriptLines(r);
    }

    @Test
    void echo() {
        Rig r = device("echo.js");
        assertEquals(0, nqap(r, Q3_5, 0x42, MESSAGE).cc());
        assertEquals(0, dqap(r, Q3_5).cc());
        assertEquals(0x42, psmid(r.cpu()));
        assertArrayEquals(MESSAGE, reply(r, 4));
    }

    @Test
    void flakyBusyRefusesEveryThirdRequestOfTheAdapter() {
        Rig r = device("flaky-busy.js");
        int[] rcs = new int[6];
        for (int n = 0; n < 6; n++) {
            rcs[n] = rc(nqap(r, n % 2 == 0 ? Q3_5 : Q3_6, n, MESSAGE));
        }
        assertArrayEquals(new int[] {0, 0, 5, 0, 0, 5}, rcs, "counted over both queues");
    }

    @Test
    void checkstopAfterFiveRequests() {
        Rig r = device("checkstop-after.js");
        for (int n = 1; n <= 5; n++) {
            assertEquals(0, nqap(r, n % 2 == 1 ? Q3_5 : Q3_6, n, MESSAGE).cc());   // queue depth 4: both queues
        }
        Outcome.Completed sixth = nqap(r, Q3_5, 6, MESSAGE);
        assertEquals(3, sixth.cc());
        assertEquals(0x04, rc(sixth));
        assertEquals(0x0004_0000L, tapq(r, Q3_6).status());
        assertEquals(0, dqap(r, Q3_5).cc(), "a reply already queued is still delivered");
        assertEquals(List.of("hooks/checkstop-after.js: checkstopped after 5 requests (last on 03.0005, tick 5)"), lines(r));
    }

    @Test
    void slowResetTakesFiveTicks() {
        Rig r = device("slow-reset.js");
        assertEquals(0, pqap(r, FunctionCode.ZAPQ, Q3_5).cc());
        for (int t = 0; t < 5; t++) {
            assertEquals(0x02, rc(tapq(r, Q3_5)));
        }
        assertEquals(0, tapq(r, Q3_5).cc());
        assertEquals(List.of("hooks/slow-reset.js: ZAPQ of 03.0005 at tick 1: in reset for 5 ticks"), lines(r));
    }

    @Test
    void lostInterruptMakesEverySecondReplyLate() {
        Rig r = device("lost-interrupt.js");
        assertEquals(0, completed(aqic(r.cpu(), Q3_5, true, 3, NIB)).cc());                  // tick 1
        assertEquals(0, nqap(r, Q3_5, 1, MESSAGE).cc());                                     // tick 2, ready at 3
        assertEquals(0, tapq(r, Q3_6).cc());                                                 // tick 3: delivered
        assertArrayEquals(new byte[] {1}, r.machine().read(NIB, 1), "the NIB is set");
        assertEquals(0, dqap(r, Q3_5).cc());
        r.machine().write(NIB, new byte[] {0});                                              // the guest clears it
        assertEquals(0, nqap(r, Q3_5, 2, MESSAGE).cc());                                     // tick 5, ready at 55
        for (int t = 0; t < 10; t++) {
            tapq(r, Q3_6);
        }
        assertArrayEquals(new byte[] {0}, r.machine().read(NIB, 1), "no interruption within 10 ticks");
        Outcome.Completed early = dqap(r, Q3_5);
        assertEquals(0x10, rc(early), "no reply ready yet");
        assertEquals(0, early.status() & Apqsw.WORD_E, "but the queue is not empty");
        for (int t = 0; t < 40; t++) {
            tapq(r, Q3_6);
        }
        assertArrayEquals(new byte[] {1}, r.machine().read(NIB, 1), "the late reply's interruption came at tick 55");
        assertEquals(0, dqap(r, Q3_5).cc());
        assertEquals(List.of(
                "hooks/aqic-audit.js: tick 1: AQIC 03.0005 ir=true isc=3 nib=0x1000 (interrupts off)",
                "hooks/lost-interrupt.js: 03.0005 psmid 0x0000000000000002: reply in 50 ticks (no interruption before)"),
                lines(r));
    }

    @Test
    void aqicAuditDeclinesAnIscAboveFive() {
        Rig r = device("echo.js");
        Outcome declined = aqic(r.cpu(), Q4_6, true, 6, NIB);
        assertInstanceOf(Outcome.ProgramException.class, declined, "mainline: the declined hook exits to QEMU");
        assertEquals("script.aqic-declined", ((Outcome.ProgramException) declined).via().id());
        Outcome.Completed on = completed(aqic(r.cpu(), Q4_6, true, 5, NIB));
        assertEquals("script.aqic-interrupts", on.rule().id());
        assertEquals(0, on.cc());
        Outcome.Completed off = completed(aqic(r.cpu(), Q4_6, false, 0, 0));
        assertEquals(0, off.cc());
        assertEquals(List.of(
                "hooks/aqic-audit.js: tick 1: AQIC 04.0006 ir=true isc=6 nib=0x1000 (interrupts off)",
                "hooks/aqic-audit.js: tick 2: AQIC 04.0006 ir=true isc=5 nib=0x1000 (interrupts off)",
                "hooks/aqic-audit.js: tick 3: AQIC 04.0006 ir=false isc=0 nib=0x0 (interrupts on)"), lines(r));
    }
}

package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.engine.internal.machine.MachineLog;
import io.apvirt.policy.mainline.MainlinePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A PQAP(AQIC) hook script under mainline (the policy calls the hook; its non-zero return
 * exits to userspace, else the cc comes from GR1's RC): the four return forms with exact cc,
 * status word, GR1, level and rule.
 */
class ScriptHookTest {

    static final String VIA = "mainline.hook-call";
    static final int E = Apqsw.WORD_E;
    static final int I = Apqsw.WORD_I;

    @TempDir
    Path dir;

    final MachineLog log = new MachineLog();

    Vcpu machine(String text) {
        Path file = write(dir, "hooks/aqic.js", text);
        HookHandler hook = new ScriptHook().bind(context("hooks/aqic.js", file, settings(OnFailure.BUSY), 0, log));
        return JsKit.machine("mainline", new MainlinePolicy()).hook(hook).vcpu();
    }

    List<String> lines() {
        return log.lines().stream().filter(l -> !l.startsWith("js-hooks:")).toList();
    }

    static void assertHook(Step s, String rule, int cc, int word) {
        assertCompleted(s, Level.HOOK, rule, VIA, cc, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
        assertEquals(Integer.toUnsignedLong(word), s.after()[1], "GR1: the zero-extended APQSW");
        assertOthersUnchanged(s, 1);
    }

    /** TAPQ of 03.0005 (firmware): cc 0 and these flags. */
    static void assertTapq(Vcpu cpu, int word) {
        fill(cpu, pqap(io.apvirt.api.arch.FunctionCode.TAPQ, Q3_5));
        Step t = step(cpu, io.apvirt.api.instruction.Instruction.PQAP);
        assertCompleted(t, Level.FIRMWARE, "exec.tapq", null, 0, Integer.toUnsignedLong(word), StatusPlacement.ARCHITECTED);
    }

    static final String FOUR_FORMS = """
            export function onAqic(request, queue) {
              ap.log(request.apqn, request.ir, request.isc, request.nib, queue.apqn, queue.card, queue.domain,
                     queue.interrupts, queue.isc, ap.now());
              switch (request.isc) {
                case 7: return {decline: true};
                case 6: return {rc: ap.rc.INVALID_ADDRESS};
                case 5: return {rc: 0};
                case 4: return {interrupts: request.ir ? "on" : "off", rc: ap.rc.BUSY};
                default: return {interrupts: request.ir ? "on" : "off"};
              }
            }
            """;

    @Test
    void interruptsOnAndOffThroughTheHostAqic() {
        Vcpu cpu = machine(FOUR_FORMS);
        Step on = fillAndAqic(cpu, true, 3, 0x1000);
        assertHook(on, "script.aqic-interrupts", 0, E | I);
        assertTapq(cpu, E | I);
        Step again = fillAndAqic(cpu, true, 2, 0x2000);
        assertHook(again, "script.aqic-interrupts", 3, E | I | 0x07 << 16);   // the host: already enabled
        Step off = fillAndAqic(cpu, false, 0, 0);
        assertHook(off, "script.aqic-interrupts", 0, E);
        assertTapq(cpu, E);
        assertEquals(List.of(
                "hooks/aqic.js: 03.0005 true 3 4096 03.0005 3 5 false -1 1",
                "hooks/aqic.js: 03.0005 true 2 8192 03.0005 3 5 true 3 3",
                "hooks/aqic.js: 03.0005 false 0 0 03.0005 3 5 true 3 4"), lines());
    }

    @Test
    void rcOverridesTheHostStatusWordsRc() {
        Vcpu cpu = machine(FOUR_FORMS);
        assertHook(fillAndAqic(cpu, true, 3, 0x1000), "script.aqic-interrupts", 0, E | I);
        // disable, answered with RC 0x05: the interrupts are off all the same
        assertHook(fillAndAqic(cpu, false, 4, 0), "script.aqic-interrupts", 3, E | 0x05 << 16);
        assertTapq(cpu, E);
    }

    @Test
    void rcAnswersWithoutTouchingTheQueue() {
        Vcpu cpu = machine(FOUR_FORMS);
        assertHook(fillAndAqic(cpu, true, 6, 0x1000), "script.aqic-rc", 3, 0x06 << 16);
        assertHook(fillAndAqic(cpu, true, 5, 0x1000), "script.aqic-rc", 0, 0);
        assertTapq(cpu, E);
    }

    @Test
    void declineExitsToUserspaceUnderMainline() {
        Vcpu cpu = machine(FOUR_FORMS);
        Step s = fillAndAqic(cpu, true, 7, 0x1000);
        assertUserspaceOperation(s, "script.aqic-declined");
        assertTapq(cpu, E);
    }

    @Test
    void aHookScriptWithoutOnAqicDeclines() {
        Vcpu cpu = machine("export function describe() { return undefined; }\n");
        assertUserspaceOperation(fillAndAqic(cpu, true, 3, 0x1000), "script.aqic-declined");
    }

    @Test
    void returnValueChecksOfOnAqic() {
        Vcpu cpu = machine("""
                export function onAqic(request, queue) {
                  switch (request.isc) {
                    case 0: return {decline: false};
                    case 1: return {decline: true, rc: 1};
                    case 2: return {interrupts: "yes"};
                    case 3: return {rc: 300};
                    case 4: return {};
                    default: return {intrupts: "on"};
                  }
                }
                """);
        for (int isc = 0; isc <= 5; isc++) {
            assertHook(fillAndAqic(cpu, true, isc, 0x1000), "script.failed", 3, 0x05 << 16);
        }
        assertEquals(List.of(
                "hooks/aqic.js:1: onAqic returned {decline: false}: decline must be true (leave it out to handle the call), not false",
                "hooks/aqic.js:1: onAqic returned {decline: true, rc: 1}: decline goes alone: a declined AQIC leaves the registers untouched",
                "hooks/aqic.js:1: onAqic returned {interrupts: \"yes\"}: interrupts must be \"on\" or \"off\", not \"yes\"",
                "hooks/aqic.js:1: onAqic returned {rc: 300}: 300 is not an AP response code (known: 0x00-0x0b, 0x10-0x11, "
                        + "0x13, 0x15-0x16, 0x30-0x36, 0x42; ap.rc has them)",
                "hooks/aqic.js:1: onAqic returned {}: expected {decline: true}, {rc: n} or {interrupts: \"on\"|\"off\", rc?: n}",
                "hooks/aqic.js:1: onAqic returned {intrupts: \"on\"}: unknown key intrupts (the keys are decline, rc, interrupts)"),
                lines());
    }

    @Test
    void theHookNeedsAFile() {
        ComponentContext none = new ComponentContext("script", null, null, List.of(), io.apvirt.api.plugin.Options.NONE, 0,
                ScriptSettings.DEFAULTS, log, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ScriptHook().bind(none));
        assertEquals("the script component needs a file: apvirt.hook: script:hooks/aqic-audit.js", e.getMessage());
        assertEquals(List.of("script.aqic-declined", "script.aqic-rc", "script.aqic-interrupts", "script.failed"),
                new ScriptHook().rules().stream().map(r -> r.id()).toList());
        new ScriptHook().rules().forEach(r -> assertEquals("apvirt script API", r.source()));
    }

    /** Fills the registers, then AQIC; the step's "before" is the filled state. */
    static Step fillAndAqic(Vcpu cpu, boolean ir, int isc, long nib) {
        fill(cpu, io.apvirt.api.arch.PqapGr0.of(io.apvirt.api.arch.FunctionCode.AQIC, Q3_5).encode());
        cpu.setGr(1, io.apvirt.api.arch.AqicControl.guest(ir, isc).encode());
        cpu.setGr(2, nib);
        return step(cpu, io.apvirt.api.instruction.Instruction.PQAP);
    }
}

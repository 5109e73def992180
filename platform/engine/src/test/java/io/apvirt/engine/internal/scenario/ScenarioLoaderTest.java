package io.apvirt.engine.internal.scenario;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario YAML to {@link Scenario}: exact values from the helpers, and the exact message of every error. */
class ScenarioLoaderTest {

    private static final String F = "s.yaml";
    private static final String STEPS_ALLOWED = "address, apqn, assign, cite, expect, expect-by-policy, f, fc, instruction, ir, isc, "
            + "length, max-tries, memory, message, name, nib, problem-state, psmid, r1, r2, regs, requires, t, unassign, until, vm-reset, "
            + "xfail-by-policy";
    private static final String EXPECT_ALLOWED = "cc, config-events, gisc-registrations, irq, level, memory, nib, pending-isc, pinned-pages, "
            + "program, psmid, rc, regs, rule";

    // ---- helpers ------------------------------------------------------------------------------

    private static Scenario parse(String text) {
        return ScenarioLoader.parse(F, text);
    }

    /** One step from the lines that follow "  - " (each given without indentation). */
    private static Step step(String... lines) {
        return parse(stepsYaml(lines)).steps().get(0);
    }

    private static String stepsYaml(String... lines) {
        StringBuilder b = new StringBuilder("steps:\n");
        for (int i = 0; i < lines.length; i++) {
            b.append(i == 0 ? "  - " : "    ").append(lines[i]).append('\n');
        }
        return b.toString();
    }

    private static String error(String text) {
        return assertThrows(ScenarioException.class, () -> parse(text)).getMessage();
    }

    private static String stepError(String... lines) {
        return error(stepsYaml(lines));
    }

    private static SortedMap<Integer, Long> regs(long... pairs) {
        SortedMap<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((int) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Expectation expectation(String inlineMap) {
        return step("instruction: pqap", "expect: " + inlineMap).expect();
    }

    // ---- the whole record ---------------------------------------------------------------------

    @Test
    void aCompleteScenarioParsesToExactRecords() {
        String text = """
                name: demo
                description: one of each
                config:
                  policy: corrected
                steps:
                  - name: TAPQ
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {level: firmware, rule: exec.tapq, cc: 0, rc: 0, irq: false, regs: {1: 0x80000000}}
                  - instruction: NQAP
                    r1: 4
                    r2: 6
                    apqn: 04.0006
                    psmid: 0x0000000100001234
                    address: 0x3000
                    length: 64
                    problem-state: true
                    expect:
                      program: privileged-operation
                    expect-by-policy:
                      legacy-abi: {level: userspace, program: operation}
                """;
        Scenario s = parse(text);
        assertEquals("s.yaml", s.file());
        assertEquals("demo", s.name());
        assertEquals("one of each", s.description());
        assertEquals(Map.of("apvirt.policy", "corrected"), s.config());
        assertEquals(2, s.steps().size());

        Step tapq = s.steps().get(0);
        assertEquals(new Step(1, 6, "TAPQ", Instruction.PQAP, regs(0, 0x0305), false,
                new Expectation(10, null, 0, 0, false, Level.FIRMWARE, "exec.tapq", regs(1, 0x80000000L)),
                Map.of(), null, 10), tapq);

        Step nqap = s.steps().get(1);
        assertEquals(new Step(2, 11, "", Instruction.nqap(4, 6),
                regs(0, 0x0406, 4, 0x1, 5, 0x1234, 6, 0x3000, 7, 64), true,
                new Expectation(20, "privileged-operation", null, null, null, null, null, regs()),
                Map.of("legacy-abi", new Expectation(22, "operation", null, null, null, Level.USERSPACE, null, regs())),
                null, 10), nqap);
        assertEquals("operation", nqap.expectationFor("legacy-abi").program());
        assertEquals("privileged-operation", nqap.expectationFor("mainline").program());
    }

    @Test
    void nameDefaultsToTheFileNameWithoutYamlAndDescriptionToEmpty() {
        Scenario s = ScenarioLoader.parse("dir/sub/my-case.yaml", "steps:\n  - instruction: pqap\n");
        assertEquals("my-case", s.name());
        assertEquals("", s.description());
        assertEquals(Map.of(), s.config());
        Step only = s.steps().get(0);
        assertEquals(new Step(1, 2, "", Instruction.PQAP, regs(), false, null, Map.of(), null, 10), only);
        assertNull(only.expectationFor("mainline"));
        assertEquals("other.txt", ScenarioLoader.parse("other.txt", "steps: [{instruction: dqap, r1: 2, r2: 4}]").name());
    }

    @Test
    void loadReadsAFileAndNamesItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, "steps:\n  - instruction: pqap\n    fc: qci\n");
        Scenario s = ScenarioLoader.load(file);
        assertEquals(file.toString(), s.file());
        assertEquals("case", s.name());
        assertEquals(regs(0, 0x04000000L), s.steps().get(0).loads());

        Path missing = dir.resolve("missing.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(missing));
        assertEquals(missing + ": cannot read the scenario file (NoSuchFileException: " + missing + ")", e.getMessage());
    }

    // ---- register helpers ---------------------------------------------------------------------

    @Test
    void pqapHelpersBuildGr0FromZero() {
        assertEquals(regs(0, 0x03000305L), step("instruction: pqap", "fc: aqic", "apqn: \"03.0005\"").loads());
        assertEquals(regs(0, 0x00800000L), step("instruction: pqap", "t: true").loads());
        assertEquals(regs(0, 0x00400000L), step("instruction: pqap", "f: yes").loads());
        assertEquals(regs(0, 0x05c0ff0fL), step("instruction: pqap", "fc: qact", "t: on", "f: 1", "apqn: ff.000f").loads());
        assertEquals(regs(0, 0x2a000000L), step("instruction: pqap", "fc: 42").loads());
        assertEquals(regs(0, 0xff000000L), step("instruction: pqap", "fc: 0xff").loads());
        assertEquals(regs(0, 0x08000000L), step("instruction: pqap", "fc: AAPQ").loads());
        // unquoted APQN: values are read from the raw text, so 03.0005 is not a float
        assertEquals(regs(0, 0x0305L), step("instruction: pqap", "apqn: 03.0005").loads());
        assertEquals(regs(), step("instruction: pqap").loads());
    }

    @Test
    void explicitRegsAreTheBaseTheHelpersModify() {
        assertEquals(regs(0, 0xffffffff043f0102L),
                step("instruction: pqap", "regs: {0: 0xffffffffffffffff}", "fc: qci", "t: false", "f: false",
                        "apqn: \"01.0002\"").loads());
        // helpers not given leave their bits of the base alone
        assertEquals(regs(0, 0x12345678_00c0_0000L | 0x0300_0000L | 0x0305L),
                step("instruction: pqap", "regs: {0: 0x1234567800c0ffff}", "fc: aqic", "apqn: \"03.0005\"").loads());
        assertEquals(regs(0, 0x03200305L), step("instruction: pqap", "regs: {0: 0x03200305}").loads());
        assertEquals(regs(0, 0x00000000L, 3, 7L, 15, 0xffffffffffffffffL),
                step("instruction: pqap", "regs: {15: 0xffffffffffffffff, 3: 7}", "t: false").loads());
    }

    @Test
    void irAndIscGoToGr1AndNibToGr2() {
        assertEquals(regs(0, 0x03000305L, 1, 0x0000800000000005L, 2, 0x1000L),
                step("instruction: pqap", "fc: aqic", "apqn: \"03.0005\"", "ir: true", "isc: 5", "nib: 0x1000").loads());
        assertEquals(regs(1, 0x0000800000000000L), step("instruction: pqap", "ir: true").loads());
        assertEquals(regs(1, 0x7L), step("instruction: pqap", "isc: 7").loads());
        assertEquals(regs(1, 0xffff7ffffffffffaL),
                step("instruction: pqap", "regs: {1: 0xffffffffffffffff}", "ir: false", "isc: 2").loads());
        // nib replaces what regs gave for GR2
        assertEquals(regs(2, 0x2000L), step("instruction: pqap", "regs: {2: 0x5}", "nib: 0x2000").loads());
    }

    @Test
    void queueHelpersFillR1PairR2PairAndTheApqnOfGr0() {
        assertEquals(regs(0, 0x0305L, 4, 0x00000001L, 5, 0x00001234L, 6, 0x3000L, 7, 64L),
                step("instruction: nqap", "r1: 4", "r2: 6", "apqn: \"03.0005\"", "psmid: 0x0000000100001234",
                        "address: 0x3000", "length: 64").loads());
        assertEquals(Instruction.dqap(10, 8),
                step("instruction: dqap", "r1: 10", "r2: 8").instruction());
        assertEquals(regs(8, 0x5000L, 9, 4096L, 10, 0xffffffffL, 11, 0xffffffffL),
                step("instruction: dqap", "r1: 10", "r2: 8", "psmid: 0xffffffffffffffff", "address: 0x5000",
                        "length: 4096").loads());
        // the APQN replaces GR0 bits 48-63 of the base and keeps the rest
        assertEquals(regs(0, 0x80000406L),
                step("instruction: nqap", "r1: 4", "r2: 6", "regs: {0: 0x8000ffff}", "apqn: \"04.0006\"").loads());
        // odd registers are allowed (they test the specification exception); the pair is R and R+1
        assertEquals(regs(5, 0x1L, 6, 0x2L, 7, 0x1L, 8, 0x2L),
                step("instruction: nqap", "r1: 5", "r2: 7", "psmid: 0x0000000100000002", "address: 1", "length: 2")
                        .loads());
        assertEquals(Instruction.nqap(15, 0), step("instruction: nqap", "r1: 15", "r2: 0").instruction());
    }

    @Test
    void problemStateDefaultsToFalse() {
        assertFalse(step("instruction: pqap").problemState());
        assertTrue(step("instruction: pqap", "problem-state: true").problemState());
        assertFalse(step("instruction: pqap", "problem-state: off").problemState());
    }

    // ---- config ---------------------------------------------------------------------------------

    @Test
    void configIsFlattenedWithTheApvirtPrefix() {
        String text = """
                config:
                  policy: corrected
                  host:
                    outer-interpretation: false
                  guest.facilities.apqi: false
                  guest:
                    facilities:
                      apxa: false
                    memory: 1MiB
                  matrix:
                    adapters: [3, 4]
                    domains:
                      - 5
                  apvirt.bus.reset-ticks: 3
                  policies:
                    mainline:
                      cc-after-hook: unchanged
                  matrix.control-domains[0]: 6
                steps:
                  - instruction: pqap
                """;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("apvirt.policy", "corrected");
        expected.put("apvirt.host.outer-interpretation", "false");
        expected.put("apvirt.guest.facilities.apqi", "false");
        expected.put("apvirt.guest.facilities.apxa", "false");
        expected.put("apvirt.guest.memory", "1MiB");
        expected.put("apvirt.matrix.adapters", "3,4");
        expected.put("apvirt.matrix.domains", "5");
        expected.put("apvirt.bus.reset-ticks", "3");
        expected.put("apvirt.policies.mainline.cc-after-hook", "unchanged");
        expected.put("apvirt.matrix.control-domains[0]", "6");
        Map<String, String> config = parse(text).config();
        assertEquals(expected, config);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(config.keySet()));
    }

    @Test
    void configErrors() {
        assertEquals("s.yaml:3: config: 'guest.facilities.apxq' is not a configuration property (keys are written "
                        + "without the 'apvirt.' prefix, for example guest.facilities.apxa)",
                error("config:\n  policy: mainline\n  guest.facilities.apxq: false\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:4: config: 'host.speed' is not a configuration property (keys are written "
                        + "without the 'apvirt.' prefix, for example guest.facilities.apxa)",
                error("config:\n  host:\n    ic3: false\n    speed: 3\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:2: config: 'guest' is not a configuration property (keys are written "
                        + "without the 'apvirt.' prefix, for example guest.facilities.apxa)",
                error("config:\n  guest: 5\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:2: config: 'plugins.vfio-ap.max-isc' is not a configuration property (keys are written "
                        + "without the 'apvirt.' prefix, for example guest.facilities.apxa); did you mean hooks.vfio-ap.max-isc?",
                error("config:\n  plugins.vfio-ap.max-isc: 3\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:1: config: must be a mapping (key: value lines)",
                error("config: [1, 2]\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:3: config.adapters: must be a single value, not a list or mapping",
                error("config:\n  matrix:\n    adapters: [[3], 4]\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:4: config: 'guest.facilities.apqi' is set twice; keep one",
                error("config:\n  guest.facilities.apqi: false\n  guest:\n    facilities: {apqi: true}\nsteps:\n  - instruction: pqap\n"));
    }

    @Test
    void configDevicesListIsFlattenedByIndex() {
        String text = """
                config:
                  devices:
                    - adapter: 3
                      mode: accelerator
                      faults: {busy-every: 2}
                      domains: [5, 6]
                    - adapter: 0x04
                      faults:
                        checkstop-after: 1
                        deconfigure-at: 9
                      faults.drop-interrupts: true
                      max-message-length: 1
                  bus.queue-depth: 2
                steps:
                  - instruction: pqap
                """;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("apvirt.devices[0].adapter", "3");
        expected.put("apvirt.devices[0].mode", "accelerator");
        expected.put("apvirt.devices[0].faults.busy-every", "2");
        expected.put("apvirt.devices[0].domains", "5,6");
        expected.put("apvirt.devices[1].adapter", "0x04");
        expected.put("apvirt.devices[1].faults.checkstop-after", "1");
        expected.put("apvirt.devices[1].faults.deconfigure-at", "9");
        expected.put("apvirt.devices[1].faults.drop-interrupts", "true");
        expected.put("apvirt.devices[1].max-message-length", "1");
        expected.put("apvirt.bus.queue-depth", "2");
        Map<String, String> config = parse(text).config();
        assertEquals(expected, config);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(config.keySet()));
        // the indexed form still works, and an empty list stays the empty list property
        assertEquals(Map.of("apvirt.devices[0].adapter", "3", "apvirt.devices[0].domains[1]", "6"),
                parse("config:\n  devices[0].adapter: 3\n  devices[0].domains[1]: 6\nsteps:\n  - instruction: pqap\n").config());
        assertEquals(Map.of("apvirt.devices", ""), parse("config:\n  devices: []\nsteps:\n  - instruction: pqap\n").config());
        assertEquals(Map.of("apvirt.devices[0].adapter", "5"),
                parse("config:\n  apvirt.devices: [{adapter: 5}]\nsteps:\n  - instruction: pqap\n").config());
    }

    @Test
    void configDeviceErrorsNameTheLineAndTheField() {
        assertEquals("s.yaml:5: config: 'devices[0].modee' is not a device field; did you mean mode?",
                error("config:\n  devices:\n    - adapter: 3\n      type: CEX7\n      modee: cca\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:5: config: 'devices[1].faults.busy-evry' is not a device field; did you mean faults.busy-every?",
                error("config:\n  devices:\n    - adapter: 3\n    - adapter: 4\n      faults: {busy-evry: 2}\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:5: config: 'devices[0].fault.checkstop-after' is not a device field; did you mean faults.checkstop-after?",
                error("config:\n  devices:\n    - adapter: 3\n      fault:\n        checkstop-after: 1\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:4: config: 'devices[0].faults' is not a device field; it is a group: write faults: {busy-every: ...} "
                        + "with busy-every, checkstop-after, deconfigure-at, drop-interrupts",
                error("config:\n  devices:\n    - adapter: 3\n      faults: 2\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:3: config: 'devices[0].colour' is not a device field; the fields are adapter, behaviour, domains, "
                        + "faults.busy-every, faults.checkstop-after, faults.deconfigure-at, faults.drop-interrupts, "
                        + "max-message-length, mode, queue-depth, reply-latency, reset-ticks, type",
                error("config:\n  devices:\n    - colour: red\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:3: config.devices[0]: must be a mapping of device fields, for example {adapter: 3, mode: accelerator}",
                error("config:\n  devices:\n    - 3\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:4: config.devices[0].adapter: must be a single value, not a list or mapping",
                error("config:\n  devices:\n    - domains: [5]\n      adapter: [[3]]\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:4: config: 'devices[0].faults.busy-every' is set twice; keep one",
                error("config:\n  devices:\n    - faults: {busy-every: 2}\n      faults.busy-every: 3\nsteps:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:5: config: 'devices[0].adapter' is set twice; keep one",
                error("config:\n  devices:\n    - adapter: 3\n  devices[0]:\n    adapter: 4\nsteps:\n  - instruction: pqap\n"));
    }

    // ---- expectations ---------------------------------------------------------------------------

    @Test
    void expectationFields() {
        assertEquals(new Expectation(3, "none", null, null, null, null, null, regs()), expectation("{program: none}"));
        assertEquals("none", expectation("{program: NONE}").program());
        assertEquals("operation", expectation("{program: operation}").program());
        assertEquals("privileged-operation", expectation("{program: Privileged-Operation}").program());
        assertEquals("specification", expectation("{program: specification}").program());
        assertEquals("addressing", expectation("{program: addressing}").program());
        assertEquals("specification", expectation("{program: 6}").program());
        assertEquals("operation", expectation("{program: 0x0001}").program());
        for (int cc = 0; cc <= 3; cc++) {
            assertEquals(cc, expectation("{cc: " + cc + "}").cc());
        }
        assertEquals(0x01, expectation("{rc: 1}").rc());
        assertEquals(0x01, expectation("{rc: 0x01}").rc());
        assertEquals(0x01, expectation("{rc: Q_NOT_AVAIL}").rc());
        assertEquals(0x01, expectation("{rc: q-not-avail}").rc());
        assertEquals(0x02, expectation("{rc: RESET_IN_PROGRESS}").rc());
        assertEquals(0x10, expectation("{rc: 16}").rc());
        assertEquals(0xff, expectation("{rc: 0xff}").rc());
        assertEquals(true, expectation("{irq: true}").irq());
        assertEquals(false, expectation("{irq: no}").irq());
        assertEquals(Level.FIRMWARE, expectation("{level: firmware}").level());
        assertEquals(Level.KVM, expectation("{level: KVM}").level());
        assertEquals(Level.HOOK, expectation("{level: hook}").level());
        assertEquals(Level.USERSPACE, expectation("{level: userspace}").level());
        assertEquals("mainline.no-hook", expectation("{rule: mainline.no-hook}").rule());
        assertEquals(regs(1, 0x0001000000000003L, 15, 0L), expectation("{regs: {15: 0, 1: 0x0001000000000003}}").regs());
        assertEquals(new Expectation(3, null, null, null, null, null, null, regs()), expectation("{}"));
    }

    @Test
    void expectByPolicyAndUntil() {
        Step s = parse("""
                steps:
                  - instruction: pqap
                    fc: tapq
                    until: {rc: 0}
                    max-tries: 5
                    expect: {cc: 0}
                    expect-by-policy:
                      corrected: {cc: 3}
                      legacy-abi:
                        program: operation
                  - instruction: pqap
                    until: {cc: 0}
                """).steps().get(0);
        assertEquals(new Expectation(4, null, null, 0, null, null, null, regs()), s.until());
        assertEquals(5, s.maxTries());
        assertEquals(new Expectation(6, null, 0, null, null, null, null, regs()), s.expectationFor("mainline"));
        assertEquals(new Expectation(8, null, 3, null, null, null, null, regs()), s.expectationFor("corrected"));
        assertEquals(new Expectation(10, "operation", null, null, null, null, null, regs()), s.expectationFor("legacy-abi"));
        assertEquals(List.of("corrected", "legacy-abi"), List.copyOf(new TreeMap<>(s.expectByPolicy()).keySet()));

        assertEquals(10, step("instruction: pqap", "until: {cc: 0}").maxTries());
        assertEquals(1, step("instruction: pqap", "until: {cc: 0}", "max-tries: 1").maxTries());
        assertEquals(1_000_000, step("instruction: pqap", "until: {cc: 0}", "max-tries: 1000000").maxTries());
        Step byPolicyOnly = step("instruction: pqap", "expect-by-policy: {mainline: {cc: 3}}");
        assertNull(byPolicyOnly.expect());
        assertNull(byPolicyOnly.expectationFor("corrected"));
        assertEquals(3, byPolicyOnly.expectationFor("mainline").cc());
    }

    // ---- vm-reset and the host's software state (docs/architecture.md#6.5, 6.6) -----------------------

    @Test
    void vmResetAndTheHostStateExpectations() {
        Step s = step("instruction: pqap", "fc: tapq", "vm-reset: true", "expect: {gisc-registrations: {3: 1, 0x5: 2}, pinned-pages: 3}");
        assertTrue(s.vmReset());
        assertEquals(new TreeMap<>(Map.of(3, 1, 5, 2)), s.expect().giscRegistrations());
        assertEquals(3, s.expect().pinnedPages());
        Step plain = step("instruction: pqap", "expect: {gisc-registrations: {}, pinned-pages: 0}");
        assertFalse(plain.vmReset());
        assertEquals(Map.of(), plain.expect().giscRegistrations());
        assertEquals(0, plain.expect().pinnedPages());
        assertNull(expectation("{cc: 0}").giscRegistrations());
        assertNull(expectation("{cc: 0}").pinnedPages());
        assertFalse(step("instruction: pqap", "vm-reset: false").vmReset());
    }

    @Test
    void vmResetAndHostStateErrors() {
        assertEquals("s.yaml:3: steps[1].vm-reset: 'yes please' is not true or false",
                stepError("instruction: pqap", "vm-reset: yes please"));
        assertEquals("s.yaml:3: steps[1].expect.gisc-registrations: must be a mapping of ISC to registration count, for "
                + "example {3: 1}, or {} for none", stepError("instruction: pqap", "expect: {gisc-registrations: [3]}"));
        assertEquals("s.yaml:3: steps[1].expect.gisc-registrations: ISC 8 is not an interruption subclass 0-7",
                stepError("instruction: pqap", "expect: {gisc-registrations: {8: 1}}"));
        assertEquals("s.yaml:3: steps[1].expect.gisc-registrations.3: a registration count is 1 or more; leave out an ISC "
                + "with none", stepError("instruction: pqap", "expect: {gisc-registrations: {3: 0}}"));
        assertEquals("s.yaml:3: steps[1].expect.pinned-pages: 'many' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "expect: {pinned-pages: many}"));
    }

    // ---- guest memory: step memory and message, expect nib, pending-isc, memory, psmid ------------

    private static MemoryRange range(int line, long address, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new MemoryRange(line, address, HexBytes.of(b));
    }

    @Test
    void memoryIsWrittenByAddressInAscendingOrder() {
        Step s = step("instruction: pqap", "memory:", "  0x3000: \"50 00 01 90\"", "  4096: 0aFF", "  0x2000: |",
                "    01 02", "    03", "  0x4000: >", "    0a0b", "    0c0d");
        assertEquals(List.of(range(5, 0x1000, 0x0a, 0xff), range(6, 0x2000, 1, 2, 3), range(4, 0x3000, 0x50, 0, 1, 0x90),
                range(9, 0x4000, 0xa, 0xb, 0xc, 0xd)), s.memory());
        assertNull(s.message());
        assertEquals(regs(), s.loads());
        // adjacent ranges are fine, and unsigned addresses sort as such
        assertEquals(List.of(range(5, 0x10, 1), range(5, 0x11, 2), range(5, 0x8000000000000000L, 3)),
                step("instruction: dqap", "r1: 4", "r2: 6", "memory: {0x11: '02', 0x8000000000000000: '03', 0x10: '01'}").memory());
        assertEquals(List.of(), step("instruction: pqap").memory());
    }

    @Test
    void messageIsWrittenAtR2AndSetsTheLengthUnlessGiven() {
        Step s = step("instruction: nqap", "r1: 4", "r2: 6", "apqn: \"03.0005\"", "address: 0x3000",
                "message: \"50 00 01 90 00 00\"");
        assertEquals(range(7, 0x3000, 0x50, 0, 1, 0x90, 0, 0), s.message());
        assertEquals(regs(0, 0x0305L, 6, 0x3000L, 7, 6L), s.loads());
        // an explicit length wins (a message longer than ML, or a length that does not match)
        assertEquals(regs(6, 0x3000L, 7, 2L), step("instruction: nqap", "r1: 4", "r2: 6", "length: 2", "address: 0x3000",
                "message: 010203").loads());
        // the address may come from regs
        Step viaRegs = step("instruction: nqap", "r1: 4", "r2: 8", "regs: {8: 0x5000}", "message: >", "  01 02", "  03 04");
        assertEquals(range(6, 0x5000, 1, 2, 3, 4), viaRegs.message());
        assertEquals(regs(8, 0x5000L, 9, 4L), viaRegs.loads());
    }

    @Test
    void memoryAndMessageErrors() {
        assertEquals("s.yaml:3: steps[1].memory.0x3000: '500' has an odd number of hex digits: write each byte as two hex "
                + "digits, for example \"50 00 01 90\"", stepError("instruction: pqap", "memory: {0x3000: \"500 01\"}"));
        assertEquals("s.yaml:4: steps[1].memory.0x3000: '0g' is not hex: write each byte as two hex digits, for example "
                + "\"50 00 01 90\"", stepError("instruction: pqap", "memory:", "  0x3000: 00 0g"));
        assertEquals("s.yaml:3: steps[1].memory.0x10: no bytes: write each byte as two hex digits, for example \"50 00 01 90\"",
                stepError("instruction: pqap", "memory: {16: ''}"));
        assertEquals("s.yaml:3: steps[1].memory.0x10: must be a single value, not a list or mapping",
                stepError("instruction: pqap", "memory: {16: [1, 2]}"));
        assertEquals("s.yaml:3: steps[1].memory key: 'here' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "memory: {here: '00'}"));
        assertEquals("s.yaml:3: steps[1].memory: must be a mapping (key: value lines)",
                stepError("instruction: pqap", "memory: 00 01"));
        assertEquals("s.yaml:5: steps[1].memory: address 0x10 is given twice; keep one",
                stepError("instruction: pqap", "memory:", "  0x10: '00'", "  16: '01'"));
        assertEquals("s.yaml:5: steps[1].memory: the bytes at 0x1003 overlap those at 0x1000 (line 4); write them as one string",
                stepError("instruction: pqap", "memory:", "  0x1000: 00 01 02 03", "  0x1003: '04'"));
        assertEquals("s.yaml:5: steps[1].memory: the bytes at 0x1000 overlap those at 0x1002 (line 4); write them as one string",
                stepError("instruction: pqap", "memory:", "  0x1002: '00'", "  0x1000: 00 01 02"));
        assertEquals("s.yaml:4: steps[1].memory: 2 bytes at 0xffffffffffffffff run past the end of the 64-bit address space",
                stepError("instruction: pqap", "memory:", "  0xffffffffffffffff: 00 01"));
        assertEquals("s.yaml:3: steps[1].message: only for nqap (the request it sends); write other guest memory with memory:",
                stepError("instruction: pqap", "message: '00'"));
        assertEquals("s.yaml:5: steps[1].message: only for nqap (the request it sends); write other guest memory with memory:",
                stepError("instruction: dqap", "r1: 4", "r2: 6", "message: '00'"));
        assertEquals("s.yaml:5: steps[1].message: needs the message address in R2: give address: (or regs: {6: ...})",
                stepError("instruction: nqap", "r1: 4", "r2: 6", "message: '00'"));
        assertEquals("s.yaml:6: steps[1].message: '1' has an odd number of hex digits: write each byte as two hex digits, "
                + "for example \"50 00 01 90\"", stepError("instruction: nqap", "r1: 4", "r2: 6", "address: 0x3000", "message: 1"));
        assertEquals("s.yaml:6: steps[1].message: needs a register pair, but R is 15",
                stepError("instruction: nqap", "r1: 4", "r2: 15", "address: 0x3000", "message: '00'"));
        assertEquals("s.yaml:6: steps[1].message: must be a single value, not a list or mapping",
                stepError("instruction: nqap", "r1: 4", "r2: 6", "address: 0x3000", "message: {0: 1}"));
    }

    @Test
    void expectNibIsTheNibTheMostRecentAqicStepGaveTheApqn() {
        Scenario s = parse("""
                steps:
                  - name: AQIC 03.0005
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    nib: 0x1000
                    expect: {nib: 0}
                  - name: AQIC 04.0006
                    instruction: pqap
                    fc: aqic
                    apqn: "04.0006"
                    nib: 0x2000
                  - name: QCI with GR2 is not an AQIC step
                    instruction: pqap
                    fc: qci
                    apqn: "03.0005"
                    nib: 0x3000
                  - name: TAPQ 03.0005
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {nib: 0x01}
                    until: {nib: 1}
                    expect-by-policy:
                      corrected: {nib: 255}
                  - name: the APQN carries over with GR0
                    instruction: dqap
                    r1: 4
                    r2: 6
                    expect: {nib: 1}
                  - name: AQIC 03.0005 again, NIB from regs does not count
                    instruction: pqap
                    regs: {0: 0x03000305, 2: 0x5000}
                  - name: a new NIB for 03.0005
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    nib: 0x4000
                  - instruction: nqap
                    r1: 4
                    r2: 6
                    apqn: "03.0005"
                    expect: {nib: 0}
                """);
        Apqn a = Apqn.parse("03.0005");
        assertEquals(new Expectation.Nib(7, 0, a, 0x1000, 1), s.steps().get(0).expect().nib());
        assertEquals(new Expectation.Nib(22, 1, a, 0x1000, 1), s.steps().get(3).expect().nib());
        assertEquals(new Expectation.Nib(23, 1, a, 0x1000, 1), s.steps().get(3).until().nib());
        assertEquals(new Expectation.Nib(25, 255, a, 0x1000, 1), s.steps().get(3).expectationFor("corrected").nib());
        assertEquals(new Expectation.Nib(30, 1, a, 0x1000, 1), s.steps().get(4).expect().nib());
        assertEquals(new Expectation.Nib(43, 0, a, 0x4000, 7), s.steps().get(7).expect().nib());
        assertNull(s.steps().get(1).expect());
        assertEquals(new Expectation(22, null, null, null, null, null, null, regs(),
                new Expectation.Nib(22, 1, a, 0x1000, 1), null, List.of(), null), s.steps().get(3).expect());
    }

    @Test
    void expectPendingIscMemoryAndPsmid() {
        assertEquals(List.of(3), expectation("{pending-isc: [3]}").pendingIsc());
        assertEquals(List.of(), expectation("{pending-isc: []}").pendingIsc());
        assertEquals(List.of(0, 3, 7), expectation("{pending-isc: [7, 0, 0x3]}").pendingIsc());
        assertNull(expectation("{cc: 0}").pendingIsc());
        assertEquals(List.of(range(3, 0x3000, 1, 2), range(3, 0x5000, 0xff)),
                expectation("{memory: {0x5000: ff, 0x3000: \"01 02\"}}").memory());
        Step dqap = step("instruction: dqap", "r1: 10", "r2: 8", "expect: {psmid: 0x0000000100001234, cc: 0}",
                "until: {psmid: 7}");
        assertEquals(0x0000000100001234L, dqap.expect().psmid());
        assertEquals(7L, dqap.until().psmid());
        assertEquals(0xffffffffffffffffL, step("instruction: nqap", "r1: 4", "r2: 6", "expect: {psmid: 0xffffffffffffffff}")
                .expect().psmid());
        assertEquals(new Expectation(5, null, 0, null, null, null, null, regs(), null, List.of(),
                        List.of(range(5, 0x20, 0xab)), 0x42L),
                step("instruction: dqap", "r1: 4", "r2: 6", "expect: {cc: 0, pending-isc: [], memory: {0x20: ab}, psmid: 0x42}")
                        .expect());
    }

    @Test
    void newExpectationErrors() {
        assertEquals("s.yaml:4: steps[1].expect.nib: no earlier AQIC step gave this APQN a NIB (03.0005; give a PQAP(AQIC) "
                + "step for it the helper nib: ADDRESS first)", stepError("instruction: pqap", "apqn: \"03.0005\"", "expect: {nib: 1}"));
        // another APQN's NIB does not count, nor a later one
        assertEquals("s.yaml:10: steps[2].expect.nib: no earlier AQIC step gave this APQN a NIB (04.0005; give a PQAP(AQIC) "
                        + "step for it the helper nib: ADDRESS first)",
                error("steps:\n  - instruction: pqap\n    fc: aqic\n    apqn: \"03.0005\"\n    nib: 0x1000\n"
                        + "  - instruction: pqap\n    fc: tapq\n    apqn: \"04.0005\"\n    expect:\n      nib: 0\n"
                        + "  - instruction: pqap\n    fc: aqic\n    apqn: \"04.0005\"\n    nib: 0x2000\n"));
        assertEquals("s.yaml:5: steps[1].expect-by-policy.corrected.nib: no earlier AQIC step gave this APQN a NIB (00.0000; "
                        + "give a PQAP(AQIC) step for it the helper nib: ADDRESS first)",
                stepError("instruction: pqap", "fc: tapq", "expect-by-policy:", "  corrected: {nib: 1}"));
        assertEquals("s.yaml:6: steps[1].expect.nib: the NIB is one byte: 0-255 (0x00-0xff)",
                stepError("instruction: pqap", "fc: aqic", "nib: 0x1000", "expect:", "  nib: 256"));
        assertEquals("s.yaml:4: steps[1].expect.nib: 'set' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "nib: 0x1000", "expect: {nib: set}"));
        assertEquals("s.yaml:3: steps[1].expect.pending-isc: must be a list of ISCs, for example [3], or [] for none",
                stepError("instruction: pqap", "expect: {pending-isc: 3}"));
        assertEquals("s.yaml:3: steps[1].expect.pending-isc: must be interruption subclasses 0-7; 8 is not one",
                stepError("instruction: pqap", "expect: {pending-isc: [3, 8]}"));
        assertEquals("s.yaml:6: steps[1].until.pending-isc: ISC 3 is listed twice; keep one",
                stepError("instruction: pqap", "until:", "  pending-isc:", "    - 3", "    - 0x3"));
        assertEquals("s.yaml:3: steps[1].expect.pending-isc: 'x' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "expect: {pending-isc: [x]}"));
        assertEquals("s.yaml:3: steps[1].expect.memory.0x3000: '123' has an odd number of hex digits: write each byte as two "
                + "hex digits, for example \"50 00 01 90\"", stepError("instruction: pqap", "expect: {memory: {0x3000: 123}}"));
        assertEquals("s.yaml:3: steps[1].expect.memory: must be a mapping (key: value lines)",
                stepError("instruction: pqap", "expect: {memory: [00]}"));
        assertEquals("s.yaml:3: steps[1].expect.psmid: only for nqap and dqap: the PSMID is in R1 and R1+1",
                stepError("instruction: pqap", "expect: {psmid: 1}"));
        assertEquals("s.yaml:5: steps[1].expect.psmid: needs a register pair, but R1 is 15",
                stepError("instruction: dqap", "r1: 15", "r2: 6", "expect: {psmid: 1}"));
        assertEquals("s.yaml:5: steps[1].expect.psmid: 'abc' is not a number: write 42 or 0x2a",
                stepError("instruction: dqap", "r1: 4", "r2: 6", "expect: {psmid: abc}"));
    }

    // ---- errors: file level -------------------------------------------------------------------

    @Test
    void emptyFiles() {
        assertEquals("s.yaml:1: the file is empty; a scenario needs 'steps:'", error(""));
        assertEquals("s.yaml:1: the file is empty; a scenario needs 'steps:'", error("# only a comment\n\n"));
    }

    @Test
    void invalidYaml() {
        assertEquals("s.yaml:3: not valid YAML: mapping values are not allowed here",
                error("steps:\n  - instruction: pqap\n    fc: tapq: rapq\n"));
        assertEquals("s.yaml:3: not valid YAML: expected ',' or ']', but got <stream end>",
                error("steps: [\n  {instruction: pqap}\n"));
        assertEquals("s.yaml:2: not valid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)",
                error("steps:\n\t- instruction: pqap\n"));
    }

    @Test
    void aliasesThatExpandTooFarAreRefusedWithThePlace() {
        // the 16th list (a15, line 18) is the first to pass 100,000 nodes: 2^17 - 1
        assertEquals("s.yaml:18: expands to more than 100,000 YAML nodes through anchors and aliases (&name ... *name); "
                + "write the values out or use fewer aliases", error("config:\n  bomb:\n" + io.apvirt.engine.internal.config.YamlExpansionTest.aliasBomb("    ", 25)
                + "steps:\n  - {instruction: pqap, fc: tapq, apqn: \"03.0005\", expect: {cc: 0}}\n"));
        assertEquals("s.yaml:2: is an alias to a collection that contains it (the value would be infinite): write the value "
                + "out instead of the alias", error("config:\n  loop: &l [x, *l]\nsteps: []\n"));
    }

    @Test
    void scenarioLevelErrors() {
        assertEquals("s.yaml:1: scenario: must be a mapping (key: value lines)", error("- instruction: pqap\n"));
        assertEquals("s.yaml:1: scenario: must be a mapping (key: value lines)", error("just text\n"));
        assertEquals("s.yaml:2: scenario.step: unknown field; did you mean steps? allowed here: config, description, name, requires, steps",
                error("name: x\nstep:\n  - instruction: pqap\n"));
        assertEquals("s.yaml:1: steps: missing: a scenario needs a list of steps", error("name: x\n"));
        assertEquals("s.yaml:2: steps: must be a non-empty list of steps", error("name: x\nsteps: []\n"));
        assertEquals("s.yaml:1: steps: must be a non-empty list of steps", error("steps: pqap\n"));
        assertEquals("s.yaml:1: name: must be a single value, not a list or mapping", error("name: [a]\nsteps: [{instruction: pqap}]\n"));
        assertEquals("s.yaml:2: scenario.name: appears twice; keep one", error("name: a\nname: b\nsteps: [{instruction: pqap}]\n"));
    }

    // ---- errors: steps ----------------------------------------------------------------------------

    @Test
    void stepStructureErrors() {
        assertEquals("s.yaml:2: steps[1]: must be a mapping (key: value lines)", error("steps:\n  - pqap\n"));
        assertEquals("s.yaml:3: steps[1].fcode: unknown field; did you mean fc? allowed here: " + STEPS_ALLOWED,
                stepError("instruction: pqap", "fcode: 3"));
        assertEquals("s.yaml:2: steps[1].instruction: missing: write instruction: pqap, nqap or dqap",
                stepError("name: no instruction"));
        assertEquals("s.yaml:2: steps[1].instruction: 'xqap' is not an AP instruction: write pqap, nqap or dqap",
                stepError("instruction: XQAP"));
        assertEquals("s.yaml:4: steps[2].instruction: 'b2af' is not an AP instruction: write pqap, nqap or dqap",
                error("steps:\n  - instruction: pqap\n  - name: second\n    instruction: b2af\n"));
        assertEquals("s.yaml:3: steps[1].fc: appears twice; keep one",
                stepError("fc: tapq", "fc: rapq", "instruction: pqap"));
        assertEquals("s.yaml:3: steps[1].name: must be a single value, not a list or mapping",
                stepError("instruction: pqap", "name: {a: b}"));
    }

    @Test
    void operandErrors() {
        assertEquals("s.yaml:2: steps[1].r1: missing: nqap and dqap need r1 and r2 (even register numbers 0-14)",
                stepError("instruction: nqap", "r2: 6"));
        assertEquals("s.yaml:2: steps[1].r2: missing: nqap and dqap need r1 and r2 (even register numbers 0-14)",
                stepError("instruction: dqap", "r1: 4"));
        assertEquals("s.yaml:3: steps[1].r1: must be a register number 0-15", stepError("instruction: nqap", "r1: 16", "r2: 6"));
        assertEquals("s.yaml:4: steps[1].r2: must be a register number 0-15",
                stepError("instruction: dqap", "r1: 4", "r2: 0xffffffffffffffff"));
        assertEquals("s.yaml:4: steps[1].r2: 'six' is not a number: write 42 or 0x2a",
                stepError("instruction: nqap", "r1: 4", "r2: six"));
        assertEquals("s.yaml:3: steps[1].r1: only for nqap and dqap; PQAP uses GR0-GR2 implicitly",
                stepError("instruction: pqap", "r1: 4"));
        assertEquals("s.yaml:3: steps[1].psmid: only for nqap and dqap; PQAP uses GR0-GR2 implicitly",
                stepError("instruction: pqap", "psmid: 1"));
        assertEquals("s.yaml:3: steps[1].length: only for nqap and dqap; PQAP uses GR0-GR2 implicitly",
                stepError("instruction: pqap", "length: 1"));
        assertEquals("s.yaml:5: steps[1].fc: only for pqap", stepError("instruction: nqap", "r1: 4", "r2: 6", "fc: tapq"));
        assertEquals("s.yaml:3: steps[1].nib: only for pqap", stepError("instruction: dqap", "nib: 0x1000", "r1: 4", "r2: 6"));
        assertEquals("s.yaml:5: steps[1].isc: only for pqap", stepError("instruction: dqap", "r1: 4", "r2: 6", "isc: 1"));
        assertEquals("s.yaml:5: steps[1].t: only for pqap", stepError("instruction: nqap", "r1: 4", "r2: 6", "t: true"));
        assertEquals("s.yaml:5: steps[1].psmid: needs a register pair, but R is 15",
                stepError("instruction: nqap", "r1: 15", "r2: 6", "psmid: 1"));
        assertEquals("s.yaml:5: steps[1].length: needs a register pair, but R is 15",
                stepError("instruction: dqap", "r1: 4", "r2: 15", "length: 1"));
    }

    @Test
    void helperValueErrors() {
        assertEquals("s.yaml:3: steps[1].apqn: APQN '3' is not of the form AA.DDDD (hex, for example 03.0005); "
                + "quote it if YAML reads it as a number", stepError("instruction: pqap", "apqn: 3"));
        assertEquals("s.yaml:3: steps[1].apqn: APQN 'xx.0005' is not of the form AA.DDDD (hex, for example 03.0005); "
                + "quote it if YAML reads it as a number", stepError("instruction: pqap", "apqn: \"xx.0005\""));
        assertEquals("s.yaml:3: steps[1].apqn: APQN '03.' is not of the form AA.DDDD (hex, for example 03.0005); "
                + "quote it if YAML reads it as a number", stepError("instruction: pqap", "apqn: \"03.\""));
        assertEquals("s.yaml:3: steps[1].apqn: APID 256 is outside 0-255; quote it if YAML reads it as a number",
                stepError("instruction: pqap", "apqn: \"100.0005\""));
        assertEquals("s.yaml:5: steps[1].apqn: APQI 256 is outside 0-255; quote it if YAML reads it as a number",
                stepError("instruction: nqap", "r1: 4", "r2: 6", "apqn: \"03.0100\""));
        assertEquals("s.yaml:3: steps[1].fc: 'query' is not a function code (tapq, rapq, zapq, aqic, qci, qact, bapq, "
                + "aapq or 0-255)", stepError("instruction: pqap", "fc: query"));
        assertEquals("s.yaml:3: steps[1].fc: '256' is not a function code (tapq, rapq, zapq, aqic, qci, qact, bapq, "
                + "aapq or 0-255)", stepError("instruction: pqap", "fc: 256"));
        assertEquals("s.yaml:3: steps[1].t: 'maybe' is not true or false", stepError("instruction: pqap", "t: maybe"));
        assertEquals("s.yaml:3: steps[1].ir: '2' is not true or false", stepError("instruction: pqap", "ir: 2"));
        assertEquals("s.yaml:3: steps[1].isc: must be an interruption subclass 0-7", stepError("instruction: pqap", "isc: 8"));
        // values are 64-bit unsigned: 2^64-1 must not pass as -1
        assertEquals("s.yaml:3: steps[1].isc: must be an interruption subclass 0-7",
                stepError("instruction: pqap", "isc: 0xffffffffffffffff"));
        assertEquals("s.yaml:3: steps[1].nib: '-1' is not a number: write 42 or 0x2a", stepError("instruction: pqap", "nib: -1"));
        assertEquals("s.yaml:3: steps[1].problem-state: 'sometimes' is not true or false",
                stepError("instruction: pqap", "problem-state: sometimes"));
    }

    @Test
    void regsErrors() {
        assertEquals("s.yaml:3: steps[1].regs: register 16 does not exist: use 0-15",
                stepError("instruction: pqap", "regs: {16: 1}"));
        assertEquals("s.yaml:4: steps[1].regs: register 16 does not exist: use 0-15",
                stepError("instruction: pqap", "regs:", "  16: 1"));
        assertEquals("s.yaml:3: steps[1].regs: register 18446744073709551615 does not exist: use 0-15",
                stepError("instruction: pqap", "regs: {0xffffffffffffffff: 1}"));
        assertEquals("s.yaml:3: steps[1].regs key: 'r1' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "regs: {r1: 1}"));
        assertEquals("s.yaml:3: steps[1].regs.1: 'one' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "regs: {1: one}"));
        assertEquals("s.yaml:3: steps[1].regs.1: '0x10000000000000000' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "regs: {1: 0x10000000000000000}"));
        assertEquals("s.yaml:3: steps[1].regs: must be a mapping (key: value lines)",
                stepError("instruction: pqap", "regs: [1, 2]"));
        assertEquals("s.yaml:3: steps[1].regs: register 1 is given twice; keep one",
                stepError("instruction: pqap", "regs: {1: 1, 0x1: 2}"));
        assertEquals("s.yaml:3: steps[1].expect.regs: register 16 does not exist: use 0-15",
                stepError("instruction: pqap", "expect: {regs: {16: 0}}"));
    }

    @Test
    void expectationErrors() {
        assertEquals("s.yaml:3: steps[1].expect.cc: a condition code is 0-3", stepError("instruction: pqap", "expect: {cc: 4}"));
        assertEquals("s.yaml:4: steps[1].expect.cc: a condition code is 0-3",
                stepError("instruction: pqap", "expect:", "  cc: 4"));
        assertEquals("s.yaml:3: steps[1].expect.cc: a condition code is 0-3",
                stepError("instruction: pqap", "expect: {cc: 0x8000000000000000}"));
        assertEquals("s.yaml:3: steps[1].expect.cc: 'zero' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "expect: {cc: zero}"));
        assertEquals("s.yaml:3: steps[1].expect.program: 'protection-fault' is not a program exception: write none, "
                        + "operation, privileged-operation, specification or addressing",
                stepError("instruction: pqap", "expect: {program: Protection-Fault}"));
        assertEquals("s.yaml:3: steps[1].expect.program: '9' is not a program exception: write none, "
                + "operation, privileged-operation, specification or addressing", stepError("instruction: pqap", "expect: {program: 9}"));
        assertEquals("s.yaml:3: steps[1].expect.level: 'sie' is not a level: write firmware, kvm, hook or userspace",
                stepError("instruction: pqap", "expect: {level: sie}"));
        assertEquals("s.yaml:3: steps[1].expect.rc: 'NOT_A_CODE' is not a response code (a number such as 0x01, or a name "
                + "such as Q_NOT_AVAIL)", stepError("instruction: pqap", "expect: {rc: NOT_A_CODE}"));
        assertEquals("s.yaml:3: steps[1].expect.rc: '0x100' is not a response code (a number such as 0x01, or a name "
                + "such as Q_NOT_AVAIL)", stepError("instruction: pqap", "expect: {rc: 0x100}"));
        assertEquals("s.yaml:3: steps[1].expect.irq: 'set' is not true or false", stepError("instruction: pqap", "expect: {irq: set}"));
        assertEquals("s.yaml:3: steps[1].expect.rule: must be a single value, not a list or mapping",
                stepError("instruction: pqap", "expect: {rule: [a, b]}"));
        assertEquals("s.yaml:3: steps[1].expect.code: unknown field; did you mean cc? allowed here: " + EXPECT_ALLOWED,
                stepError("instruction: pqap", "expect: {code: 1}"));
        assertEquals("s.yaml:3: steps[1].expect: must be a mapping (key: value lines)",
                stepError("instruction: pqap", "expect: pass"));
        assertEquals("s.yaml:4: steps[1].expect-by-policy.mainline.cc: a condition code is 0-3",
                stepError("instruction: pqap", "expect-by-policy:", "  mainline: {cc: 7}"));
        assertEquals("s.yaml:3: steps[1].expect-by-policy: must be a mapping (key: value lines)",
                stepError("instruction: pqap", "expect-by-policy: [mainline]"));
        assertEquals("s.yaml:5: steps[1].expect-by-policy.mainline: appears twice; keep one",
                stepError("instruction: pqap", "expect-by-policy:", "  mainline: {cc: 3}", "  mainline: {cc: 0}"));
        assertEquals("s.yaml:3: steps[1].until.level: 'qemu' is not a level: write firmware, kvm, hook or userspace",
                stepError("instruction: pqap", "until: {level: qemu}"));
    }

    @Test
    void untilAndMaxTriesErrors() {
        assertEquals("s.yaml:3: steps[1].max-tries: only with 'until'", stepError("instruction: pqap", "max-tries: 5"));
        assertEquals("s.yaml:4: steps[1].max-tries: must be between 1 and 1000000",
                stepError("instruction: pqap", "until: {rc: 0}", "max-tries: 0"));
        assertEquals("s.yaml:4: steps[1].max-tries: must be between 1 and 1000000",
                stepError("instruction: pqap", "until: {rc: 0}", "max-tries: 1000001"));
        assertEquals("s.yaml:4: steps[1].max-tries: 'many' is not a number: write 42 or 0x2a",
                stepError("instruction: pqap", "until: {rc: 0}", "max-tries: many"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fc: tapq        | 0x00000000",
            "fc: rapq        | 0x01000000",
            "fc: zapq        | 0x02000000",
            "fc: aqic        | 0x03000000",
            "fc: qci         | 0x04000000",
            "fc: qact        | 0x05000000",
            "fc: 6           | 0x06000000",
            "fc: bapq        | 0x07000000",
            "fc: aapq        | 0x08000000",
            "fc: 0x2a        | 0x2a000000",
            "apqn: ff.00ff   | 0x0000ffff",
            "apqn: 40.0010   | 0x00004010",
            "apqn: 0.0       | 0x00000000",
    })
    void everyFunctionCodeAndApqnLandsInGr0(String helper, String gr0) {
        assertEquals(regs(0, Long.decode(gr0)), step("instruction: pqap", helper).loads());
    }

    // ---- catalogue fields: cite, xfail-by-policy, requires --------------------------------------

    @Test
    void catalogueFieldsParseToExactRecords() {
        Scenario s = parse("""
                requires: [hook: vfio-ap, policy-option: mainline.cc-after-hook]
                steps:
                  - name: AQIC T bit
                    cite: " 11.5 step 3 "
                    instruction: pqap
                    expect: {program: specification}
                    xfail-by-policy:
                      mainline: "table 4.3 row 6"
                      legacy-abi: &legacy "QEMU: operation exception"
                    requires: [behaviour: accelerator, hook-option: vfio-ap.max-isc]
                  - instruction: pqap
                    expect: {cc: 0}
                    xfail-by-policy: {legacy-abi: *legacy}
                  - instruction: pqap
                """);
        assertEquals(List.of(new Requirement(Requirement.Kind.HOOK, "vfio-ap", 1),
                new Requirement(Requirement.Kind.POLICY_OPTION, "mainline.cc-after-hook", 1)), s.requires());
        Step first = s.steps().get(0);
        assertEquals(new CatalogueFields("11.5 step 3", Map.of(
                "mainline", new CatalogueFields.Xfail(8, "table 4.3 row 6"),
                "legacy-abi", new CatalogueFields.Xfail(9, "QEMU: operation exception")),
                List.of(new Requirement(Requirement.Kind.BEHAVIOUR, "accelerator", 10),
                        new Requirement(Requirement.Kind.HOOK_OPTION, "vfio-ap.max-isc", 10))), first.catalogue());
        assertEquals(List.of("legacy-abi", "mainline"), List.copyOf(first.catalogue().xfailByPolicy().keySet()));
        assertEquals(Map.of("legacy-abi", new CatalogueFields.Xfail(13, "QEMU: operation exception")),
                s.steps().get(1).catalogue().xfailByPolicy());
        assertEquals(CatalogueFields.NONE, s.steps().get(2).catalogue());
        assertTrue(first.isCase());
        assertFalse(s.steps().get(2).isCase());
        assertEquals(List.of(), parse("steps: [{instruction: pqap}]").requires());
    }

    @Test
    void aStepIsACaseWithExpectExpectByPolicyOrUntil() {
        assertTrue(step("instruction: pqap", "expect-by-policy: {mainline: {cc: 0}}").isCase());
        assertTrue(step("instruction: pqap", "until: {cc: 0}").isCase());
        assertTrue(step("instruction: pqap", "expect: {}").isCase());
        assertFalse(step("instruction: pqap", "cite: 11.5").isCase());
    }

    @Test
    void catalogueFieldErrors() {
        assertEquals("s.yaml:3: steps[1].cite: is empty: name the section the step checks, for example cite: 11.5 step 3",
                stepError("instruction: pqap", "cite: ' '"));
        assertEquals("s.yaml:3: steps[1].cite: must be a single value, not a list or mapping",
                stepError("instruction: pqap", "cite: [11.5]"));
        assertEquals("s.yaml:3: steps[1].xfail-by-policy: needs expect: (the expectation the policy is known to miss) on the same step",
                stepError("instruction: pqap", "xfail-by-policy: {mainline: why}", "expect-by-policy: {corrected: {cc: 0}}"));
        assertEquals("s.yaml:4: steps[1].xfail-by-policy: must be a mapping (key: value lines)",
                stepError("instruction: pqap", "expect: {cc: 0}", "xfail-by-policy: [mainline]"));
        assertEquals("s.yaml:4: steps[1].xfail-by-policy.mainline: give the reason, for example mainline: \"table 4.3 row 3: exits to QEMU\"",
                stepError("instruction: pqap", "expect: {cc: 0}", "xfail-by-policy: {mainline: ''}"));
        assertEquals("s.yaml:4: steps[1].xfail-by-policy.mainline: must be a single value, not a list or mapping",
                stepError("instruction: pqap", "expect: {cc: 0}", "xfail-by-policy: {mainline: {why: x}}"));
        assertEquals("s.yaml:5: steps[1].xfail-by-policy.mainline: the step also has expect-by-policy for mainline; "
                        + "a known departure is a miss of expect: keep one of the two",
                stepError("instruction: pqap", "expect: {cc: 0}", "expect-by-policy: {mainline: {cc: 3}}", "xfail-by-policy: {mainline: x}"));
        assertEquals("s.yaml:6: steps[1].xfail-by-policy.mainline: appears twice; keep one",
                stepError("instruction: pqap", "expect: {cc: 0}", "xfail-by-policy:", "  mainline: a", "  mainline: b"));
    }

    @Test
    void requiresErrors() {
        String form = "must be a list such as [hook: vfio-ap, policy-option: mainline.cc-after-hook]";
        assertEquals("s.yaml:3: steps[1].requires: " + form, stepError("instruction: pqap", "requires: {hook: vfio-ap}"));
        assertEquals("s.yaml:3: steps[1].requires[0]: must be one KIND: VALUE entry (hook: ID, behaviour: ID, "
                + "policy-option: POLICY.OPTION, hook-option: HOOK.OPTION); " + form, stepError("instruction: pqap", "requires: [vfio-ap]"));
        assertEquals("s.yaml:3: steps[1].requires[0]: must be one KIND: VALUE entry (hook: ID, behaviour: ID, "
                        + "policy-option: POLICY.OPTION, hook-option: HOOK.OPTION); " + form,
                stepError("instruction: pqap", "requires: [{hook: a, behaviour: b}]"));
        assertEquals("s.yaml:3: steps[1].requires[1].hooks: is not a kind of requirement; did you mean hook? the kinds are "
                + "hook: ID, behaviour: ID, policy-option: POLICY.OPTION, hook-option: HOOK.OPTION",
                stepError("instruction: pqap", "requires: [hook: vfio-ap, hooks: x]"));
        assertEquals("s.yaml:3: steps[1].requires[0].colour: is not a kind of requirement; the kinds are "
                + "hook: ID, behaviour: ID, policy-option: POLICY.OPTION, hook-option: HOOK.OPTION",
                stepError("instruction: pqap", "requires: [colour: blue]"));
        assertEquals("s.yaml:3: steps[1].requires[0].policy-option: 'mainline': policy-option needs COMPONENT.OPTION, "
                + "for example mainline.cc-after-hook", stepError("instruction: pqap", "requires: [policy-option: mainline]"));
        assertEquals("s.yaml:3: steps[1].requires[0].hook-option: 'vfio-ap.': hook-option needs COMPONENT.OPTION, "
                + "for example vfio-ap.max-isc", stepError("instruction: pqap", "requires: [hook-option: vfio-ap.]"));
        assertEquals("s.yaml:3: steps[1].requires[0].hook: is empty: name what must be installed",
                stepError("instruction: pqap", "requires: [hook: '']"));
        assertEquals("s.yaml:1: requires: " + form, error("requires: hook\nsteps: [{instruction: pqap}]\n"));
        assertEquals("s.yaml:1: requires[0].hoook: is not a kind of requirement; did you mean hook? the kinds are "
                        + "hook: ID, behaviour: ID, policy-option: POLICY.OPTION, hook-option: HOOK.OPTION",
                error("requires: [hoook: x]\nsteps: [{instruction: pqap}]\n"));
    }

    @Test
    void anUnknownFieldSuggestsTheNearestSameEveryTime() {
        // a typo: the nearest field; none near enough: no suggestion
        assertEquals("s.yaml:3: steps[1].xfail-by-polcy: unknown field; did you mean xfail-by-policy? allowed here: " + STEPS_ALLOWED,
                stepError("instruction: pqap", "xfail-by-polcy: {}"));
        assertEquals("s.yaml:3: steps[1].colour: unknown field; allowed here: " + STEPS_ALLOWED,
                stepError("instruction: pqap", "colour: blue"));
        // a field with more after it, or the start of one
        assertEquals("s.yaml:3: steps[1].expected: unknown field; did you mean expect? allowed here: " + STEPS_ALLOWED,
                stepError("instruction: pqap", "expected: {}"));
        assertEquals("s.yaml:3: steps[1].requ: unknown field; did you mean requires? allowed here: " + STEPS_ALLOWED,
                stepError("instruction: pqap", "requ: []"));
    }

    // ---- assign / unassign (docs/architecture.md#12.2) and config-events (12.3) ----------------

    @Test
    void assignAndUnassignAreReadUnassignFirst() {
        Step s = step("assign: {adapters: [5, 0x06], control-domains: [8]}", "unassign: {domains: [6]}", "instruction: pqap",
                "fc: tapq", "expect: {config-events: 2}");
        assertEquals(List.of(new io.apvirt.api.machine.AssignmentChange(false, List.of(), List.of(6), List.of()),
                new io.apvirt.api.machine.AssignmentChange(true, List.of(5, 6), List.of(), List.of(8))), s.assignments());
        assertEquals(2, s.expect().configEvents());
        assertEquals(java.util.Map.of("config-events", 2), s.expect().describe());
    }

    @Test
    void assignErrors() {
        assertEquals("s.yaml:2: steps[1].assign: changes nothing: give adapters, domains or control-domains, for example {adapters: [5]}",
                stepError("assign: {}", "instruction: pqap"));
        assertEquals("s.yaml:2: steps[1].assign.adapters: must be numbers 0-255; 256 is not one",
                stepError("assign: {adapters: [256]}", "instruction: pqap"));
        assertEquals("s.yaml:2: steps[1].unassign.domains: 5 is listed twice; keep one",
                stepError("unassign: {domains: [5, 5]}", "instruction: pqap"));
        assertEquals("s.yaml:2: steps[1].assign.adapters: must be a list of numbers 0-255, for example [5]",
                stepError("assign: {adapters: 5}", "instruction: pqap"));
        assertEquals("s.yaml:2: steps[1].assign.adaptors: unknown field; did you mean adapters? allowed here: adapters, control-domains, domains",
                stepError("assign: {adaptors: [5]}", "instruction: pqap"));
        assertEquals("s.yaml:3: steps[1].expect.config-events: the number of pending configuration-change events: 0-1000",
                stepError("instruction: pqap", "expect: {config-events: 1001}"));
    }
}

package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A device script (behaviour: script:FILE) that fails during a step: apvirt.scripts.on-failure
 * decides what the guest sees (README "Scripting", Failures), the firmware's rule stays the rule
 * that decided it, and the step's row names script.failed beside that rule with the script's
 * error under the row, as for a failed hook script; run --json has the failure on the step.
 */
class DeviceScriptFailureTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Fails on the scenario's requests only (one byte: throws, two: a reply byte of 256); check-script's 16-byte dry call passes. */
    private static final String DEVICE = """
            export function onRequest(request, queue) {
              if (request.length === 1) {
                throw new Error("short request: " + request.length + " byte");
              }
              if (request.length === 2) {
                return { reply: [256] };
              }
              return { reply: request.message };
            }
            """;

    private static String nqap(String name, String message, String expect) {
        return "  - name: " + name + "\n    instruction: nqap\n    r1: 4\n    r2: 6\n    apqn: \"03.0005\"\n    address: 0x3000\n"
                + "    message: \"" + message + "\"\n    expect: " + expect + "\n";
    }

    private static Path scenario(Path dir, String onFailure, String tapq, String... nqaps) throws Exception {
        Files.writeString(dir.resolve("dev.js"), DEVICE);
        return Files.writeString(dir.resolve(onFailure + ".yaml"), "name: device-" + onFailure + "\nconfig:\n"
                + "  scripts.on-failure: " + onFailure + "\n  devices:\n    - adapter: 3\n      behaviour: script:dev.js\nsteps:\n"
                + String.join("", nqaps)
                + "  - name: TAPQ\n    instruction: pqap\n    fc: tapq\n    apqn: \"03.0005\"\n    expect: " + tapq + "\n");
    }

    @Test
    void aThrowingDeviceScriptIsNamedOnItsStepsRowAndTheAdapterIsCheckstopped(@TempDir Path dir) throws Exception {
        Path s = scenario(dir, "checkstop", "{cc: 3, rc: 0x04}", nqap("NQAP throws", "01", "{cc: 3, rc: 0x04}"));
        CliTest.Result r = run("run", "--no-compare", s.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("""
                scenario device-checkstop (%s)
                policy mainline | hook vfio-ap | host ap-instructions=true outer-interpretation=true ic3=false | guest ap apqci apft apqi apxa aiv | matrix 2x2

                STEP  NAME         INSTRUCTION         LEVEL     RULE                       CC  RC    PROGRAM  RESULT
                1     NQAP throws  NQAP 4,6 03.0005    firmware  exec.nqap (script.failed)  3   0x04  -        PASS
                      call failed: dev.js:3:11: Error: short request: 1 byte
                2     TAPQ         PQAP(TAPQ) 03.0005  firmware  exec.tapq                  3   0x04  -        PASS

                SUMMARY: mainline 2 PASS, 0 FAIL (2 steps, 2 checked)

                log under mainline:
                  dev.js:3:11: Error: short request: 1 byte
                      at onRequest (dev.js:3:11)
                """.formatted(s), r.out());
    }

    @Test
    void withBusyEachFailedCallIsNamedOnItsOwnRowAndTheDeviceGoesOn(@TempDir Path dir) throws Exception {
        Path s = scenario(dir, "busy", "{cc: 0, rc: 0x00}", nqap("NQAP throws", "01", "{cc: 3, rc: 0x05}"),
                nqap("NQAP bad reply", "0102", "{cc: 3, rc: 0x05}"), nqap("NQAP echoed", "010203", "{cc: 0}"));
        CliTest.Result r = run("run", "--no-compare", s.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("""
                STEP  NAME            INSTRUCTION         LEVEL     RULE                       CC  RC    PROGRAM  RESULT
                1     NQAP throws     NQAP 4,6 03.0005    firmware  exec.nqap (script.failed)  3   0x05  -        PASS
                      call failed: dev.js:3:11: Error: short request: 1 byte
                2     NQAP bad reply  NQAP 4,6 03.0005    firmware  exec.nqap (script.failed)  3   0x05  -        PASS
                      call failed: dev.js:1: onRequest returned {reply: [256]}: reply[0] is 256, not a byte (0-255)
                3     NQAP echoed     NQAP 4,6 03.0005    firmware  exec.nqap                  0   0x00  -        PASS
                4     TAPQ            PQAP(TAPQ) 03.0005  firmware  exec.tapq                  0   0x00  -        PASS
                """, table(r.out()));
    }

    @Test
    void runJsonHasTheFailedCallsOnTheStepAndKeepsTheDecidingRule(@TempDir Path dir) throws Exception {
        Path s = scenario(dir, "busy", "{cc: 0, rc: 0x00}", nqap("NQAP throws", "01", "{cc: 3, rc: 0x05}"),
                nqap("NQAP bad reply", "0102", "{cc: 3, rc: 0x05}"));
        CliTest.Result r = run("run", "--json", "--no-compare", s.toString());
        assertEquals(0, r.exit(), r.err());
        JsonDocumentsTest.assertValid("run", r.out());
        JsonNode steps = MAPPER.readTree(r.out()).get("scenarios").get(0).get("runs").get(0).get("steps");
        var ruleAndFailedCalls = MAPPER.createArrayNode();
        for (JsonNode step : steps) {
            var entry = ruleAndFailedCalls.addObject();
            entry.set("rule", step.get("rule"));
            entry.set("failed-calls", step.get("failed-calls"));
        }
        assertEquals(MAPPER.readTree("""
                [{"rule": "exec.nqap", "failed-calls": [{"rule": "script.failed", "error": "dev.js:3:11: Error: short request: 1 byte"}]},
                 {"rule": "exec.nqap", "failed-calls": [{"rule": "script.failed",
                   "error": "dev.js:1: onRequest returned {reply: [256]}: reply[0] is 256, not a byte (0-255)"}]},
                 {"rule": "exec.tapq", "failed-calls": []}]
                """), ruleAndFailedCalls);
    }

    @Test
    void aFailedHookScriptKeepsItsRuleAloneAndHasTheFailedCallInJsonToo(@TempDir Path dir) throws Exception {
        // the hook's failure decided the AQIC (script.failed is the outcome's rule): nothing beside it
        Files.writeString(dir.resolve("hook.js"),
                "export function onAqic(call) { if (call.isc === 5) throw new Error(\"boom in hook\"); return {rc: 0}; }\n");
        Path s = Files.writeString(dir.resolve("hook.yaml"), """
                config:
                  hook: script:hook.js
                steps:
                  - name: AQIC enable
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    ir: true
                    isc: 5
                    nib: 0x1000
                    memory: {0x1000: "00"}
                """);
        CliTest.Result r = run("run", "--no-compare", s.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                STEP  NAME         INSTRUCTION         LEVEL  RULE           CC  RC    PROGRAM  RESULT
                1     AQIC enable  PQAP(AQIC) 03.0005  hook   script.failed  3   0x04  -        -
                      call failed: hook.js:1:58: Error: boom in hook
                """, table(r.out()));
        CliTest.Result json = run("run", "--json", "--no-compare", s.toString());
        JsonNode step = MAPPER.readTree(json.out()).get("scenarios").get(0).get("runs").get(0).get("steps").get(0);
        assertEquals("script.failed", step.get("rule").asText());
        assertEquals(MAPPER.readTree("[{\"rule\": \"script.failed\", \"error\": \"hook.js:1:58: Error: boom in hook\"}]"),
                step.get("failed-calls"));
    }

    /** The step table: from its header to the blank line after it. */
    private static String table(String out) {
        int start = out.indexOf("STEP  ");
        return out.substring(start, out.indexOf("\n\n", start) + 1);
    }
}

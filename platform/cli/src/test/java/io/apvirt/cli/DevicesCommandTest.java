package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apvirt.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apvirt devices} and {@code apvirt run --show-devices}. */
class DevicesCommandTest {

    static final String HEADER =
            "CARD.DOM  TYPE   MODE  STATUS  REQUESTS  PENDING  IRQ  ISC  SAVED-ISC  NIB  REPLIES  DROPPED  REFUSED  BEHAVIOUR  MATRIX\n";

    @Test
    void theDefaultBusIsTwoCex8CcaAdaptersTimesTwoDomains() {
        Result r = run("devices");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(HEADER
                + "03.0005   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "03.0006   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0005   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0006   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "gisc-registrations: none; pinned-pages: 0\n", r.out());
    }

    @Test
    void jsonHasTheSameDataWithNumbersAsNumbersInAFixedKeyOrder() throws Exception {
        Result r = run("devices", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("schema", "apvirt", "policy", "hook", "tick", "queues", "pending-interrupts", "gisc-registrations",
                "pinned-pages"), fields(doc));
        assertEquals(0, doc.get("gisc-registrations").size());
        assertTrue(doc.get("gisc-registrations").isObject());
        assertEquals(0, doc.get("pinned-pages").asInt());
        assertEquals("apvirt.devices/2", doc.get("schema").asText());
        assertEquals("mainline", doc.get("policy").asText());
        assertEquals("vfio-ap", doc.get("hook").asText());
        assertEquals(0, doc.get("tick").asLong());
        assertEquals(0, doc.get("pending-interrupts").size());
        JsonNode queues = doc.get("queues");
        assertEquals(4, queues.size());
        JsonNode q = queues.get(0);
        assertEquals(List.of("apqn", "card", "domain", "type", "generation", "mode", "status", "requests", "pending", "irq",
                "isc", "saved-isc", "nib", "replies", "dropped", "refused", "interrupts-raised", "interrupts-lost", "behaviour",
                "in-matrix"), fields(q));
        assertTrue(q.get("saved-isc").isNull());
        assertTrue(q.get("nib").isNull());
        assertEquals("03.0005", q.get("apqn").asText());
        assertTrue(q.get("card").isInt());
        assertEquals(3, q.get("card").asInt());
        assertEquals(5, q.get("domain").asInt());
        assertEquals("CEX8C", q.get("type").asText());
        assertEquals("CEX8", q.get("generation").asText());
        assertEquals("cca", q.get("mode").asText());
        assertEquals("online", q.get("status").asText());
        assertTrue(q.get("requests").isNumber());
        assertEquals(0, q.get("requests").asLong());
        assertTrue(q.get("pending").isNumber());
        assertTrue(q.get("irq").isBoolean());
        assertFalse(q.get("irq").asBoolean());
        assertTrue(q.get("isc").isNull());
        assertEquals("echo", q.get("behaviour").asText());
        assertTrue(q.get("in-matrix").asBoolean());
        assertEquals("04.0006", queues.get(3).get("apqn").asText());
        assertEquals(r.out(), run("devices", "--json").out(), "deterministic");
    }

    @Test
    void aConfiguredDeviceChangesItsQueues() {
        Result r = run("devices", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].mode=accelerator",
                "--set", "apvirt.devices[0].type=CEX7");
        assertEquals(0, r.exit(), r.err());
        assertEquals("CARD.DOM  TYPE   MODE         STATUS  REQUESTS  PENDING  IRQ  ISC  SAVED-ISC  NIB  REPLIES  DROPPED  REFUSED  BEHAVIOUR  MATRIX\n"
                + "03.0005   CEX7A  accelerator  online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "03.0006   CEX7A  accelerator  online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0005   CEX8C  cca          online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0006   CEX8C  cca          online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "gisc-registrations: none; pinned-pages: 0\n", r.out());
    }

    @Test
    void anEp11AdapterOutsideTheMatrixIsListedAsSuch(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("apvirt.yaml");
        Files.writeString(cfg, """
                apvirt:
                  devices:
                    - adapter: 7
                      type: CEX6
                      mode: ep11
                      domains: [5, 9]
                """);
        Result r = run("devices", "--config", cfg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("04.0006   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "07.0005   CEX6P  ep11  online  0         0        off  -    -          -    0        0        0        echo       no\n"
                + "07.0009   CEX6P  ep11  online  0         0        off  -    -          -    0        0        0        echo       no\n"
                + "gisc-registrations: none; pinned-pages: 0\n"), r.out());
    }

    @Test
    void anInvalidConfigurationExits2LikeRunAndValidate() {
        Result r = run("devices", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].mode=fast");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals("apvirt: invalid configuration (1 problem):\n"
                + "  apvirt.devices[0].mode = fast (from --set): must be one of accelerator, cca, ep11\n"
                + "Nothing ran. Fix the properties above (see the README's configuration reference).\n", r.err());
        Result json = run("devices", "--json", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].mode=fast");
        assertEquals(2, json.exit());
        assertEquals(r.err(), json.err());
        assertEquals(r.err(), run("validate", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].mode=fast").err());
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("devices", "--help");
        assertEquals(0, r.exit());
        for (String option : new String[]{"--json", "--config=FILE", "--set=KEY=VALUE", "--help"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        Result run = run("run", "--help");
        assertTrue(run.out().contains("--show-devices    After each scenario, list its queues"), run.out());
    }

    static final String ONE_NQAP = """
            name: one-nqap
            steps:
              - name: NQAP 16 bytes
                instruction: nqap
                r1: 4
                r2: 6
                apqn: "03.0006"
                psmid: 0x0000000100000001
                address: 0x3000
                length: 16
                expect: {cc: 0, rc: 0}
            """;

    @Test
    void runShowDevicesListsTheQueuesAtTheEndOfEachScenario(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("one-nqap.yaml");
        Files.writeString(s, ONE_NQAP);
        Result r = run("run", "--show-devices", s.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("SUMMARY: mainline 1 PASS, 0 FAIL (1 steps, 1 checked); corrected 1 PASS, 0 FAIL; legacy-abi 1 PASS, 0 FAIL\n"
                + "\n"
                + "devices at the end under mainline (tick 1, pending adapter interruptions: none)\n"
                + HEADER
                + "03.0005   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "03.0006   CEX8C  cca   online  1         1        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0005   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0006   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "gisc-registrations: none; pinned-pages: 0\n"), r.out());
        Result without = run("run", s.toString());
        assertFalse(without.out().contains("CARD.DOM"), without.out());
    }

    @Test
    void runShowDevicesUsesTheSelectedPolicyAndEachScenario(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("one-nqap.yaml");
        Files.writeString(s, ONE_NQAP);
        Result r = run("run", "--show-devices", "--policy", "corrected", s.toString(), CliTest.DEFAULT_SCENARIO);
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().split("devices at the end under corrected ", -1).length - 1, r.out());
        // the default scenario dequeues the reply of its one NQAP
        assertTrue(r.out().endsWith("03.0005   CEX8C  cca   online  1         0        off  -    -          -    1        0        0        echo       yes\n"
                + "03.0006   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0005   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "04.0006   CEX8C  cca   online  0         0        off  -    -          -    0        0        0        echo       yes\n"
                + "gisc-registrations: none; pinned-pages: 0\n"
                + "\nTOTAL: 2 scenarios, 38 steps; corrected 38 PASS, 0 FAIL; legacy-abi 38 PASS, 0 FAIL; mainline 38 PASS, 0 FAIL\n"),
                r.out());
    }

    @Test
    void runJsonShowDevicesAddsADevicesFieldToEachScenario(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("one-nqap.yaml");
        Files.writeString(s, ONE_NQAP);
        Result r = run("run", "--json", "--show-devices", s.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode scenario = new ObjectMapper().readTree(r.out()).get("scenarios").get(0);
        assertEquals(List.of("file", "name", "hook", "runs", "devices"), fields(scenario));
        JsonNode devices = scenario.get("devices");
        assertEquals("mainline", devices.get("policy").asText());
        assertEquals(1, devices.get("tick").asLong());
        JsonNode q = devices.get("queues").get(1);
        assertEquals("03.0006", q.get("apqn").asText());
        assertEquals(1, q.get("requests").asLong());
        assertEquals(1, q.get("pending").asInt());
        assertEquals(0, q.get("replies").asLong());
        Result plain = run("run", "--json", s.toString());
        assertTrue(new ObjectMapper().readTree(plain.out()).get("scenarios").get(0).get("devices").isNull());
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

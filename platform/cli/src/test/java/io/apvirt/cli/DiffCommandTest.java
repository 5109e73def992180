package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apvirt diff} as a user runs it. */
class DiffCommandTest {

    private static final String SOME = "aqic-t,aqic-enable,tapq-t,nqap-odd-r1";

    @Test
    void theTextReportHasTheHeaderTheRowsTheDeparturesAndTheCoverage() {
        CliTest.Result r = run("diff", "--policies", "legacy-abi,mainline,corrected", "--instructions", SOME);
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("apvirt diff: legacy-abi, mainline, corrected over 5,120 classes (1280 configurations x 4 instruction classes)",
                lines[0]);
        assertTrue(r.out().contains("\nWhere the policies differ ("), r.out());
        assertTrue(r.out().contains("""
                r1   legacy-abi: operation, mainline: privileged-operation, corrected: privileged-operation (1,024 classes)
                     when guest.facilities.ap=true and problem-state=true and PQAP(AQIC)*
                r2   legacy-abi: operation, mainline: specification, corrected: specification (512 classes)
                     when guest.facilities.ap=true and guest.facilities.apqi=false and problem-state=false and PQAP(AQIC)*
                r3   legacy-abi: operation, mainline: operation, corrected: privileged-operation (512 classes)
                     when host.outer-interpretation=false and guest.facilities.ap=true and problem-state=true and {tapq-t,
                          nqap-odd-r1}
                """), r.out());
        assertTrue(r.out().contains("\ncorrected: none\n"), r.out());
        assertTrue(r.out().contains("\nRule coverage (classes that reached each rule; "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("spec\\.t-bit-not-tapq +512")), r.out());
    }

    @Test
    void jsonIsByteIdenticalAcrossRunsAndCarriesEveryClassThatDiffersOrDeparts() throws Exception {
        CliTest.Result a = run("diff", "--json", "--instructions", SOME);
        CliTest.Result b = run("diff", "--json", "--instructions", SOME, "--threads", "1");
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out(), b.out());
        JsonDocumentsTest.assertValid("diff", a.out());
        JsonNode doc = new ObjectMapper().readTree(a.out());
        assertEquals("apvirt.diff/1", doc.get("schema").asText());
        assertEquals("[\"corrected\",\"legacy-abi\",\"mainline\"]", doc.get("policies").toString());
        assertEquals(5120, doc.get("totals").get("classes").asInt());
        JsonNode first = doc.get("classes").get(0);
        // catalogue order: tapq-t, aqic-enable, aqic-t, nqap-odd-r1; in the default configuration tapq-t is interpreted
        assertEquals("c000001", first.get("id").asText());
        assertEquals("aqic-enable", first.get("instruction").asText());
        assertEquals("{\"program\":null,\"cc\":0,\"rc\":\"0x00\",\"level\":\"hook\",\"rule\":\"vfio-ap.enable\","
                + "\"via\":\"exec.aqic-hook\",\"text\":\"cc0 0x00\"}", first.get("outcomes").get("corrected").toString());
        assertEquals("{\"program\":\"operation\",\"cc\":null,\"rc\":null,\"level\":\"userspace\","
                + "\"rule\":\"userspace.unknown-instruction\",\"via\":\"legacy.no-handler\",\"text\":\"operation\"}",
                first.get("outcomes").get("legacy-abi").toString());
        assertEquals("{\"instruction\":\"pqap\",\"fc\":\"aqic\",\"apqn\":\"03.0005\",\"ir\":true,\"isc\":3,\"nib\":\"0x1000\"}",
                withoutNameAndPsw(first.get("witness").get("step")));
        assertEquals("[]", first.get("witness").get("setup").toString());
        assertEquals(false, first.get("witness").get("config").get("host.ic3").asBoolean());
        int listed = doc.get("classes").size();
        int expected = 0;
        for (JsonNode c : doc.get("classes")) {
            assertTrue(c.get("differs").asBoolean() || !c.get("departs").isEmpty(), c.get("id").asText());
            expected++;
        }
        assertEquals(expected, listed);
    }

    private static String withoutNameAndPsw(JsonNode step) {
        var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) step.deepCopy());
        copy.remove("name");
        copy.remove("problem-state");
        return copy.toString();
    }

    @Test
    void everyScenarioWrittenForARowPassesUnderApvirtRun(@TempDir Path dir) throws Exception {
        CliTest.Result r = run("diff", "--instructions", "aqic-t,tapq-during-reset,dqap-partial,nqap-full,aqic-disable-long-reset",
                "--scenarios", dir.toString());
        assertEquals(0, r.exit(), r.err());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.sorted().forEach(files::add);
        }
        int rows = (int) r.out().lines().filter(l -> l.matches("r\\d+ +.*")).count();
        assertEquals(rows, files.size(), r.out());
        assertTrue(rows > 3, r.out());
        for (Path f : files) {
            CliTest.Result run = run("run", f.toString());
            assertEquals(0, run.exit(), f + "\n" + Files.readString(f) + "\n" + run.out() + run.err());
            assertTrue(run.out().contains("0 FAIL"), run.out());
        }
    }

    @Test
    void aMatrixThatNeedsApxaIsRefusedBecauseTheSweepTurnsApxaOff() {
        CliTest.Result r = run("diff", "--set", "apvirt.matrix.adapters=3,100");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("apvirt.matrix.adapters[1] = 100 (from --set): APID above 63 needs APXA (CRYCB format 2): "
                + "set apvirt.guest.facilities.apxa=true or use APIDs 0-63 (apvirt diff also sweeps guest.facilities.apxa=false: "
                + "give APIDs up to 63 and APQIs up to 15)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void withJsonABadCommandLineIsAnErrorDocumentOnStdout() {
        CliTest.Result r = run("diff", "--json", "--policies", "nope");
        assertEquals(2, r.exit());
        JsonDocumentsTest.assertValid("error", r.out());
        assertTrue(r.out().contains("\"kind\": \"invalid-command-line\""), r.out());
        assertTrue(r.err().contains("--policies: 'nope' is not a known policy id"), r.err());
    }

    @Test
    void anUnknownPolicyOrInstructionClassIsABadCommandLine() {
        CliTest.Result p = run("diff", "--policies", "mainline,nope");
        assertEquals(2, p.exit());
        assertTrue(p.err().contains("--policies: 'nope' is not a known policy id; known: corrected ("), p.err());
        CliTest.Result i = run("diff", "--instructions", "tapx");
        assertEquals(2, i.exit());
        assertTrue(i.err().contains("--instructions: 'tapx' is not an instruction class; known: tapq, tapq-t,"), i.err());
        CliTest.Result t = run("diff", "--threads", "0");
        assertEquals(2, t.exit());
        assertTrue(t.err().contains("--threads must be 1 or more, not 0"), t.err());
    }
}

package io.apvirt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the README shows is what apvirt does: its real output and its examples stay true. */
class ReadmeTest {

    static final Path README = Path.of("../../README.md");

    /** The fenced block after the first line containing {@code marker}. */
    static String block(String readme, String marker, String fence) {
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README lacks " + marker);
        int start = readme.indexOf(fence + "\n", at) + fence.length() + 1;
        int end = readme.indexOf("\n```", start);
        return readme.substring(start, end + 1);
    }

    @Test
    void theDefaultRunIsTheRealOutput() throws Exception {
        String shown = block(Files.readString(README), "This\nis the real output:", "```");
        CliTest.Result r = CliTest.run("run", CliTest.DEFAULT_SCENARIO);
        assertEquals(0, r.exit(), r.err());
        assertEquals(shown, r.out().replace(CliTest.DEFAULT_SCENARIO, "scripts/scenarios/default.yaml"));
    }

    @Test
    void theScenarioFormatExamplePassesUnderEveryPolicy(@TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        String yaml = block(readme.substring(readme.indexOf("## Scenarios")), "A step:", "```yaml");
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, yaml);
        CliTest.Result r = CliTest.run("run", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("SUMMARY: mainline 3 PASS, 0 FAIL (4 steps, 3 checked); corrected 3 PASS, 0 FAIL; legacy-abi 3 PASS, 0 FAIL"), r.out());
    }

    @Test
    void theDevicesTableIsTheRealOutput() throws Exception {
        String shown = block(Files.readString(README), "apvirt.devices[1].adapter=9 --set apvirt.devices[1].mode=ep11", "```");
        CliTest.Result r = CliTest.run("devices", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].type=CEX7",
                "--set", "apvirt.devices[0].mode=accelerator", "--set", "apvirt.devices[0].behaviour=accelerator",
                "--set", "apvirt.devices[1].adapter=9", "--set", "apvirt.devices[1].mode=ep11", "--set", "apvirt.devices[1].domains=5");
        assertEquals(0, r.exit(), r.err());
        assertEquals(shown, r.out());
    }

    @Test
    void theConformanceRunIsARealRunShortened() throws Exception {
        String readme = Files.readString(README);
        String shown = block(readme.substring(readme.indexOf("## Conformance")), "`scripts/apvirt conformance`, shortened", "```");
        CliTest.Result r = CliTest.run("conformance");
        assertEquals(0, r.exit(), r.err());
        java.util.List<String> real = r.out().lines().toList();
        int at = -1;
        for (String line : shown.lines().toList()) {
            if (line.equals("...")) {
                continue;
            }
            int next = real.subList(at + 1, real.size()).indexOf(line);
            assertTrue(next >= 0, "not in the real output (in this order): " + line);
            at += next + 1;
        }
        assertEquals(real.get(0), shown.lines().findFirst().orElseThrow());
        assertEquals(real.get(real.size() - 1), shown.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void theCatalogueFieldsExampleRunsAsACatalogue(@TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        String yaml = block(readme.substring(readme.indexOf("## Scenarios")), "Three more fields are for `apvirt conformance`", "```yaml");
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, yaml);
        CliTest.Result r = CliTest.run("conformance", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("""
                conformance: catalogue files, 1 file, 1 case, policies corrected, legacy-abi, mainline
                PASS corrected: example/AQIC enable with the T bit (11.5 step 3; table 4.3 row 6)
                XFAIL legacy-abi: example/AQIC enable with the T bit (11.5 step 3; table 4.3 row 6) -- KVM before v5.3: QEMU answers with an operation exception
                XFAIL mainline: example/AQIC enable with the T bit (11.5 step 3; table 4.3 row 6) -- table 4.3 row 6 tests the T bit of AQIC only against facility 15
                SUMMARY: 3 tests, 0 unexpected failures, 2 expected failures, 0 skipped
                """, r.out());
        CliTest.Result run = CliTest.run("run", "--no-compare", "--policy", "corrected", file.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
    }

    @Test
    void theErrorDocumentIsTheRealOutput() throws Exception {
        String readme = Files.readString(README);
        String command = "$ scripts/apvirt run --json --set apvirt.policy=nope\n";
        int start = readme.indexOf(command);
        assertTrue(start >= 0, "README lacks " + command);
        start += command.length();
        String shown = readme.substring(start, readme.indexOf("\n```", start) + 1);
        CliTest.Result r = CliTest.run("run", "--json", "--set", "apvirt.policy=nope", CliTest.DEFAULT_SCENARIO);
        assertEquals(2, r.exit());
        JsonDocumentsTest.assertValid("error", shown);
        // the version and the policies' modules are those of the packaged jar in the README, of the class folders here
        assertEquals(withoutBuild(shown), withoutBuild(r.out()));
    }

    private static String withoutBuild(String json) {
        return json.replaceAll("\"apvirt\": \"[^\"]*\"", "\"apvirt\": VERSION").replaceAll(" \\([^)]*\\)", " (MODULE)");
    }
}

package io.apvirt.cli;

import io.apvirt.engine.internal.arch.ArchitectedRules;
import io.apvirt.engine.internal.conformance.CaseResult;
import io.apvirt.engine.internal.conformance.ConformanceCatalogue;
import io.apvirt.engine.internal.conformance.ConformanceReport;
import io.apvirt.engine.internal.conformance.ConformanceRunner;
import io.apvirt.engine.internal.conformance.Verdict;
import io.apvirt.api.outcome.Rule;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apvirt conformance}: the done-when checks of the built-in catalogue, the reports and the exit codes. */
class ConformanceCommandTest {

    static CliTest.Result run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "conformance";
        System.arraycopy(args, 0, full, 1, args.length);
        return CliTest.run(full);
    }

    static List<String> lines(String out, String verdict) {
        return out.lines().filter(l -> l.startsWith(verdict + " ")).toList();
    }

    /** A user catalogue: one wrong expectation, one recorded departure that passes, one case for an absent hook. */
    static final String WRONG = """
            config:
              hook: none
            steps:
              - name: TAPQ
                cite: 11.5 step 5
                instruction: pqap
                fc: tapq
                apqn: "03.0005"
                expect: {cc: 3, rc: 0x01}
              - name: TAPQ recorded as a departure
                instruction: pqap
                fc: tapq
                apqn: "03.0005"
                expect: {cc: 0}
                xfail-by-policy: {mainline: "not one"}
              - name: needs a hook
                requires: [hook: nope]
                instruction: pqap
                expect: {cc: 0}
            """;

    // ---- the built-in catalogue ------------------------------------------------------------------

    @Test
    void correctedPassesEveryCase() {
        CliTest.Result r = run("--policy", "corrected");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("conformance: built-in catalogue, 25 files, 223 cases, policy corrected", out.get(0));
        assertEquals("SUMMARY: 223 tests, 0 unexpected failures, 0 expected failures, 0 skipped", out.get(out.size() - 1));
        assertEquals(223, lines(r.out(), "PASS").size());
        assertEquals(225, out.size());
        assertTrue(out.contains("PASS corrected: specification/QCI block not doubleword aligned (11.5 step 3; 2.2 fc 4)"), r.out());
        assertTrue(out.contains("PASS corrected: priority/QCI misaligned block outside memory (11.5 steps 3 and 4)"), r.out());
    }

    @Test
    void legacyAbiPassesWithItsDeparturesAsXfail() {
        CliTest.Result r = run("--policy", "legacy-abi");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("SUMMARY: 223 tests, 0 unexpected failures, 73 expected failures, 0 skipped\n"), r.out());
        List<String> xfail = lines(r.out(), "XFAIL");
        assertEquals(73, xfail.size());
        assertEquals(150, lines(r.out(), "PASS").size());
        assertTrue(xfail.contains("XFAIL legacy-abi: vfio-ap/AQIC enable (11.6; 6.1; 3) -- KVM before v5.3 has no handler (11.4): "
                + "the intercepted AQIC goes to QEMU, which answers with an operation exception (4.5, 4.6)"), r.out());
        for (String line : xfail) {
            assertTrue(line.contains(" -- ") && line.contains("legacy-abi") && line.matches(".*\\(11\\.4\\).*|.*under legacy-abi \\(11\\.4\\).*"),
                    line);
        }
    }

    @Test
    void mainlinePassesWithItsDeparturesAsXfailCitingTable43() {
        CliTest.Result r = run("--policy", "mainline");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("SUMMARY: 223 tests, 0 unexpected failures, 37 expected failures, 0 skipped\n"), r.out());
        List<String> xfail = lines(r.out(), "XFAIL");
        assertEquals(37, xfail.size());
        Pattern cites = Pattern.compile(" -- .*(table 4\\.3 row \\d+|table 4\\.6 row 'APIE but EE=0')");
        for (String line : xfail) {
            assertTrue(cites.matcher(line).find(), "the reason cites no row of table 4.3 or 4.6: " + line);
        }
        assertTrue(xfail.contains("XFAIL mainline: eeca28-off/TAPQ (11.3; 11.5 step 5; 2.4) -- with EECA.28 = 0 every PQAP intercepts "
                + "(4.1 item 3) and table 4.3 row 3 sends every fc but AQIC to QEMU: operation exception (4.6, 8)"), r.out());
        assertTrue(xfail.contains("XFAIL mainline: aqic-no-hook/AQIC enable (11.5 step 5; 3; table 4.3 row 10) -- table 4.3 row 10: "
                + "handle_pqap copies the status word into GR1 bits 0-31 and keeps the low word (no-hook-status: kernel, 9.3)"), r.out());
        // the option no-hook-status: architected turns row 10 into the architected placement
        assertTrue(r.out().contains("PASS mainline: aqic-no-hook-architected/AQIC enable (11.5 step 5; 3; table 4.3 row 10; 11.4)\n"));
    }

    @Test
    void everyPolicyByDefaultInIdOrderCaseByCase() {
        CliTest.Result r = run();
        assertEquals(0, r.exit(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("conformance: built-in catalogue, 25 files, 223 cases, policies corrected, legacy-abi, mainline", out.get(0));
        assertEquals("SUMMARY: 669 tests, 0 unexpected failures, 110 expected failures, 0 skipped", out.get(out.size() - 1));
        assertEquals(List.of("PASS corrected: priority/problem state before reserved GR0 bits (11.5 steps 2 and 3)",
                "PASS legacy-abi: priority/problem state before reserved GR0 bits (11.5 steps 2 and 3)",
                "PASS mainline: priority/problem state before reserved GR0 bits (11.5 steps 2 and 3)"), out.subList(1, 4));
        CliTest.Result again = run();
        assertEquals(r.out(), again.out());
    }

    @Test
    void policiesRunInTheOrderGiven() {
        CliTest.Result r = run("--policy", "mainline", "--policy", "corrected");
        assertEquals(0, r.exit(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("conformance: built-in catalogue, 25 files, 223 cases, policies mainline, corrected", out.get(0));
        assertTrue(out.get(1).startsWith("PASS mainline: priority/"), out.get(1));
        assertTrue(out.get(2).startsWith("PASS corrected: priority/"), out.get(2));
        CliTest.Result twice = run("--policy", "mainline", "--policy", "mainline");
        assertEquals(2, twice.exit());
        assertEquals("apvirt: --policy mainline is given twice; give each policy once\nNothing ran.\n", twice.err());
    }

    @Test
    void theCatalogueCoversEveryArchitectedRuleUnderCorrected() {
        Set<String> fired = new TreeSet<>();
        try (Session session = new Session()) {
            ConformanceReport report = new ConformanceRunner(session.registry().catalog(),
                    ConformanceRunner.container(session.configuration(), session.machines()))
                    .run(ConformanceCatalogue.builtIn(), List.of("corrected"));
            for (CaseResult c : report.results()) {
                assertEquals(Verdict.PASS, c.verdict(), c.kase().title());
                fired.add(c.execution().outcome().rule().id());
                if (c.execution().outcome().via() != null) {
                    fired.add(c.execution().outcome().via().id());
                }
            }
        }
        Set<String> missing = new TreeSet<>(ArchitectedRules.ALL.stream().map(Rule::id).toList());
        missing.removeAll(fired);
        assertEquals(Set.of(), missing, "rules no case of the built-in catalogue reaches under corrected");
    }

    // ---- TAP ----------------------------------------------------------------------------------------

    @Test
    void tapIsVersion13WithAPlanAndDirectives() {
        CliTest.Result r = run("--tap", "--policy", "legacy-abi");
        assertEquals(0, r.exit(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("TAP version 13", out.get(0));
        assertEquals("1..223", out.get(1));
        assertEquals("# conformance: built-in catalogue, 25 files, 223 cases, policy legacy-abi", out.get(2));
        assertEquals("# SUMMARY: 223 tests, 0 unexpected failures, 73 expected failures, 0 skipped", out.get(out.size() - 1));
        List<String> tests = out.stream().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ")).toList();
        assertEquals(223, tests.size());
        for (int i = 0; i < tests.size(); i++) {
            assertTrue(tests.get(i).matches("(not )?ok " + (i + 1) + " - legacy-abi: .*"), tests.get(i));
        }
        List<String> todo = tests.stream().filter(l -> l.startsWith("not ok")).toList();
        assertEquals(73, todo.size());
        todo.forEach(l -> assertTrue(l.contains(" # TODO KVM before v5.3") || l.contains(" # TODO the AQIC enable before"), l));
        int at = out.indexOf("not ok 35 - legacy-abi: privileged/AQIC (11.5 step 2; table 4.3 row 4) # TODO KVM before v5.3 has no "
                + "handler (11.4): the intercepted AQIC goes to QEMU, which answers with an operation exception (4.5, 4.6)");
        assertTrue(at > 0, r.out());
        assertEquals(List.of("  ---", "  verdict: XFAIL", "  policy: \"legacy-abi\"",
                "  file: \"classpath:io/apvirt/conformance/privileged.yaml\"", "  line: 45",
                "  departure: \"KVM before v5.3 has no handler (11.4): the intercepted AQIC goes to QEMU, which answers with an "
                        + "operation exception (4.5, 4.6)\"",
                "  mismatches:", "    - field: \"program\"", "      expected: \"privileged-operation\"", "      got: \"operation\"",
                "  ..."), out.subList(at + 1, at + 12));
    }

    @Test
    void tapOfEveryPolicyPassesProve(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("prove"), "prove (perl) is not on PATH");
        CliTest.Result r = run("--tap");
        assertEquals(0, r.exit(), r.err());
        Path tap = dir.resolve("conformance.tap");
        Files.writeString(tap, r.out());
        Prove p = prove(tap);
        assertEquals(0, p.exit(), p.output());
        assertTrue(p.output().contains("All tests successful."), p.output());
        assertTrue(p.output().contains("Tests=669"), p.output());
    }

    @Test
    void proveFailsOnAFailAndOnAnXpass(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("prove"), "prove (perl) is not on PATH");
        Path file = dir.resolve("wrong.yaml");
        Files.writeString(file, WRONG);
        CliTest.Result r = run("--tap", "--policy", "mainline", file.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("\nnot ok 1 - mainline: wrong/TAPQ (11.5 step 5)\n"), r.out());
        assertTrue(r.out().contains("\nnot ok 2 - mainline: wrong/TAPQ recorded as a departure\n"), r.out());
        assertTrue(r.out().contains("\nok 3 - mainline: wrong/needs a hook # SKIP needs the hook nope, which is not installed "
                + "(installed: none, script, vfio-ap)\n"), r.out());
        Path tap = dir.resolve("wrong.tap");
        Files.writeString(tap, r.out());
        Prove p = prove(tap);
        assertEquals(1, p.exit(), p.output());
        assertTrue(p.output().contains("Failed tests:  1-2"), p.output());
    }

    record Prove(int exit, String output) {
    }

    static Prove prove(Path tap) throws Exception {
        Process process = new ProcessBuilder("prove", "-e", "cat", tap.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "prove did not end");
        return new Prove(process.exitValue(), output);
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    // ---- JUnit XML ----------------------------------------------------------------------------------

    static Document parse(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    static List<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i)).toList();
    }

    @Test
    void junitHasOneSuitePerPolicyWithTheCounts(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("conformance.xml");
        CliTest.Result r = run("--junit", xml.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("conformance: built-in catalogue"), r.out());
        Element root = parse(xml).getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("669", root.getAttribute("tests"));
        assertEquals("0", root.getAttribute("failures"));
        assertEquals("110", root.getAttribute("skipped"));
        List<Element> suites = elements(root, "testsuite");
        assertEquals(List.of("corrected", "legacy-abi", "mainline"), suites.stream().map(s -> s.getAttribute("name")).toList());
        assertEquals(List.of("223", "223", "223"), suites.stream().map(s -> s.getAttribute("tests")).toList());
        assertEquals(List.of("0", "0", "0"), suites.stream().map(s -> s.getAttribute("failures")).toList());
        assertEquals(List.of("0", "73", "37"), suites.stream().map(s -> s.getAttribute("skipped")).toList());
        for (Element suite : suites) {
            List<Element> cases = elements(suite, "testcase");
            assertEquals(223, cases.size());
            assertEquals(Integer.parseInt(suite.getAttribute("skipped")), elements(suite, "skipped").size());
            assertEquals(0, elements(suite, "failure").size());
            String policy = suite.getAttribute("name");
            cases.forEach(c -> assertTrue(c.getAttribute("classname").startsWith(policy + "."), c.getAttribute("classname")));
            elements(suite, "skipped").forEach(s -> assertTrue(s.getAttribute("message").startsWith("expected failure: "),
                    s.getAttribute("message")));
        }
        Element first = elements(suites.get(0), "testcase").get(0);
        assertEquals("corrected.priority", first.getAttribute("classname"));
        assertEquals("problem state before reserved GR0 bits (11.5 steps 2 and 3)", first.getAttribute("name"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(xml), files.toList(), "a temporary file was left behind");
        }
    }

    @Test
    void junitShowsFailuresXpassesAndSkips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wrong.yaml");
        Files.writeString(file, WRONG);
        Path xml = dir.resolve("out.xml");
        CliTest.Result r = run("--policy", "mainline", "--junit", xml.toString(), file.toString());
        assertEquals(1, r.exit(), r.err());
        Element suite = elements(parse(xml).getDocumentElement(), "testsuite").get(0);
        assertEquals("mainline", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        List<Element> failures = elements(suite, "failure");
        assertEquals("cc: expected 3, got 0; rc: expected 0x01, got 0x00", failures.get(0).getAttribute("message"));
        assertEquals("FAIL", failures.get(0).getAttribute("type"));
        assertEquals(file + ":4: cc: expected 3, got 0\nrc: expected 0x01, got 0x00", failures.get(0).getTextContent());
        assertEquals("XPASS", failures.get(1).getAttribute("type"));
        assertEquals("passed, but the catalogue records a departure of mainline: not one", failures.get(1).getAttribute("message"));
        assertEquals("needs the hook nope, which is not installed (installed: none, script, vfio-ap)",
                elements(suite, "skipped").get(0).getAttribute("message"));
    }

    @Test
    void junitIsNotWrittenWhenNothingRuns(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "steps:\n  - instruction: pqap\n    colour: blue\n");
        Path xml = dir.resolve("out.xml");
        Files.writeString(xml, "old");
        CliTest.Result r = run("--junit", xml.toString(), bad.toString());
        assertEquals(2, r.exit());
        assertEquals("old", Files.readString(xml));
        CliTest.Result nowhere = run("--junit", dir.resolve("no/such/folder/out.xml").toString());
        assertEquals(2, nowhere.exit());
        assertEquals("apvirt: --junit " + dir.resolve("no/such/folder/out.xml") + ": the folder " + dir.resolve("no/such/folder")
                + " does not exist or is not writable\nNothing ran.\n", nowhere.err());
        assertEquals("", nowhere.out());
        CliTest.Result folder = run("--junit", dir.toString());
        assertEquals(2, folder.exit());
        assertEquals("apvirt: --junit " + dir + ": is a folder; name the file to write\nNothing ran.\n", folder.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(bad, xml), Set.copyOf(files.toList()));
        }
    }

    // ---- user catalogues and exit codes -----------------------------------------------------------

    @Test
    void aWrongExpectationExits1WithAFailLineNamingExpectedAndActual(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wrong.yaml");
        Files.writeString(file, WRONG);
        CliTest.Result r = run(file.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("""
                conformance: catalogue files, 1 file, 3 cases, policies corrected, legacy-abi, mainline
                FAIL corrected: wrong/TAPQ (11.5 step 5) -- cc: expected 3, got 0; rc: expected 0x01, got 0x00
                FAIL legacy-abi: wrong/TAPQ (11.5 step 5) -- cc: expected 3, got 0; rc: expected 0x01, got 0x00
                FAIL mainline: wrong/TAPQ (11.5 step 5) -- cc: expected 3, got 0; rc: expected 0x01, got 0x00
                PASS corrected: wrong/TAPQ recorded as a departure
                PASS legacy-abi: wrong/TAPQ recorded as a departure
                XPASS mainline: wrong/TAPQ recorded as a departure -- passed, but the catalogue records a departure of mainline: not one
                SKIP corrected: wrong/needs a hook -- needs the hook nope, which is not installed (installed: none, script, vfio-ap)
                SKIP legacy-abi: wrong/needs a hook -- needs the hook nope, which is not installed (installed: none, script, vfio-ap)
                SKIP mainline: wrong/needs a hook -- needs the hook nope, which is not installed (installed: none, script, vfio-ap)
                SUMMARY: 9 tests, 4 unexpected failures, 0 expected failures, 3 skipped
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void anAllSkippedRunExits77(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("skipped.yaml");
        Files.writeString(file, """
                requires: [hook: nope]
                config:
                  hook: nope
                steps:
                  - instruction: pqap
                    expect: {cc: 0}
                """);
        CliTest.Result r = run("--policy", "corrected", file.toString());
        assertEquals(77, r.exit(), r.out() + r.err());
        assertEquals("""
                conformance: catalogue files, 1 file, 1 case, policy corrected
                SKIP corrected: skipped/step 1 -- needs the hook nope, which is not installed (installed: none, script, vfio-ap)
                SUMMARY: 1 tests, 0 unexpected failures, 0 expected failures, 1 skipped
                """, r.out());
    }

    @Test
    void aFileWithoutCasesCountsAsAFileAndNothingRanExits77(@TempDir Path dir) throws Exception {
        Path setup = dir.resolve("setup.yaml");
        Files.writeString(setup, "config: {hook: none}\nsteps: [{instruction: pqap, fc: rapq, apqn: \"03.0005\"}]\n");
        CliTest.Result r = run("--policy", "corrected", setup.toString());
        assertEquals(77, r.exit(), r.out() + r.err());
        assertEquals("conformance: catalogue files, 1 file, 0 cases, policy corrected\n"
                + "SUMMARY: 0 tests, 0 unexpected failures, 0 expected failures, 0 skipped\n", r.out());
    }

    @Test
    void aCatalogueWithRecordedDeparturesOnlyExits0(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known.yaml");
        Files.writeString(file, """
                config: {hook: none}
                steps:
                  - name: AQIC problem state
                    instruction: pqap
                    fc: aqic
                    apqn: "03.0005"
                    problem-state: true
                    expect: {program: privileged-operation}
                    xfail-by-policy: {legacy-abi: "QEMU: operation exception"}
                """);
        CliTest.Result r = run("--policy", "legacy-abi", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("XFAIL legacy-abi: known/AQIC problem state -- QEMU: operation exception\n", r.out().lines().toList().get(1) + "\n");
    }

    @Test
    void anInvalidCatalogueExits2WithFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "steps:\n  - instruction: pqap\n    expect: {cc: 0}\n    xfail-by-polcy: {mainline: why}\n");
        CliTest.Result r = run(bad.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("apvirt: invalid catalogue: " + bad
                + ":4: steps[1].xfail-by-polcy: unknown field; did you mean xfail-by-policy? allowed here: "), r.err());
        assertTrue(r.err().endsWith("\nNothing ran.\n"), r.err());
        Path unknownPolicy = dir.resolve("policy.yaml");
        Files.writeString(unknownPolicy, "steps:\n  - instruction: pqap\n    expect: {cc: 0}\n    xfail-by-policy:\n      mainlin: why\n");
        CliTest.Result p = run(unknownPolicy.toString());
        assertEquals(2, p.exit());
        assertTrue(p.err().startsWith("apvirt: invalid catalogue: " + unknownPolicy
                + ":5: steps[1].xfail-by-policy: 'mainlin' is not a known policy id; known: corrected ("), p.err());
        Path badConfig = dir.resolve("config.yaml");
        Files.writeString(badConfig, "config:\n  guest.memory: lots\nsteps:\n  - instruction: pqap\n    expect: {cc: 0}\n");
        CliTest.Result c = run(badConfig.toString());
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("apvirt.guest.memory = lots (from scenario " + badConfig + "): is not a size"), c.err());
        assertEquals("", c.out());
    }

    @Test
    void anUnknownPolicyExits2ListingTheKnownIds() {
        CliTest.Result r = run("--policy", "nope");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        String module = "\\((apvirt-policy-%1$s-[0-9A-Za-z.-]+\\.jar|policies/%1$s/target/classes)\\)";
        assertTrue(Pattern.compile("^apvirt: --policy nope: is not a known policy id; known: corrected " + module.formatted("corrected")
                + ", legacy-abi " + module.formatted("legacy-abi") + ", mainline " + module.formatted("mainline") + "\nNothing ran.\n$")
                .matcher(r.err()).find(), r.err());
    }

    @Test
    void helpNamesTheCommandAndItsExitCodes() {
        CliTest.Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Without CATALOGUE: the built-in catalogue. With CATALOGUE files"), r.out());
        assertTrue(r.out().contains("77   every case was skipped"), r.out());
        CliTest.Result top = CliTest.run("--help");
        assertTrue(top.out().contains("conformance"), top.out());
    }
}

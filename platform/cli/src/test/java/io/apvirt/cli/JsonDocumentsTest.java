package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.apvirt.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.apvirt.cli.CliTest.DEFAULT_SCENARIO;
import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code --json} documents: each validates against its schema in docs/schemas, carries its
 * {@code schema} version, is byte-identical from one run (and one JVM) to the next, and an
 * error is a document too.
 */
class JsonDocumentsTest {

    static final Path SCHEMAS = Path.of("../../docs/schemas");
    static final Path SCENARIOS = Path.of("../../scripts/scenarios");
    /** Draft 2020-12; the meta-schemas come from the validator's jar, a file: reference (devices.schema.json#...) from the file. */
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.resourceLoaders(loaders -> loaders.add(iri -> iri.toString().startsWith("file:")
                    ? () -> Files.newInputStream(Path.of(URI.create(iri.toString()))) : null)));
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The violations of {@code json} against docs/schemas/NAME.schema.json, empty when it is valid. */
    static List<String> violations(String name, String json) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMAS.resolve(name + ".schema.json").toAbsolutePath().normalize().toUri().toString()));
        return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    static void assertValid(String name, String json) {
        assertEquals(List.of(), violations(name, json), json);
    }

    @Test
    void everySchemaFileIsADraft202012SchemaTheMetaSchemaAccepts() throws Exception {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            for (Path file : files.sorted().toList()) {
                names.add(file.getFileName().toString());
                String text = Files.readString(file);
                assertEquals("https://json-schema.org/draft/2020-12/schema", MAPPER.readTree(text).get("$schema").asText(), file.toString());
                assertEquals(List.of(), meta.validate(text, InputFormat.JSON).stream().map(Object::toString).toList(), file.toString());
            }
        }
        assertEquals(List.of("bench-vectors.schema.json", "devices.schema.json", "diff.schema.json", "error.schema.json", "policies.schema.json",
                "run.schema.json", "stress.schema.json"), names);
        // the validator does check: a document of the wrong shape is refused
        assertTrue(violations("devices", "{\"schema\": \"apvirt.devices/1\"}").size() > 0);
        assertTrue(meta.validate("{\"type\": 12}", InputFormat.JSON).size() > 0);
    }

    /** Every shipped scenario, copied with the scripts they use (hooks/x.js: relative to the scenario's folder). */
    @Test
    void runJsonOfEveryShippedScenarioValidatesAndCarriesItsSchemaVersion(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--json", "--show-devices", "--no-compare")); // fast; compared below
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                args.add(Files.copy(f, dir.resolve(f.getFileName())).toString());
            }
        }
        Files.createDirectory(dir.resolve("hooks"));
        try (Stream<Path> files = Files.list(SCENARIOS.resolveSibling("hooks"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve("hooks").resolve(f.getFileName()));
            }
        }
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertValid("run", r.out());
        JsonNode doc = MAPPER.readTree(r.out());
        assertEquals("apvirt.run/3", doc.get("schema").asText());
        assertEquals(args.size() - 4, doc.get("scenarios").size());
        assertTrue(r.out().endsWith("}\n"), "one trailing newline");
    }

    @Test
    void devicesAndPoliciesJsonValidateAndCarryTheirSchemaVersion() throws Exception {
        Result devices = run("devices", "--json", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].mode=ep11");
        assertEquals(0, devices.exit(), devices.err());
        assertValid("devices", devices.out());
        assertEquals("apvirt.devices/2", MAPPER.readTree(devices.out()).get("schema").asText());
        Result policies = run("policies", "--json");
        assertEquals(0, policies.exit(), policies.err());
        assertValid("policies", policies.out());
        JsonNode doc = MAPPER.readTree(policies.out());
        assertEquals("apvirt.policies/3", doc.get("schema").asText());
        assertEquals("loaded", mainlineState(doc));
        JsonNode mainline = doc.get("policies").get(2);
        assertEquals("mainline", mainline.get("id").asText());
        JsonNode cc = mainline.get("options").get(1);
        assertEquals("{\"name\":\"cc-after-hook\",\"type\":\"choice\",\"default\":\"kernel\",\"accepted\":\"one of kernel | set | unchanged\","
                + "\"values\":[\"kernel\",\"set\",\"unchanged\"],\"min\":null,\"max\":null,\"description\":" + cc.get("description") + "}", cc.toString());
        JsonNode maxIsc = doc.get("hooks").get(1).get("options").get(3);
        assertEquals("{\"name\":\"max-isc\",\"type\":\"number\",\"default\":\"7\",\"accepted\":\"a whole number from 0 to 7\","
                + "\"values\":null,\"min\":0,\"max\":7,\"description\":" + maxIsc.get("description") + "}", maxIsc.toString());
    }

    private static String mainlineState(JsonNode doc) {
        return doc.get("policies").get(2).get("state").asText();
    }

    @Test
    void componentsJsonIsThePoliciesDocumentWithTheBehaviours() throws Exception {
        Result components = run("components", "--json");
        assertEquals(0, components.exit(), components.err());
        assertValid("policies", components.out());
        assertEquals(run("policies", "--json").out(), components.out());
        JsonNode doc = MAPPER.readTree(components.out());
        JsonNode echo = null;
        for (JsonNode b : doc.get("behaviours")) {
            if (b.get("id").asText().equals("echo")) {
                echo = b;
            }
        }
        assertTrue(echo != null, components.out());
        assertEquals("behaviour loaded [] null", echo.get("kind").asText() + " " + echo.get("state").asText() + " "
                + echo.get("options") + " " + echo.get("failure"));
        // a failed component must carry its reason
        assertTrue(violations("policies", components.out().replaceFirst("\"state\": \"loaded\"", "\"state\": \"failed\"")).size() > 0);
    }

    @Test
    void eachDocumentIsByteIdenticalFromOneRunToTheNext() {
        for (String[] args : COMMANDS) {
            Result a = run(args);
            Result b = run(args);
            assertEquals(0, a.exit(), a.err());
            assertEquals(a.out(), b.out(), String.join(" ", args));
            assertValid(args[0], a.out());
        }
    }

    static final String[][] COMMANDS = {{"run", "--json", "--show-devices", DEFAULT_SCENARIO}, {"devices", "--json"}, {"policies", "--json"}};

    /** Prints the {@link #COMMANDS}' output: the other JVM of {@link #eachDocumentIsByteIdenticalInAnotherJvm}. */
    public static final class PrintDocuments {
        public static void main(String[] ignored) {
            ApvirtCli.quietLibraryLogging();
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            for (String[] args : COMMANDS) {
                ApvirtCli.execute(args, out, new PrintWriter(System.err, true));
            }
            out.flush();
        }
    }

    /**
     * Identity hash codes and the iteration order of {@code Map.of} change from one JVM to the
     * next: another JVM prints the same bytes as this one. (Json refuses maps without a fixed
     * order, see JsonTest; this is the end-to-end check.)
     */
    @Test
    void eachDocumentIsByteIdenticalInAnotherJvm() throws Exception {
        StringWriter here = new StringWriter();
        for (String[] args : COMMANDS) {
            assertEquals(0, ApvirtCli.execute(args, new PrintWriter(here, true), new PrintWriter(new StringWriter(), true)));
        }
        Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), PrintDocuments.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(other.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue());
        assertEquals(here.toString(), out);
    }

    @Test
    void aFailedExpectationIsStructured(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("wrong.yaml");
        Files.writeString(s, """
                steps:
                  - name: TAPQ
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 3, rc: 0x01, level: kvm}
                """);
        Result r = run("run", "--json", "--no-compare", s.toString());
        assertEquals(1, r.exit(), r.err());
        assertValid("run", r.out());
        JsonNode step = MAPPER.readTree(r.out()).get("scenarios").get(0).get("runs").get(0).get("steps").get(0);
        assertEquals("FAIL", step.get("result").asText());
        assertEquals(MAPPER.readTree("""
                [{"field": "cc", "expected": "3", "actual": "0", "text": "cc: expected 3, got 0"},
                 {"field": "rc", "expected": "0x01", "actual": "0x00", "text": "rc: expected 0x01, got 0x00"},
                 {"field": "level", "expected": "kvm", "actual": "firmware", "text": "level: expected kvm, got firmware"}]
                """), step.get("mismatches"));
        assertEquals(MAPPER.readTree("""
                {"program": null, "cc": 3, "rc": "0x01", "irq": null, "level": "kvm", "rule": null, "regs": null,
                 "psmid": null, "nib": null, "pending-isc": null, "memory": null, "gisc-registrations": null, "pinned-pages": null}
                """), step.get("expected"));
        assertEquals(MAPPER.readTree("""
                {"checked": 1, "failed": 1, "selected-checked": 1, "selected-failed": 1, "all-policies": false, "exit": 1}
                """), MAPPER.readTree(r.out()).get("summary"));
    }

    @Test
    void anInvalidConfigurationWithJsonIsAnErrorDocumentOnStdoutAndTheTextOnStderr() throws Exception {
        Result text = run("run", "--set", "apvirt.policy=nope", DEFAULT_SCENARIO);
        for (String[] command : new String[][]{{"run", "--json", "--set", "apvirt.policy=nope", DEFAULT_SCENARIO},
                {"devices", "--json", "--set", "apvirt.policy=nope"}}) {
            Result r = run(command);
            assertEquals(2, r.exit(), command[0]);
            assertEquals(text.err(), r.err(), command[0]);
            assertValid("error", r.out());
            JsonNode doc = MAPPER.readTree(r.out());
            assertEquals("apvirt.error/1", doc.get("schema").asText());
            JsonNode error = doc.get("error");
            assertEquals("invalid-configuration", error.get("kind").asText());
            assertEquals(2, error.get("exit").asInt());
            assertEquals("invalid configuration (1 problem)", error.get("message").asText());
            JsonNode problem = error.get("problems").get(0);
            assertEquals("apvirt.policy", problem.get("property").asText());
            assertEquals("nope", problem.get("value").asText());
            assertEquals("--set", problem.get("source").asText());
            assertTrue(problem.get("line").isNull());
            assertTrue(problem.get("message").asText().startsWith("is not a known policy id; known: corrected ("), problem.toString());
        }
    }

    @Test
    void anInvalidScenarioWithJsonNamesTheFileLineAndField(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("bad.yaml");
        Files.writeString(s, "steps:\n  - instruction: pqap\n    fc: tapq\n    colour: blue\n");
        Result r = run("run", "--json", s.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("apvirt: invalid scenario: " + s + ":4: steps[1].colour: unknown field"), r.err());
        assertValid("error", r.out());
        JsonNode error = MAPPER.readTree(r.out()).get("error");
        assertEquals("invalid-scenario", error.get("kind").asText());
        JsonNode problem = error.get("problems").get(0);
        assertEquals("steps[1].colour", problem.get("property").asText());
        assertTrue(problem.get("value").isNull());
        assertEquals(s.toString(), problem.get("source").asText());
        assertEquals(4, problem.get("line").asInt());
        assertTrue(problem.get("message").asText().startsWith("unknown field; allowed here: "), problem.toString());
    }

    @Test
    void anInvalidScenarioWithJsonListsEveryProblem(@TempDir Path dir) throws Exception {
        Path s = Files.writeString(dir.resolve("three.yaml"), CliTest.THREE_MISTAKES);
        Result r = run("run", "--json", s.toString());
        assertEquals(2, r.exit());
        assertValid("error", r.out());
        JsonNode error = MAPPER.readTree(r.out()).get("error");
        assertEquals("invalid-scenario", error.get("kind").asText());
        assertEquals("invalid scenario (3 problems)", error.get("message").asText());
        List<String> problems = new ArrayList<>();
        for (JsonNode p : error.get("problems")) {
            assertTrue(p.get("value").isNull());
            problems.add(p.get("source").asText() + "|" + p.get("line").asInt() + "|" + p.get("property").asText() + "|"
                    + p.get("message").asText());
        }
        assertEquals(List.of(
                s + "|3|steps[1].fcode|unknown field; did you mean fc? allowed here: " + CliTest.STEPS_ALLOWED,
                s + "|7|steps[2].expect.cc|a condition code is 0-3",
                s + "|8|steps[3].instruction|'xqap' is not an AP instruction: write pqap, nqap or dqap"), problems);
    }

    @Test
    void aBadCommandLineWithJsonIsAnErrorDocumentToo() throws Exception {
        Result unknownOption = run("run", "--frobnicate", "--json");
        assertEquals(2, unknownOption.exit());
        assertTrue(unknownOption.err().startsWith("Unknown option: '--frobnicate'"), unknownOption.err());
        assertValid("error", unknownOption.out());
        JsonNode problem = MAPPER.readTree(unknownOption.out()).get("error").get("problems").get(0);
        assertEquals("invalid-command-line", MAPPER.readTree(unknownOption.out()).get("error").get("kind").asText());
        assertEquals("--frobnicate", problem.get("value").asText());
        assertEquals("command line", problem.get("source").asText());
        assertEquals("Unknown option: '--frobnicate'", problem.get("message").asText());

        Result badValue = run("devices", "--json", "--config");
        assertEquals(2, badValue.exit());
        assertValid("error", badValue.out());
        assertEquals("--config", MAPPER.readTree(badValue.out()).get("error").get("problems").get(0).get("property").asText());

        Result inCall = run("bench", "--json", "--pairs", "0");
        assertEquals(2, inCall.exit());
        assertValid("error", inCall.out());
        assertEquals("--pairs must be at least 1, not 0",
                MAPPER.readTree(inCall.out()).get("error").get("problems").get(0).get("message").asText());

        Result withoutJson = run("run", "--frobnicate");
        assertEquals(2, withoutJson.exit());
        assertEquals("", withoutJson.out());
        assertEquals(unknownOption.err(), withoutJson.err());
    }
}

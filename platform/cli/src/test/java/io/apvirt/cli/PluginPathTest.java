package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.cli.CliTest.Result;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Third-party jars on {@code --plugin-path}: a policy compiled here, jarred with its
 * META-INF/beans.xml, is listed by {@code components} and run by {@code run --policy}; a jar
 * that declares a built-in id, or a path entry that is no jar, stops every command with exit 2.
 */
class PluginPathTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    /** A policy that sends every intercept to QEMU under its own rule; {@code description} is a Java expression. */
    static String policySource(String className, String id, String description) {
        return """
                package org.example.plugged;

                import io.apvirt.api.outcome.Rule;
                import io.apvirt.api.policy.InterceptHandler;
                import io.apvirt.api.policy.InterceptPolicy;
                import io.apvirt.api.plugin.ComponentId;
                import io.apvirt.api.plugin.ComponentContext;
                import jakarta.enterprise.context.ApplicationScoped;
                import java.util.List;

                @ApplicationScoped
                @ComponentId("%s")
                public class %s implements InterceptPolicy {
                    static final Rule TO_QEMU = new Rule("plugged.to-qemu", "plugin test", "every intercept to QEMU");

                    public String description() {
                        return %s;
                    }

                    public List<Rule> rules() {
                        return List.of(TO_QEMU);
                    }

                    public InterceptHandler bind(ComponentContext context) {
                        return intercept -> intercept.toUserspace(TO_QEMU);
                    }
                }
                """.formatted(id, className, description);
    }

    /** Compiles the class against apvirt-api and jakarta CDI and jars it with META-INF/beans.xml. */
    static Path pluginJar(Path dir, String jarName, String className, String source) throws IOException {
        Path src = dir.resolve("src-" + className).resolve("org/example/plugged/" + className + ".java");
        Path classes = dir.resolve("classes-" + className);
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = String.join(java.io.File.pathSeparator, location(InterceptPolicy.class), location(ApplicationScoped.class),
                location(jakarta.inject.Qualifier.class));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-proc:none", "-d", classes.toString(), "-cp", classPath, src.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            entry(out, "META-INF/beans.xml", BEANS_XML.getBytes(StandardCharsets.UTF_8));
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                entry(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return jar;
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path plugged(Path dir) throws IOException {
        return pluginJar(dir, "plugged.jar", "Plugged", policySource("Plugged", "plugged", "\"every intercept to QEMU (a plugin)\""));
    }

    static final String SCENARIO = """
            name: plugged
            steps:
              - name: TAPQ configured
                instruction: pqap
                fc: tapq
                apqn: "03.0005"
                expect: {level: firmware, rule: exec.tapq, cc: 0, rc: 0}
              - name: AQIC enable
                instruction: pqap
                fc: aqic
                apqn: "03.0005"
                ir: true
                isc: 3
                nib: 0x1000
                expect: {level: userspace}
            """;

    @Test
    void aPluginPolicyIsListedLoadedAndRuns(@TempDir Path dir) throws Exception {
        Path jar = plugged(dir);
        Result listed = run("--plugin-path", jar.toString(), "components", "--json");
        assertEquals(0, listed.exit(), listed.err());
        JsonDocumentsTest.assertValid("policies", listed.out());
        JsonNode plugged = null;
        for (JsonNode p : MAPPER.readTree(listed.out()).get("policies")) {
            if (p.get("id").asText().equals("plugged")) {
                plugged = p;
            }
        }
        assertTrue(plugged != null, listed.out());
        assertEquals("{\"id\":\"plugged\",\"kind\":\"policy\",\"module\":\"plugged.jar\",\"class\":\"org.example.plugged.Plugged\","
                + "\"description\":\"every intercept to QEMU (a plugin)\",\"options\":[],\"state\":\"loaded\",\"failure\":null}", plugged.toString());

        Path scenario = Files.writeString(dir.resolve("plugged.yaml"), SCENARIO);
        Result r = run("--plugin-path", jar.toString(), "run", "--policy", "plugged", "--no-compare", scenario.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("policy plugged | "), r.out());
        assertTrue(r.out().contains("SUMMARY: plugged 2 PASS, 0 FAIL"), r.out());
        // without the plugin path the id is unknown
        Result without = run("run", "--policy", "plugged", "--no-compare", scenario.toString());
        assertEquals(2, without.exit(), without.err());
    }

    @Test
    void aFolderOfJarsIsAPluginPathEntryAndTheTextListingShowsTheState(@TempDir Path dir) throws Exception {
        plugged(dir);
        Result r = run("--plugin-path=" + dir, "policies");
        assertEquals(0, r.exit(), r.err());
        assertTrue(java.util.regex.Pattern.compile("\npolicy +plugged +loaded +plugged\\.jar +- +every intercept to QEMU \\(a plugin\\)\n")
                .matcher(r.out()).find(), r.out());
    }

    @Test
    void aJarDeclaringABuiltInIdStopsEveryCommandNamingBothJars(@TempDir Path dir) throws Exception {
        Path jar = pluginJar(dir, "impostor.jar", "Impostor", policySource("Impostor", "mainline", "\"not mainline\""));
        // the built-in module: its jar (verify) or its class folder (an IDE); the two are named in the order of their modules
        String builtIn = null;
        for (JsonNode p : MAPPER.readTree(run("components", "--json").out()).get("policies")) {
            if (p.get("id").asText().equals("mainline")) {
                builtIn = p.get("module").asText();
            }
        }
        List<String> both = new java.util.ArrayList<>(List.of("io.apvirt.policy.mainline.MainlinePolicy (" + builtIn + ")",
                "org.example.plugged.Impostor (impostor.jar)"));
        both.sort(java.util.Comparator.comparing(w -> w.substring(w.indexOf('('))));
        String conflict = "policy id 'mainline' is declared twice: " + both.get(0) + " and " + both.get(1)
                + "; remove one of the jars or give one another id";
        for (String[] command : new String[][]{{"run", "--policy", "mainline", CliTest.DEFAULT_SCENARIO}, {"validate"}, {"devices"},
                {"diff", "--instructions", "tapq"}, {"conformance"}, {"rules"}}) {
            String[] args = Stream.concat(Stream.of("--plugin-path", jar.toString()), Stream.of(command)).toArray(String[]::new);
            Result r = run(args);
            assertEquals(2, r.exit(), String.join(" ", command) + ": " + r.err());
            assertEquals("apvirt: invalid plugins (1 problem):\n  " + conflict + "\n"
                    + "Nothing ran. `apvirt components` lists every policy, hook and device behaviour with its jar.\n", r.err(),
                    String.join(" ", command));
            assertEquals("", r.out(), String.join(" ", command));
        }
        Result json = run("--plugin-path", jar.toString(), "run", "--json", CliTest.DEFAULT_SCENARIO);
        assertEquals(2, json.exit());
        JsonDocumentsTest.assertValid("error", json.out());
        assertEquals("invalid-plugins", MAPPER.readTree(json.out()).get("error").get("kind").asText());
        assertEquals(conflict, MAPPER.readTree(json.out()).get("error").get("problems").get(0).get("message").asText());

        // components lists both as failed, and exits 2 too
        Result listed = run("--plugin-path", jar.toString(), "components", "--json");
        assertEquals(2, listed.exit(), listed.err());
        JsonDocumentsTest.assertValid("policies", listed.out());
        List<String> mainlines = new java.util.ArrayList<>();
        for (JsonNode p : MAPPER.readTree(listed.out()).get("policies")) {
            if (p.get("id").asText().equals("mainline")) {
                mainlines.add(p.get("module").asText() + " " + p.get("state").asText() + " " + p.get("failure").asText());
            }
        }
        List<String> expected = new java.util.ArrayList<>(List.of("impostor.jar failed " + conflict, builtIn + " failed " + conflict));
        expected.sort(null);
        assertEquals(expected, mainlines);
        assertTrue(listed.err().contains(conflict), listed.err());
    }

    @Test
    void aPolicyWhoseDescriptionThrowsIsListedFailedAndTheOthersRun(@TempDir Path dir) throws Exception {
        Path jar = pluginJar(dir, "broken.jar", "Broken", policySource("Broken", "broken",
                "(String) (Object) (io.apvirt.api.plugin.ComponentId) null == null ? thrown() : \"\"; }\n"
                        + "    static String thrown() { throw new IllegalStateException(\"no description today\")"));
        Result listed = run("--plugin-path", jar.toString(), "components");
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(java.util.regex.Pattern.compile("\npolicy +broken +failed +broken\\.jar +- +"
                + "its description\\(\\) or options\\(\\) threw java\\.lang\\.IllegalStateException: no description today\n")
                .matcher(listed.out()).find(), listed.out());
        Result r = run("--plugin-path", jar.toString(), "validate", "--set", "apvirt.policy=broken");
        assertEquals(2, r.exit(), r.err());
        assertEquals(0, run("--plugin-path", jar.toString(), "validate").exit());
    }

    @Test
    void aPathEntryThatIsNoJarIsExit2NamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.jar");
        Result r = run("--plugin-path", missing.toString(), "components");
        assertEquals(2, r.exit());
        assertEquals("apvirt: invalid plugin path: --plugin-path: '" + missing + "': no such file or folder; separate entries with ':'\n"
                + "Nothing ran.\n", r.err());
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        r = run("--plugin-path", text.toString(), "run", CliTest.DEFAULT_SCENARIO);
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("apvirt: invalid plugin path: --plugin-path: '" + text + "': not a jar (name a .jar file or a folder of them)"), r.err());
        Path fake = Files.writeString(dir.resolve("fake.jar"), "not a zip");
        r = run("--plugin-path", fake.toString(), "components", "--json");
        assertEquals(2, r.exit());
        JsonDocumentsTest.assertValid("error", r.out());
        JsonNode problem = MAPPER.readTree(r.out()).get("error").get("problems").get(0);
        assertEquals("--plugin-path", problem.get("property").asText());
        assertEquals(fake.toString(), problem.get("value").asText());
        assertTrue(problem.get("message").asText().startsWith("--plugin-path: '" + fake + "': not a jar: it does not open as a zip file"), problem.toString());
    }

    @Test
    void helpShowsThePluginPathAndTheComponentsCommand() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--plugin-path=PATH"), r.out());
        assertTrue(r.out().contains("components, policies"), r.out());
    }

    @Test
    void thePluginPathAloneRunsTheDefaultCommand() {
        assertTrue(ApvirtCli.onlyGlobalOptions(new String[]{}));
        assertTrue(ApvirtCli.onlyGlobalOptions(new String[]{"--plugin-path", "a.jar", "--plugin-path=b"}));
        assertTrue(!ApvirtCli.onlyGlobalOptions(new String[]{"--plugin-path", "a.jar", "policies"}));
        assertTrue(!ApvirtCli.onlyGlobalOptions(new String[]{"--plugin-path"}));
    }
}

package io.apvirt.engine.internal.config;

import io.apvirt.engine.internal.scenario.ScenarioFuzzTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration on mutated configuration files (the built-in defaults plus two devices,
 * mutated as {@link ScenarioFuzzTest} mutates scenarios): it resolves or is refused with every
 * problem in the project's words, never another exception and never SmallRye's or SnakeYAML's text.
 */
class ConfigurationFuzzTest {

    static final String SEED = seed();
    static Path dir;

    static String seed() {
        try (InputStream in = Configuration.class.getClassLoader().getResourceAsStream("apvirt-defaults.yaml")) {
            String defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return defaults.replace("  devices: []\n", """
                      devices:
                        - adapter: 3
                          type: CEX7
                          mode: accelerator
                          queue-depth: 0x8
                          domains: [5, 6]
                          faults: {busy-every: 3, deconfigure-at: never}
                        - adapter: 4
                          behaviour: echo
                    """);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("apvirt-config-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(Arbitraries.just(SEED), Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1)
                .ofMaxSize(6)).as(ScenarioFuzzTest::mutate);
    }

    @Property(tries = 2000)
    void aMutatedConfigurationFileResolvesOrListsItsProblems(@ForAll("mutated") String text) throws IOException {
        assertTrue(SEED.contains("adapter: 3"), "the seed has the devices");
        Path file = dir.resolve("cfg.yaml");
        Files.writeString(file, text);
        String outcome;
        try {
            Configuration.resolve(ConfigLayers.defaults().withConfigFile(file), DeviceConfigurationTest.CATALOG);
            outcome = "resolved";
        } catch (InvalidConfigurationException e) {
            assertFalse(e.problems().isEmpty());
            for (ConfigProblem p : e.problems()) {
                String line = p.render();
                assertFalse(line.contains("SRCFG") || line.contains("Exception") || line.contains("org.yaml"), line);
            }
            outcome = "refused";
        }
        Statistics.collect(outcome);
        Statistics.coverage(c -> {
            c.check("refused").percentage(p -> p > 20);
            c.check("resolved").percentage(p -> p > 1);
        });
    }

    /** Found by the fuzz: a NUL in the file was "is not valid YAML: ReaderException", with no place and no fix. */
    @Property(tries = 1)
    void aCharacterYamlDoesNotAllowIsNamedWithItsOffset() throws IOException {
        Path file = dir.resolve("nul.yaml");
        Files.writeString(file, "apvirt:\n  policy: main\u0000line\n");
        InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigurationException.class,
                () -> Configuration.resolve(ConfigLayers.defaults().withConfigFile(file), DeviceConfigurationTest.CATALOG));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(file + ": is not valid YAML: the character U+0000 at offset 22 is not "
                + "allowed (YAML takes printable characters, tab and line breaks); remove it"),
                e.problems().stream().map(ConfigProblem::render).toList());
    }

    /** SnakeYAML's alias limit (50) let 25 anchors of two aliases each expand to 2^25 nodes: validate hung in SmallRye. */
    @Property(tries = 1)
    void aliasesThatExpandTooFarAreRefusedWithThePlace() throws IOException {
        Path file = dir.resolve("bomb.yaml");
        Files.writeString(file, "apvirt:\n  bomb:\n" + YamlExpansionTest.aliasBomb("    ", 25));
        InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigurationException.class,
                () -> Configuration.resolve(ConfigLayers.defaults().withConfigFile(file), DeviceConfigurationTest.CATALOG));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(file + ":18:10: expands to more than 100,000 YAML nodes through "
                + "anchors and aliases (&name ... *name); write the values out or use fewer aliases"),
                e.problems().stream().map(ConfigProblem::render).toList());
    }

    @Property(tries = 1)
    void theSeedItselfResolves() throws IOException {
        Path file = dir.resolve("seed.yaml");
        Files.writeString(file, SEED);
        Configuration.resolve(ConfigLayers.defaults().withConfigFile(file), DeviceConfigurationTest.CATALOG);
    }

}

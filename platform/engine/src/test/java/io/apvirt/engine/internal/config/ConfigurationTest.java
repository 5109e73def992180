package io.apvirt.engine.internal.config;

import io.apvirt.api.plugin.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationTest {

    static final ComponentCatalog CATALOG = ComponentCatalog.of(List.of(
            ComponentCatalog.policy("mainline", "mainline.jar", "m", List.of(
                    Option.choice("cc-after-hook", "set", List.of("set", "unchanged"), "d"),
                    Option.choice("no-hook-status", "kernel", List.of("kernel", "architected"), "d"))),
            ComponentCatalog.policy("corrected", "corrected.jar", "c", List.of()), ComponentCatalog.hook("vfio-ap", "vfio.jar", List.of())));

    static ApvirtSettings resolve(ConfigLayers layers) {
        return Configuration.resolve(layers, CATALOG);
    }

    static List<ConfigProblem> problems(ConfigLayers layers) {
        return assertThrows(InvalidConfigurationException.class, () -> resolve(layers)).problems();
    }

    @Test
    void defaultsModelAnLparHostAndAFullyFeaturedGuest() {
        ApvirtSettings s = resolve(ConfigLayers.defaults());
        assertEquals("mainline", s.policy());
        assertEquals("vfio-ap", s.hook());
        assertEquals(new ApvirtSettings.Host(true, true, false), s.host());
        assertEquals(new ApvirtSettings.Facilities(true, true, true, true, true), s.guest().facilities());
        assertTrue(s.guest().aiv());
        assertFalse(s.guest().secureExecution());
        assertEquals(64L << 20, s.guest().memory());
        assertEquals(List.of(3, 4), s.matrix().adapters());
        assertEquals(List.of(5, 6), s.matrix().domains());
        assertEquals(List.of(5, 6), s.matrix().controlDomains());
        assertEquals(2, s.bus().resetTicks());
        assertEquals(8, s.bus().queueDepth());
    }

    @Test
    void precedenceIsDefaultsFileScenarioEnvironmentSystemPropertiesSet(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "apvirt:\n  policy: corrected\n  guest:\n    memory: 1MiB\n    aiv: false\n  matrix:\n    adapters: [1, 2]\n");
        ConfigLayers layers = ConfigLayers.defaults().withConfigFile(file);
        ApvirtSettings fromFile = resolve(layers);
        assertEquals("corrected", fromFile.policy());
        assertEquals(1L << 20, fromFile.guest().memory());
        assertEquals(List.of(1, 2), fromFile.matrix().adapters());

        layers = layers.withScenario("s", Map.of("apvirt.guest.memory", "2MiB", "apvirt.matrix.adapters", "7"));
        assertEquals(2L << 20, resolve(layers).guest().memory());
        assertEquals(List.of(7), resolve(layers).matrix().adapters());

        layers = new ConfigLayers(file, "s", Map.of("apvirt.guest.memory", "2MiB"), Map.of("APVIRT_GUEST_MEMORY", "3MiB",
                "APVIRT_GUEST_AIV", "true"), Map.of(), Map.of());
        assertEquals(3L << 20, resolve(layers).guest().memory());
        assertTrue(resolve(layers).guest().aiv());

        layers = new ConfigLayers(file, "s", Map.of(), Map.of("APVIRT_GUEST_MEMORY", "3MiB"),
                Map.of("apvirt.guest.memory", "4MiB"), Map.of());
        assertEquals(4L << 20, resolve(layers).guest().memory());

        layers = layers.withSet("apvirt.guest.memory", "5MiB").withSet("apvirt.policy", "mainline");
        assertEquals(5L << 20, resolve(layers).guest().memory());
        assertEquals("mainline", resolve(layers).policy());
    }

    @Test
    void unknownPolicyNamesTheKnownIdsAndTheirModules() {
        List<ConfigProblem> p = problems(ConfigLayers.defaults().withSet("apvirt.policy", "nope"));
        assertEquals(1, p.size());
        assertEquals("apvirt.policy", p.get(0).property());
        assertEquals("nope", p.get(0).rejectedValue());
        assertEquals("--set", p.get(0).source());
        assertEquals("is not a known policy id; known: corrected (corrected.jar), mainline (mainline.jar)", p.get(0).message());
    }

    @Test
    void apidAbove63WithoutApxaIsRejectedWithItsPath() {
        List<ConfigProblem> p = problems(ConfigLayers.defaults().withSet("apvirt.guest.facilities.apxa", "false")
                .withSet("apvirt.matrix.adapters", "3,200").withSet("apvirt.matrix.domains", "16"));
        assertEquals(List.of("apvirt.matrix.adapters[1]", "apvirt.matrix.domains[0]"), p.stream().map(ConfigProblem::property).toList());
        assertEquals("200", p.get(0).rejectedValue());
        assertEquals("APID above 63 needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use APIDs 0-63",
                p.get(0).message());
        assertEquals("APQI above 15 needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use APQIs 0-15",
                p.get(1).message());
        // with APXA the same values are valid
        assertEquals(List.of(3, 200), resolve(ConfigLayers.defaults().withSet("apvirt.matrix.adapters", "3,200")).matrix().adapters());
    }

    @Test
    void everyViolationIsListedNotOnlyTheFirst() {
        List<ConfigProblem> p = problems(ConfigLayers.defaults()
                .withSet("apvirt.policy", "nope")
                .withSet("apvirt.hook", "magic")
                .withSet("apvirt.guest.aiv", "maybe")
                .withSet("apvirt.guest.memory", "lots")
                .withSet("apvirt.matrix.domains", "5,5,300")
                .withSet("apvirt.policies.mainline.cc-after-hook", "sometimes")
                .withSet("apvirt.policies.mainline.colour", "red")
                .withSet("apvirt.policies.ghost.x", "y")
                .withSet("apvirt.bus.queue-depth", "16")
                .withSet("apvirt.gest.memory", "1"));
        assertEquals(List.of(
                "apvirt.bus.queue-depth = 16 (from --set): must be between 1 and 15 (the 4-bit QD field of TAPQ)",
                "apvirt.gest.memory = 1 (from --set): is not a configuration property; did you mean apvirt.guest.memory?",
                "apvirt.guest.aiv = maybe (from --set): must be true or false",
                "apvirt.guest.memory = lots (from --set): is not a size: write a number of bytes or a number with KiB, MiB, GiB or TiB (for example 64MiB)",
                "apvirt.hook = magic (from --set): is not a known hook id; known: none, vfio-ap (vfio.jar)",
                "apvirt.matrix.domains[1] = 5 (from --set): is listed twice",
                "apvirt.matrix.domains[2] = 300 (from --set): must be less than or equal to 255",
                "apvirt.policies.ghost: configures options of an unknown policy; known: corrected (corrected.jar), mainline (mainline.jar)",
                "apvirt.policies.mainline.cc-after-hook = sometimes (from --set): must be one of set | unchanged",
                "apvirt.policies.mainline.colour = red (from --set): is not an option of policy mainline; its options: cc-after-hook, no-hook-status",
                "apvirt.policy = nope (from --set): is not a known policy id; known: corrected (corrected.jar), mainline (mainline.jar)"),
                p.stream().map(ConfigProblem::render).toList());
    }

    @Test
    void sizesParseWithBinaryUnits() {
        assertEquals(65536, ByteSize.parse("65536"));
        assertEquals(64L << 10, ByteSize.parse("64KiB"));
        assertEquals(64L << 20, ByteSize.parse("64MiB"));
        assertEquals(64L << 20, ByteSize.parse("64M"));
        assertEquals(1L << 30, ByteSize.parse("1GiB"));
        assertEquals("64MiB", ByteSize.format(64L << 20));
        assertEquals("must be at least 4KiB", problems(ConfigLayers.defaults().withSet("apvirt.guest.memory", "100")).get(0).message());
    }

    @Test
    void aYamlErrorInTheFileIsReportedWithTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "apvirt:\n  policy: [unclosed\n");
        assertEquals(List.of(file + ":3:1: is not valid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence started at 2:11)"),
                problems(ConfigLayers.defaults().withConfigFile(file)).stream().map(ConfigProblem::render).toList());
        Files.writeString(file, "apvirt:\n  policy: mainline\n   hook: none\n");
        assertEquals(List.of(file + ":3:8: is not valid YAML: mapping values are not allowed here"),
                problems(ConfigLayers.defaults().withConfigFile(file)).stream().map(ConfigProblem::render).toList());
        Files.writeString(file, "- just\n- a list\n");
        assertEquals(List.of(file + ":1:1: is not a YAML mapping: write the properties under apvirt:, for example apvirt: {policy: mainline}"),
                problems(ConfigLayers.defaults().withConfigFile(file)).stream().map(ConfigProblem::render).toList());
    }

    @Test
    void aMissingFileIsReported(@TempDir Path dir) {
        List<ConfigProblem> p = problems(ConfigLayers.defaults().withConfigFile(dir.resolve("none.yaml")));
        assertEquals("--config", p.get(0).property());
        assertTrue(p.get(0).message().startsWith("cannot read the file (NoSuchFileException"), p.get(0).message());
    }

    @Test
    void unknownKeysInTheFileAreReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "apvirt:\n  guest:\n    facilities:\n      apxb: true\n");
        List<ConfigProblem> p = problems(ConfigLayers.defaults().withConfigFile(file));
        assertEquals("apvirt.guest.facilities.apxb = true (from " + file + "): is not a configuration property; did you mean apvirt.guest.facilities.apxa?",
                p.get(0).render());
    }
}

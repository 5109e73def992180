package io.apvirt.engine.internal.config;

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

/**
 * The mapping {@link ApvirtConfig} and its converters: one number syntax everywhere, nothing
 * capped, lists in every form, the option maps, and problems in the project's words only.
 */
class ConfigMappingTest {

    static ApvirtSettings resolve(ConfigLayers layers) {
        return Configuration.resolve(layers, DeviceConfigurationTest.CATALOG);
    }

    static List<String> problems(ConfigLayers layers) {
        return assertThrows(InvalidConfigurationException.class, () -> resolve(layers)).problems().stream()
                .map(ConfigProblem::render).toList();
    }

    static ConfigLayers set(String... keyValues) {
        ConfigLayers layers = ConfigLayers.defaults();
        for (int i = 0; i < keyValues.length; i += 2) {
            layers = layers.withSet(keyValues[i], keyValues[i + 1]);
        }
        return layers;
    }

    @Test
    void theSeedHasAll64Bits() {
        assertEquals(2147483648L, resolve(set("apvirt.seed", "2147483648")).seed(), "was capped at 2^31-1");
        assertEquals(-1L, resolve(set("apvirt.seed", "18446744073709551615")).seed(), "2^64-1: every bit set");
        assertEquals(0x8000000000000000L, resolve(set("apvirt.seed", "0x8000000000000000")).seed());
        assertEquals(List.of("apvirt.seed = 18446744073709551616 (from --set): is too large: at most 18446744073709551615 (0xffffffffffffffff)"),
                problems(set("apvirt.seed", "18446744073709551616")));
        assertEquals(List.of("apvirt.seed = 0x1_0000_0000_0000_0000 (from --set): is too large: at most 18446744073709551615 (0xffffffffffffffff)"),
                problems(set("apvirt.seed", "0x1_0000_0000_0000_0000")));
        assertEquals(List.of("apvirt.seed = -1 (from --set): must be a whole number (decimal or 0x hex)"),
                problems(set("apvirt.seed", "-1")));
    }

    @Test
    void noNumberIsCappedOrWrapped() {
        assertEquals(List.of(
                        "apvirt.devices[0].adapter = 4294967299 (from --set): is too large: at most 2147483647 (0x7fffffff)",
                        "apvirt.devices[0].faults.busy-every = 0x8000000000000000 (from --set): is too large: at most 9223372036854775807 (0x7fffffffffffffff)",
                        "apvirt.devices[0].faults.deconfigure-at = 18446744073709551615 (from --set): is too large: at most 9223372036854775807 (0x7fffffffffffffff)",
                        "apvirt.matrix.adapters[1] = 4294967296 (from --set): is too large: at most 2147483647 (0x7fffffff)",
                        "apvirt.scripts.timeout = 99999999999999999min (from --set): is too long: a duration is at most 9223372036854775807ms"),
                problems(set("apvirt.devices[0].adapter", "4294967299", "apvirt.devices[0].faults.busy-every", "0x8000000000000000",
                        "apvirt.devices[0].faults.deconfigure-at", "18446744073709551615", "apvirt.matrix.adapters", "3,4294967296",
                        "apvirt.scripts.timeout", "99999999999999999min")));
        assertEquals(List.of("apvirt.bus.reply-latency = 2147483648 (from --set): is too large: at most 2147483647 (0x7fffffff)",
                        "apvirt.guest.memory = 99999999999999999999 (from --set): is too large: a size is at most 9223372036854775807 bytes (8EiB - 1)"),
                problems(set("apvirt.bus.reply-latency", "2147483648", "apvirt.guest.memory", "99999999999999999999")));
    }

    @Test
    void hexNumbersAreAcceptedEverywhere() {
        ApvirtSettings s = resolve(set("apvirt.bus.queue-depth", "0x8", "apvirt.bus.reply-latency", "0x10",
                "apvirt.bus.reset-ticks", "0X3", "apvirt.scripts.statement-limit", "0x100", "apvirt.matrix.adapters", "0x3,0x40",
                "apvirt.devices[0].adapter", "0x40", "apvirt.devices[0].queue-depth", "0xf", "apvirt.devices[0].domains", "[0x5]",
                "apvirt.devices[0].faults.deconfigure-at", "0x20"));
        assertEquals(new ApvirtSettings.Bus(3, 8, 16), s.bus());
        assertEquals(256, s.scripts().statementLimit());
        assertEquals(List.of(3, 64), s.matrix().adapters());
        assertEquals(new ApvirtSettings.Device(64, "CEX8", "cca", 15, 0, List.of(5), 16, 3, "echo",
                new ApvirtSettings.Faults(0, 0, 32, false)), s.devices().get(0));
    }

    @Test
    void aRefusedValueIsOneProblemNotTwo() {
        assertEquals(List.of("apvirt.bus.queue-depth = x (from --set): must be a whole number (decimal or 0x hex)"),
                problems(set("apvirt.bus.queue-depth", "x")));
        assertEquals(List.of("apvirt.guest.facilities.apxa = yes (from --set): must be true or false"),
                problems(set("apvirt.guest.facilities.apxa", "yes", "apvirt.matrix.adapters", "3,200")),
                "the refused apxa stands in as its default (true), not as false: no APID complaint besides");
    }

    @Test
    void listsAreYamlListsOrCommaSeparatedWithOrWithoutBrackets(@TempDir Path dir) throws Exception {
        assertEquals(List.of(7, 8), resolve(set("apvirt.matrix.adapters", "[7, 8]")).matrix().adapters());
        assertEquals(List.of(7, 8), resolve(set("apvirt.matrix.adapters", " 7 ,8 ")).matrix().adapters());
        assertEquals(List.of(), resolve(set("apvirt.matrix.control-domains", "")).matrix().controlDomains());
        assertEquals(List.of(), resolve(set("apvirt.matrix.control-domains", "[]")).matrix().controlDomains());
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "apvirt:\n  matrix:\n    adapters: [1]\n    domains:\n      - 9\n      - 0x0a\n");
        ApvirtSettings s = resolve(ConfigLayers.defaults().withConfigFile(file));
        assertEquals(List.of(1), s.matrix().adapters(), "the file's list replaces the default [3, 4], it is not merged into it");
        assertEquals(List.of(9, 10), s.matrix().domains());
        assertEquals(List.of("apvirt.matrix.domains[1] = x (from scenario s.yaml): must be a whole number (decimal or 0x hex)"),
                problems(ConfigLayers.defaults().withScenario("s.yaml", Map.of("apvirt.matrix.domains", "3,x"))));
    }

    @Test
    void theOptionMapsOfPoliciesHooksAndBehaviours() {
        ApvirtSettings s = resolve(set("apvirt.hooks.vfio-ap.gisc-failure-rc", "0x08", "apvirt.behaviours.accelerator.strict", " true "));
        assertEquals(Map.of("vfio-ap", Map.of("gisc-failure-rc", "0x08")), s.hooks());
        assertEquals(Map.of("accelerator", Map.of("strict", "true")), s.behaviours());
        assertEquals(Map.of(), s.policies());
        assertEquals(List.of("apvirt.plugins.vfio-ap.gisc-failure-rc = 0x08 (from --set): is not a configuration property; "
                        + "did you mean apvirt.hooks.vfio-ap.gisc-failure-rc?"),
                problems(set("apvirt.plugins.vfio-ap.gisc-failure-rc", "0x08")));
        assertEquals(List.of("apvirt.behaviour.accelerator.strict = true (from --set): is not a configuration property; "
                        + "did you mean apvirt.behaviours.accelerator.strict?"),
                problems(set("apvirt.behaviour.accelerator.strict", "true")));
    }

    @Test
    void aCommandLineOptionIsItsOwnSourceAboveSet() {
        ConfigLayers layers = set("apvirt.policy", "mainline").withOption("--policy", ConfigKeys.POLICY, "nope");
        assertEquals(List.of("apvirt.policy = nope (from --policy): is not a known policy id; known: mainline (mainline.jar)"),
                problems(layers));
        assertEquals("mainline", resolve(set("apvirt.policy", "nope").withOption("--policy", ConfigKeys.POLICY, "mainline")).policy());
        assertEquals("--policy", Configuration.sourceOf(layers, ConfigKeys.POLICY));
    }

    @Test
    void emptyAndMisshapenValues() {
        assertEquals(List.of("apvirt.policy =  (from --set): must not be blank"), problems(set("apvirt.policy", "")));
        assertEquals(List.of("apvirt.devices = 3 (from --set): must be a list of device entries, for example [{adapter: 3}]"),
                problems(set("apvirt.devices", "3")));
        assertEquals(List.of("apvirt.devices[0].queue-depth =  (from --set): must be a whole number (decimal or 0x hex)"),
                problems(set("apvirt.devices[0].adapter", "3", "apvirt.devices[0].queue-depth", "")));
    }

    @Test
    void devicesAfterAGapAreCheckedToo() {
        assertEquals(List.of("apvirt.devices[1]: is missing: number the devices 0, 1, 2 ... without gaps (found devices[2])",
                        "apvirt.devices[2].adapter: is missing: each device needs its adapter number (0-255)",
                        "apvirt.devices[2].moed = fast (from --set): is not a configuration property; did you mean apvirt.devices[2].mode?"),
                problems(set("apvirt.devices[0].adapter", "3", "apvirt.devices[2].moed", "fast")));
    }

    @Test
    void theEnvironmentSetsFixedNamesAndDeclaredOptions() {
        ConfigLayers layers = new ConfigLayers(null, null, Map.of(), Map.of("APVIRT_HOOKS_VFIO_AP_GISC_FAILURE_RC", "0x08",
                "APVIRT_SEED", "0x10", "APVIRT_HOME", "/opt/apvirt", "APVIRT_DEVICES_0__ADAPTER", "3"), Map.of(), Map.of());
        ApvirtSettings s = resolve(layers);
        assertEquals(Map.of("vfio-ap", Map.of("gisc-failure-rc", "0x08")), s.hooks());
        assertEquals(16, s.seed());
        assertEquals(List.of(), s.devices(), "device entries come from the file, a scenario, -D or --set");
        assertEquals(List.of("apvirt.hooks.vfio-ap.gisc-failure-rc = 0x07 (from environment): must be one of 0x06 | 0x08"),
                problems(new ConfigLayers(null, null, Map.of(), Map.of("APVIRT_HOOKS_VFIO_AP_GISC_FAILURE_RC", "0x07"),
                        Map.of(), Map.of())));
    }

    @Test
    void anIndexOutOfRangeIsAProblemNotACrash() {
        assertEquals(List.of("apvirt.devices[99999999999].adapter = 3 (from --set): has an index above 255: number the entries 0, 1, 2 ... (a list holds at most 256)",
                        "apvirt.matrix.adapters[256] = 3 (from --set): has an index above 255: number the entries 0, 1, 2 ... (a list holds at most 256)"),
                problems(set("apvirt.devices[99999999999].adapter", "3", "apvirt.matrix.adapters[256]", "3")));
    }

    @Test
    void noSmallRyeMessageReachesTheUser(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("all-wrong.yaml");
        Files.writeString(file, """
                apvirt:
                  policy: {nested: map}
                  host: {ap-instructions: 1, outer-interpretation: on, ic3: "maybe"}
                  guest: {memory: 12XB, facilities: {ap: [true]}}
                  matrix: {adapters: [a, {b: c}], domains: "[1,,2]"}
                  bus: {queue-depth: "", reset-ticks: 1.5, reply-latency: -3}
                  devices:
                    - {adapter: x, type: 7, faults: {deconfigure-at: soon, drop-interrupts: maybe}, domains: [1, y]}
                    - {queue-depth: 0x}
                  seed: 0xg
                  scripts: {timeout: 5h, statement-limit: 1e6, watch: 2}
                  policies: {mainline: {cc-after-hook: [a, b]}}
                  hooks: {vfio-ap: 3}
                """);
        List<String> p = problems(ConfigLayers.defaults().withConfigFile(file));
        assertTrue(p.size() >= 20, p.toString());
        for (String problem : p) {
            assertFalse(problem.contains("SRCFG") || problem.contains("Exception") || problem.contains("java."), problem);
            assertTrue(problem.startsWith("apvirt."), problem);
        }
    }
}

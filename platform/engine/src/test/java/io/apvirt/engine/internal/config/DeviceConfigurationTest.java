package io.apvirt.engine.internal.config;

import io.apvirt.api.plugin.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code apvirt.devices[n]}, {@code apvirt.bus.reply-latency} and {@code apvirt.<kind>s.<id>.<option>}. */
class DeviceConfigurationTest {

    static final ComponentCatalog CATALOG = ComponentCatalog.of(List.of(
            ComponentCatalog.policy("mainline", "mainline.jar", "m", List.of()),
            ComponentCatalog.hook("vfio-ap", "vfio.jar", List.of(Option.choice("gisc-failure-rc", "0x06", List.of("0x06", "0x08"), "d"),
                    Option.number("max-isc", 7, 0, 7, "d"))),
            ComponentCatalog.behaviour("echo", "engine.jar", List.of()),
            ComponentCatalog.behaviour("accelerator", "engine.jar", List.of(Option.flag("strict", false, "d")))));

    static ApvirtSettings resolve(ConfigLayers layers) {
        return Configuration.resolve(layers, CATALOG);
    }

    static List<String> problems(ConfigLayers layers) {
        return assertThrows(InvalidConfigurationException.class, () -> resolve(layers)).problems().stream()
                .map(ConfigProblem::render).toList();
    }

    @Test
    void noDevicesByDefaultAndBusDefaults() {
        ApvirtSettings s = resolve(ConfigLayers.defaults());
        assertEquals(List.of(), s.devices());
        assertEquals(new ApvirtSettings.Bus(2, 8, 1), s.bus());
        assertEquals(Map.of(), s.hooks(), "options not written keep their defaults, filled in when the hook is bound");
    }

    @Test
    void aDeviceFromYamlWithEveryFieldAndAnotherWithDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, """
                apvirt:
                  bus: {queue-depth: 6, reply-latency: 3, reset-ticks: 4}
                  devices:
                    - adapter: 3
                      type: cex5
                      mode: Accelerator
                      queue-depth: 2
                      max-message-length: 1
                      domains: [6, 5]
                      reply-latency: 0
                      reset-ticks: 9
                      behaviour: accelerator
                      faults: {busy-every: 3, checkstop-after: 10, deconfigure-at: 50, drop-interrupts: true}
                    - adapter: 0x10
                """);
        ApvirtSettings s = resolve(ConfigLayers.defaults().withConfigFile(file));
        assertEquals(List.of(
                new ApvirtSettings.Device(3, "CEX5", "accelerator", 2, 1, List.of(6, 5), 0, 9, "accelerator",
                        new ApvirtSettings.Faults(3, 10, 50, true)),
                new ApvirtSettings.Device(16, "CEX8", "cca", 6, 0, List.of(), 3, 4, "echo", ApvirtSettings.Faults.NONE)),
                s.devices());
    }

    @Test
    void setOverridesOneFieldOfADeviceFromTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.yaml");
        Files.writeString(file, "apvirt:\n  devices:\n    - adapter: 3\n      mode: ep11\n");
        ApvirtSettings s = resolve(ConfigLayers.defaults().withConfigFile(file)
                .withSet("apvirt.devices[0].faults.deconfigure-at", "never")
                .withSet("apvirt.devices[0].type", "CEX7"));
        assertEquals(new ApvirtSettings.Device(3, "CEX7", "ep11", 8, 0, List.of(), 1, 2, "echo", ApvirtSettings.Faults.NONE),
                s.devices().get(0));
    }

    @Test
    void everyDeviceProblemIsListedWithItsPropertyPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                apvirt:
                  guest: {facilities: {apxa: false}}
                  devices:
                    - adapter: 70
                      type: CEX9
                      mode: fast
                      queue-depth: 16
                      max-message-length: 16
                      domains: [20]
                      behaviour: nope
                      behavior: echo
                      faults: {busy-every: x}
                    - adapter: 70
                    - type: CEX8
                """);
        String src = file.toString();
        assertEquals(List.of(
                "apvirt.devices[0].adapter = 70 (from " + src + "): APID above 63 needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use adapters 0-63",
                "apvirt.devices[0].behavior = echo (from " + src + "): is not a configuration property; did you mean apvirt.devices[0].behaviour?",
                "apvirt.devices[0].behaviour = nope (from " + src + "): is not a known device behaviour; known: accelerator (engine.jar), echo (engine.jar)",
                "apvirt.devices[0].domains[0] = 20 (from " + src + "): APQI above 15 needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use domains 0-15",
                "apvirt.devices[0].faults.busy-every = x (from " + src + "): must be a whole number (decimal or 0x hex)",
                "apvirt.devices[0].max-message-length = 16 (from " + src + "): must be between 0 and 15 (ML, in 4KiB units; 0 means 12KiB)",
                "apvirt.devices[0].mode = fast (from " + src + "): must be one of accelerator, cca, ep11",
                "apvirt.devices[0].queue-depth = 16 (from " + src + "): must be between 1 and 15 (the 4-bit QD field of TAPQ)",
                "apvirt.devices[0].type = CEX9 (from " + src + "): must be one of CEX4, CEX5, CEX6, CEX7, CEX8",
                "apvirt.devices[1].adapter = 70 (from " + src + "): APID above 63 needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use adapters 0-63",
                "apvirt.devices[1].adapter = 70 (from " + src + "): adapter 70 is configured twice: give each adapter one devices entry",
                "apvirt.devices[2].adapter: is missing: each device needs its adapter number (0-255)"),
                problems(ConfigLayers.defaults().withConfigFile(file)));
    }

    @Test
    void devicesMustBeNumberedWithoutGaps() {
        assertEquals(List.of("apvirt.devices[0]: is missing: number the devices 0, 1, 2 ... without gaps (found devices[1])"),
                problems(ConfigLayers.defaults().withSet("apvirt.devices[1].adapter", "3")));
    }

    @Test
    void hookOptionsAreCheckedAgainstTheHookThatDeclaresThem() {
        assertEquals(Map.of("gisc-failure-rc", "0x08"),
                resolve(ConfigLayers.defaults().withSet("apvirt.hooks.vfio-ap.gisc-failure-rc", "0x08")).hooks().get("vfio-ap"));
        assertEquals(List.of("apvirt.hooks.vfio-ap.gisc-failure-rc = 0x07 (from --set): must be one of 0x06 | 0x08"),
                problems(ConfigLayers.defaults().withSet("apvirt.hooks.vfio-ap.gisc-failure-rc", "0x07")));
        assertEquals(List.of("apvirt.hooks.vfio-ap.max = 3 (from --set): is not an option of hook vfio-ap; its options: gisc-failure-rc, max-isc"),
                problems(ConfigLayers.defaults().withSet("apvirt.hooks.vfio-ap.max", "3")));
        assertEquals(List.of("apvirt.hooks.nope: configures options of an unknown hook; known: none, vfio-ap (vfio.jar)"),
                problems(ConfigLayers.defaults().withSet("apvirt.hooks.nope.x", "1")));
    }

    @Test
    void numberOptionsTakeDecimalOrHexWithinTheirRange() {
        assertEquals(Map.of("max-isc", "0x3"),
                resolve(ConfigLayers.defaults().withSet("apvirt.hooks.vfio-ap.max-isc", "0x3")).hooks().get("vfio-ap"));
        assertEquals(List.of("apvirt.hooks.vfio-ap.max-isc = 8 (from --set): must be a whole number from 0 to 7"),
                problems(ConfigLayers.defaults().withSet("apvirt.hooks.vfio-ap.max-isc", "8")));
        assertEquals(List.of("apvirt.hooks.vfio-ap.max-isc = seven (from --set): must be a whole number from 0 to 7"),
                problems(ConfigLayers.defaults().withSet("apvirt.hooks.vfio-ap.max-isc", "seven")));
    }

    @Test
    void behaviourOptionsAreCheckedLikeEveryOtherComponentsOptions() {
        assertEquals(Map.of("strict", "true"),
                resolve(ConfigLayers.defaults().withSet("apvirt.behaviours.accelerator.strict", "true")).behaviours().get("accelerator"));
        assertEquals(List.of("apvirt.behaviours.accelerator.strict = yes (from --set): must be true or false"),
                problems(ConfigLayers.defaults().withSet("apvirt.behaviours.accelerator.strict", "yes")));
        assertEquals(List.of("apvirt.behaviours.echo.strict = true (from --set): is not an option of device behaviour echo; its options: none"),
                problems(ConfigLayers.defaults().withSet("apvirt.behaviours.echo.strict", "true")));
        assertEquals(List.of("apvirt.behaviours.nope: configures options of an unknown device behaviour; known: accelerator (engine.jar), echo (engine.jar)"),
                problems(ConfigLayers.defaults().withSet("apvirt.behaviours.nope.x", "1")));
    }

    @Test
    void theOldPluginsPrefixPointsAtHooks() {
        assertEquals(List.of("apvirt.plugins.vfio-ap.max-isc = 3 (from --set): is not a configuration property; did you mean apvirt.hooks.vfio-ap.max-isc?"),
                problems(ConfigLayers.defaults().withSet("apvirt.plugins.vfio-ap.max-isc", "3")));
    }
}

package io.apvirt.engine.internal.config;

import io.smallrye.config.source.yaml.YamlConfigSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema is the mapping: the known names, the defaults and the README's reference agree with it. */
class ConfigSchemaTest {

    static final Path README = Path.of("../../README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(apvirt\\.[^`]+)` \\|", Pattern.MULTILINE);

    static Set<String> defaultsFileNames() throws Exception {
        try (InputStream in = Configuration.class.getClassLoader().getResourceAsStream(Configuration.DEFAULTS_RESOURCE)) {
            assertNotNull(in);
            return new TreeSet<>(new YamlConfigSource("d", new String(in.readAllBytes(), StandardCharsets.UTF_8), 1).getPropertyNames());
        }
    }

    @Test
    void theReadmeReferenceListsExactlyTheMappingsProperties() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Configuration reference");
        String table = readme.substring(start, readme.indexOf("\n\n", readme.indexOf("| property |", start)));
        Set<String> generic = new TreeSet<>();
        Set<String> componentOptions = new TreeSet<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            String name = m.group(1);
            boolean concreteOption = !name.contains("<") && ConfigSchema.get().optionMaps().stream().anyMatch(map -> name.startsWith(map + "."));
            assertTrue((concreteOption ? componentOptions : generic).add(name), name + " is listed twice");
        }
        assertEquals(new TreeSet<>(ConfigKeys.all()), generic);
        assertFalse(componentOptions.isEmpty());
        componentOptions.forEach(o -> assertTrue(ConfigKeys.isKnown(o), o));
    }

    @Test
    void namesComeFromTheMapping() {
        assertEquals(List.of("adapter", "behaviour", "domains", "faults.busy-every", "faults.checkstop-after", "faults.deconfigure-at",
                "faults.drop-interrupts", "max-message-length", "mode", "queue-depth", "reply-latency", "reset-ticks", "type"),
                ConfigKeys.DEVICE_FIELDS);
        assertEquals(List.of("apvirt.behaviours", "apvirt.hooks", "apvirt.policies"), ConfigSchema.get().optionMaps());
        for (String name : List.of(ConfigKeys.POLICY, ConfigKeys.HOOK, ConfigKeys.SCRIPTS_WATCH, ConfigKeys.DEVICES,
                ConfigKeys.device(3, "faults.busy-every"), "apvirt.matrix.adapters[1]", "apvirt.devices[0].domains[2]",
                "apvirt.behaviours.echo.delay")) {
            assertTrue(ConfigKeys.isKnown(name), name);
        }
        for (String name : List.of("apvirt.plugins.vfio-ap.max-isc", "apvirt.policy[0]", "apvirt.devices[0].colour",
                "apvirt.policies.mainline", "apvirt.hooks.a.b.c", "apvirt.seed.x")) {
            assertFalse(ConfigKeys.isKnown(name), name);
        }
    }

    @Test
    void theDefaultsFileHoldsOnlyKnownNamesAndEveryRequiredValueOutsideDevices() throws Exception {
        Set<String> names = defaultsFileNames();
        names.forEach(n -> assertTrue(ConfigKeys.isKnown(n), n));
        for (ConfigSchema.Leaf leaf : ConfigSchema.get().leaves()) {
            if (leaf.required() && !leaf.isDeviceField()) {
                assertTrue(names.contains(leaf.name()), leaf.name() + " has no default in " + Configuration.DEFAULTS_RESOURCE);
            }
            if (leaf.defaultValue() != null) {
                leaf.converter().convert(leaf.defaultValue()); // a default that does not convert fails here
            }
            leaf.converter().convert(leaf.converter().placeholder());
        }
        assertEquals("each device needs its adapter number (0-255)", ConfigSchema.get().leaves().stream()
                .filter(ConfigSchema.Leaf::required).filter(ConfigSchema.Leaf::isDeviceField).map(ConfigSchema.Leaf::whenMissing)
                .reduce((a, b) -> a + " / " + b).orElseThrow(), "the one required device field");
    }
}

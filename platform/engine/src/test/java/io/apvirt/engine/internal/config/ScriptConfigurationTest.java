package io.apvirt.engine.internal.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apvirt.seed}, {@code apvirt.scripts.*} and {@code id:file} references with their search path. */
class ScriptConfigurationTest {

    static final ComponentCatalog CATALOG = ComponentCatalog.of(List.of(
            ComponentCatalog.policy("mainline", "mainline.jar", "m", List.of()),
            ComponentCatalog.hook("vfio-ap", "vfio.jar", List.of()), ComponentCatalog.hook("script", "js.jar", List.of()),
            ComponentCatalog.behaviour("echo", "engine.jar", List.of()), ComponentCatalog.behaviour("script", "js.jar", List.of())));

    static List<String> problems(ConfigLayers layers) {
        return assertThrows(InvalidConfigurationException.class, () -> Configuration.resolve(layers, CATALOG)).problems()
                .stream().map(ConfigProblem::render).toList();
    }

    @Test
    void defaults() {
        ApvirtSettings s = Configuration.resolve(ConfigLayers.defaults(), CATALOG);
        assertEquals(0, s.seed());
        assertEquals(new ApvirtSettings.Scripts(100, 1_000_000, "checkstop", false), s.scripts());
    }

    @Test
    void durationsInMsSecondsOrMinutes() {
        for (var c : Map.of("250", 250L, "250ms", 250L, "2s", 2000L, "1min", 60_000L).entrySet()) {
            assertEquals(c.getValue(), Configuration.resolve(ConfigLayers.defaults().withSet("apvirt.scripts.timeout", c.getKey()),
                    CATALOG).scripts().timeout(), c.getKey());
        }
    }

    @Test
    void badScriptSettingsAreListed() {
        assertEquals(List.of(
                        "apvirt.scripts.on-failure = explode (from --set): must be one of checkstop, busy, fail",
                        "apvirt.scripts.statement-limit = 0 (from --set): must be at least 1",
                        "apvirt.scripts.timeout = soon (from --set): must be a duration: a number of ms, or with ms, s or min (100ms, 2s)"),
                problems(ConfigLayers.defaults().withSet("apvirt.scripts.timeout", "soon")
                        .withSet("apvirt.scripts.statement-limit", "0").withSet("apvirt.scripts.on-failure", "explode")));
        assertEquals(List.of("apvirt.scripts.timeout = 11min (from --set): must be between 1ms and 10min (a number of ms, or with ms, s or min)"),
                problems(ConfigLayers.defaults().withSet("apvirt.scripts.timeout", "11min")));
    }

    @Test
    void aScriptIsFoundNextToTheConfigurationFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("hooks/busy.js"), "export function onRequest(r, q) { return {reply: r.message}; }\n");
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "apvirt:\n  hook: script:hooks/busy.js\n  devices:\n    - adapter: 3\n      behaviour: script:hooks/busy.js\n");
        ApvirtSettings s = Configuration.resolve(ConfigLayers.defaults().withConfigFile(config), CATALOG);
        assertEquals("script:hooks/busy.js", s.devices().get(0).behaviour());
        assertEquals(dir.resolve("hooks/busy.js").toAbsolutePath().normalize(),
                ComponentRef.parse(s.devices().get(0).behaviour()).file(s.searchPath()));
        assertEquals(dir.toAbsolutePath().normalize(), s.searchPath().get(0));
    }

    @Test
    void aMissingScriptNamesWhereItWasLookedFor(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "apvirt:\n  hook: script:nope.js\n  devices:\n    - adapter: 3\n      behaviour: script:hooks/missing.js\n");
        List<String> p = problems(ConfigLayers.defaults().withConfigFile(config));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("apvirt.devices[0].behaviour = script:hooks/missing.js (from " + config
                + "): names the file hooks/missing.js, which does not exist; looked in the working directory "
                + Path.of("").toAbsolutePath() + ", then " + dir.toAbsolutePath().normalize()), p.get(0));
        assertTrue(p.get(1).startsWith("apvirt.hook = script:nope.js (from " + config + "): names the file nope.js, which does not exist"), p.get(1));
    }

    @Test
    void anUnknownComponentBeforeTheColonIsAnUnknownId() {
        assertEquals(List.of("apvirt.hook = lua:x.lua (from --set): is not a known hook id; known: none, script (js.jar), vfio-ap (vfio.jar)"),
                problems(ConfigLayers.defaults().withSet("apvirt.hook", "lua:x.lua")));
    }
}

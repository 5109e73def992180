package io.apvirt.engine.internal.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Coverage-guided fuzzing (Jazzer) of a configuration file (SmallRye YAML and validation): any
 * bytes resolve or are refused with problems in the project's words, never another exception
 * nor SmallRye's or SnakeYAML's text. The surefire execution {@code fuzz-config} runs 10,000
 * generated inputs with JAZZER_FUZZ=1.
 */
class ConfigurationJazzerFuzzTest {

    @FuzzTest(maxExecutions = 10_000)
    void anyBytesResolveOrListTheirProblems(byte[] data) throws IOException {
        Path file = Files.createTempFile("apvirt-fuzz", ".yaml");
        try {
            Files.write(file, data);
            Configuration.resolve(ConfigLayers.defaults().withConfigFile(file), DeviceConfigurationTest.CATALOG);
        } catch (InvalidConfigurationException e) {
            assertFalse(e.problems().isEmpty());
            for (ConfigProblem p : e.problems()) {
                String line = p.render();
                // a library's words, unless the input itself wrote them (an alias named SRCFG is quoted back)
                String input = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String leak : new String[] {"SRCFG", "Exception", "org.yaml"}) {
                    assertFalse(line.contains(leak) && !input.contains(leak), line);
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    /** Found by this fuzz test: bytes that are not UTF-8 were "cannot read the file (MalformedInputException: ...)". */
    @org.junit.jupiter.api.Test
    void bytesThatAreNotUtf8AreNamedAsSuch() throws IOException {
        Path file = Files.createTempFile("apvirt-fuzz", ".yaml");
        try {
            Files.write(file, new byte[] {0x01, 0x41, (byte) 0xff, 0x3e});
            InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigurationException.class,
                    () -> Configuration.resolve(ConfigLayers.defaults().withConfigFile(file), DeviceConfigurationTest.CATALOG));
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(file + ": is not UTF-8 text (it has a byte sequence "
                    + "that is not UTF-8); save it as UTF-8"), e.problems().stream().map(ConfigProblem::render).toList());
        } finally {
            Files.delete(file);
        }
    }
}

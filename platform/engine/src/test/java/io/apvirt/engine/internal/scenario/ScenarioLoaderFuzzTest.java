package io.apvirt.engine.internal.scenario;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of the scenario loader: any bytes either load or are refused
 * with a {@link ScenarioException} whose message starts with the file name; any other exception
 * fails the test. Without JAZZER_FUZZ only the checked-in inputs run (regression mode); the
 * surefire execution {@code fuzz-scenario} runs 10,000 generated inputs with JAZZER_FUZZ=1.
 */
class ScenarioLoaderFuzzTest {

    @FuzzTest(maxExecutions = 10_000)
    void anyBytesLoadOrAreRefusedWithTheirPlace(byte[] data) {
        try {
            ScenarioLoader.parse("fuzz.yaml", new String(data, StandardCharsets.UTF_8));
        } catch (ScenarioException e) {
            assertTrue(e.getMessage().startsWith("fuzz.yaml"), e.getMessage());
        }
    }
}

package io.apvirt.engine.internal.sweep;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScenarioTextTest {

    @Test
    void valuesAreWrittenInFlowStyleWithQuotesWhereYamlWouldReadSomethingElse() {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("instruction", "pqap");
        step.put("apqn", "03.0005");
        step.put("nib", new ScenarioText.Hex(0x1000));
        step.put("t", true);
        step.put("regs", Map.of(2, new ScenarioText.Hex(0x2004)));
        step.put("name", "true");
        assertEquals("{instruction: pqap, apqn: \"03.0005\", nib: 0x1000, t: true, regs: {2: 0x2004}, name: \"true\"}",
                ScenarioText.value(step));
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("adapter", 3);
        device.put("faults", Map.of("deconfigure-at", 0));
        assertEquals("[{adapter: 3, faults: {deconfigure-at: 0}}]", ScenarioText.value(List.of(device)));
    }
}

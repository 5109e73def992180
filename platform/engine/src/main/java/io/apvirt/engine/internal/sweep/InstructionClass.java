package io.apvirt.engine.internal.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instruction class of the sweep: a step in the scenario format, the steps that bring the
 * machine into the state it needs ({@code setup}, in supervisor state), and the configuration it
 * needs beyond the swept dimensions ({@code config}, a scenario {@code config:} block: a device
 * that is deconfigured, a queue of depth 1 ...). The step's {@code problem-state} comes from the
 * dimension of that name.
 *
 * @param family the instruction and function it exercises, {@code PQAP(AQIC)}, {@code NQAP}
 * @param text   the instruction as the run table shows it, {@code PQAP(AQIC) 03.0005}
 */
public record InstructionClass(String id, String family, String text, String description, Map<String, Object> config,
                               List<Map<String, Object>> setup, Map<String, Object> step) {

    public InstructionClass {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        setup = List.copyOf(setup);
        step = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(step));
    }

    /** The swept step with its name and problem-state bit. */
    public Map<String, Object> step(boolean problemState) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", id);
        s.putAll(step);
        s.put("problem-state", problemState);
        return s;
    }
}

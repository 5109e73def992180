package io.apvirt.engine.internal.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcomes of a sweep: for class {@code k} (configuration {@code k / instructions}, instruction
 * class {@code k % instructions}) the outcome under each selected policy, then the architected
 * reference's.
 *
 * @param coverage  rule id to the number of classes in which some run (a policy's or the reference's) reached it
 * @param required  the rule ids the sweep had to reach
 * @param unreached the required rule ids no class reached
 */
public record SweepResult(SweepSpace space, List<InstructionClass> instructions, List<String> policies,
                          SweepOutcome[][] outcomes, Map<String, Integer> coverage, List<String> required,
                          List<String> unreached, List<Map<String, String>> classConfigs) {

    public int classCount() {
        return outcomes.length;
    }

    public int[] configuration(int k) {
        return space.configurations().get(k / instructions.size());
    }

    public InstructionClass instruction(int k) {
        return instructions.get(k % instructions.size());
    }

    public int instructionIndex(int k) {
        return k % instructions.size();
    }

    /** The class's outcome under the {@code p}-th selected policy. */
    public SweepOutcome outcome(int k, int p) {
        return outcomes[k][p];
    }

    public SweepOutcome architected(int k) {
        return outcomes[k][policies.size()];
    }

    /** Whether the selected policies' outcomes differ in class {@code k}. */
    public boolean differs(int k) {
        SweepOutcome[] row = outcomes[k];
        for (int p = 1; p < policies.size(); p++) {
            if (!row[p].text().equals(row[0].text())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the {@code p}-th policy's outcome is not the architected one in class {@code k}. */
    public boolean departs(int k, int p) {
        return !outcomes[k][p].text().equals(architected(k).text());
    }

    public List<String> departing(int k) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < policies.size(); p++) {
            if (departs(k, p)) {
                out.add(policies.get(p));
            }
        }
        return out;
    }

    /** {@code c000123}: the class's stable id (its index, zero-padded). */
    public String classId(int k) {
        return String.format("c%06d", k);
    }

    /** The instruction and every dimension's value. */
    public Map<String, Object> conditions(int k) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instruction", instruction(k).id());
        out.putAll(space.conditions(configuration(k)));
        return out;
    }

    /** The scenario {@code config:} block that reproduces the class (with {@link #witnessSetup} and {@link #witnessStep}). */
    public Map<String, Object> witnessConfig(int k) {
        return Sweep.witnessConfig(space, configuration(k), instruction(k));
    }

    public List<Map<String, Object>> witnessSetup(int k) {
        return instruction(k).setup();
    }

    public Map<String, Object> witnessStep(int k) {
        return instruction(k).step(space.bool(configuration(k), SweepSpace.PROBLEM_STATE));
    }

    /** The witness as a scenario file, with {@code expect-by-policy} on its last step when given. */
    public String witnessScenario(int k, String name, String description, Map<String, Object> expectByPolicy) {
        List<Map<String, Object>> steps = new ArrayList<>(witnessSetup(k));
        Map<String, Object> step = new LinkedHashMap<>(witnessStep(k));
        if (expectByPolicy != null && !expectByPolicy.isEmpty()) {
            step.put("expect-by-policy", expectByPolicy);
        }
        steps.add(step);
        return ScenarioText.scenario(name, description, witnessConfig(k), steps);
    }
}

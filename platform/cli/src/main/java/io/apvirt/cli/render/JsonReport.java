package io.apvirt.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.Hex;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.cli.ScenarioPlan;
import io.apvirt.engine.scenario.Expectation;
import io.apvirt.engine.scenario.ScenarioRunner.PolicyRun;
import io.apvirt.engine.scenario.ScenarioRunner.StepRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code apvirt run --json}: one document with every outcome, keys in a fixed order. */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(List<ScenarioPlan> plans, List<List<PolicyRun>> results) {
        return render(plans, results, false);
    }

    /**
     * @param devices add a {@code devices} field to each scenario: its queues at the end of the
     *                scenario under the selected policy ({@link DevicesReport#document})
     */
    public static String render(List<ScenarioPlan> plans, List<List<PolicyRun>> results, boolean devices) {
        List<Object> scenarios = new ArrayList<>();
        long failed = 0;
        long checked = 0;
        for (int i = 0; i < plans.size(); i++) {
            ScenarioPlan plan = plans.get(i);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("file", plan.scenario().file());
            s.put("name", plan.scenario().name());
            s.put("hook", plan.settings().hook());
            List<Object> runs = new ArrayList<>();
            for (PolicyRun run : results.get(i)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("policy", run.policy());
                r.put("selected", run.selected());
                List<Object> steps = new ArrayList<>();
                for (StepRun step : run.steps()) {
                    steps.add(step(step));
                }
                r.put("steps", steps);
                r.put("log", log(run));
                r.put("checked", run.checkedCount());
                r.put("failed", run.failedCount());
                checked += run.checkedCount();
                failed += run.failedCount();
                runs.add(r);
            }
            s.put("runs", runs);
            if (devices) {
                s.put("devices", DevicesReport.document(lastMachine(results.get(i).get(0))));
            }
            scenarios.add(s);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apvirt", io.apvirt.cli.ApvirtCli.version());
        doc.put("scenarios", scenarios);
        doc.put("summary", Map.of("checked", checked, "failed", failed));
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the run's machines logged (plugin errors, script output), in order. */
    static List<String> log(PolicyRun run) {
        List<String> out = new ArrayList<>();
        run.machines().forEach(m -> out.addAll(m.log()));
        return out;
    }

    /** The machine whose state is the end of the scenario: the last one the run used. */
    static io.apvirt.api.machine.Machine lastMachine(PolicyRun run) {
        return run.machines().get(run.machines().size() - 1);
    }

    private static Map<String, Object> step(StepRun s) {
        Execution e = s.execution();
        Outcome o = e.outcome();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step().index());
        m.put("line", s.step().line());
        m.put("name", s.step().name());
        m.put("instruction", Describe.instruction(e));
        m.put("problem-state", e.problemState());
        m.put("tick", e.tick());
        m.put("tries", s.tries());
        m.put("intercept", e.intercept() == null ? null : e.intercept().id());
        m.put("level", o.level().id());
        m.put("rule", o.rule().id());
        m.put("via", o.via() == null ? null : o.via().id());
        if (o instanceof Outcome.ProgramException p) {
            m.put("program", p.interruption().id());
            m.put("program-code", p.interruption().hex());
        } else if (o instanceof Outcome.Completed c) {
            m.put("cc", c.cc());
            if (c.hasStatus()) {
                Map<String, Object> st = new LinkedHashMap<>();
                Apqsw a = c.apqsw();
                st.put("word", String.format("0x%08x", c.status()));
                st.put("rc", Hex.byteHex(a.rc()));
                st.put("e", a.empty());
                st.put("r", a.repliesWaiting());
                st.put("f", a.full());
                st.put("i", a.irq());
                st.put("placement", c.placement().name().toLowerCase(java.util.Locale.ROOT));
                m.put("status", st);
            }
        }
        Map<String, String> changed = new LinkedHashMap<>();
        for (int r = 0; r < 16; r++) {
            if (e.before()[r] != e.after()[r]) {
                changed.put("gr" + r, Hex.reg(e.before()[r]) + " -> " + Hex.reg(e.after()[r]));
            }
        }
        m.put("registers-changed", changed);
        if (s.checked()) {
            m.put("expected", s.expectation() == null ? Map.of() : s.expectation().describe());
            m.put("result", s.passed() ? "PASS" : "FAIL");
            List<String> mm = new ArrayList<>();
            for (Expectation.Mismatch x : s.mismatches()) {
                mm.add(x.render());
            }
            m.put("mismatches", mm);
        }
        return m;
    }
}

package io.apvirt.engine.scenario;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.Hex;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a step expects; every field is optional. {@code rc} and {@code irq} read the status
 * word the deciding level produced (wherever it was placed in GR1); {@code regs} reads raw
 * register values after the instruction.
 *
 * @param program     {@code null}: not checked; {@link #NO_PROGRAM}: the instruction must complete
 */
public record Expectation(int line, String program, Integer cc, Integer rc, Boolean irq, Level level, String rule,
                          SortedMap<Integer, Long> regs) {

    public static final String NO_PROGRAM = "none";

    /** One difference between expected and actual. */
    public record Mismatch(String field, String expected, String actual) {
        public String render() {
            return field + ": expected " + expected + ", got " + actual;
        }
    }

    public List<Mismatch> check(Execution e) {
        List<Mismatch> out = new ArrayList<>();
        Outcome o = e.outcome();
        String actualProgram = o instanceof Outcome.ProgramException p ? p.interruption().id() : NO_PROGRAM;
        if (program != null && !program.equals(actualProgram)) {
            out.add(new Mismatch("program", program, actualProgram));
        }
        if (cc != null) {
            String actual = o instanceof Outcome.Completed c ? String.valueOf(c.cc()) : "no cc (" + actualProgram + " exception)";
            if (!(o instanceof Outcome.Completed c && c.cc() == cc)) {
                out.add(new Mismatch("cc", String.valueOf(cc), actual));
            }
        }
        if (rc != null || irq != null) {
            Integer word = o instanceof Outcome.Completed c && c.hasStatus() ? (int) c.status() : null;
            if (rc != null && (word == null || Apqsw.rcOf(word) != rc)) {
                out.add(new Mismatch("rc", Hex.byteHex(rc), word == null ? "no status word" : Hex.byteHex(Apqsw.rcOf(word))));
            }
            if (irq != null && (word == null || Apqsw.irqOf(word) != irq)) {
                out.add(new Mismatch("irq", String.valueOf(irq), word == null ? "no status word" : String.valueOf(Apqsw.irqOf(word))));
            }
        }
        if (level != null && level != o.level()) {
            out.add(new Mismatch("level", level.id(), o.level().id()));
        }
        if (rule != null && !rule.equals(o.rule().id())) {
            out.add(new Mismatch("rule", rule, o.rule().id()));
        }
        for (Map.Entry<Integer, Long> r : regs.entrySet()) {
            long actual = e.after()[r.getKey()];
            if (actual != r.getValue()) {
                out.add(new Mismatch("regs." + r.getKey(), Hex.reg(r.getValue()), Hex.reg(actual)));
            }
        }
        return out;
    }

    /** For JSON and messages: the fields that are set. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (program != null) m.put("program", program);
        if (cc != null) m.put("cc", cc);
        if (rc != null) m.put("rc", Hex.byteHex(rc));
        if (irq != null) m.put("irq", irq);
        if (level != null) m.put("level", level.id());
        if (rule != null) m.put("rule", rule);
        if (!regs.isEmpty()) {
            Map<String, String> r = new java.util.LinkedHashMap<>();
            regs.forEach((k, v) -> r.put(String.valueOf(k), Hex.reg(v)));
            m.put("regs", r);
        }
        return m;
    }
}

package io.apvirt.engine.internal.scenario;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.arch.Hex;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a step expects; every field is optional. {@code rc} and {@code irq} read the status
 * word the deciding level produced (wherever it was placed in GR1); {@code regs} reads raw
 * register values after the instruction; {@code nib}, {@code pendingIsc} and {@code memory}
 * read the machine after the instruction; {@code psmid} reads R1/R1+1 of an NQAP or DQAP;
 * {@code giscRegistrations} and {@code pinnedPages} read the host's software state after it
 * ({@link Machine#vfioAp()}, docs/architecture.md#6.5).
 *
 * @param program    {@code null}: not checked; {@link #NO_PROGRAM}: the instruction must complete
 * @param nib        the NIB byte, or {@code null}: not checked
 * @param pendingIsc the ISCs with a pending adapter interruption, ascending, or {@code null}: not checked
 * @param memory     guest memory after the instruction; empty: not checked
 * @param psmid      R1 (high word) and R1+1 (low word) after the instruction, or {@code null}: not checked
 * @param configEvents the number of AP configuration-change events pending
 *                     ({@code Machine.pendingConfigurationEvents()}, docs/architecture.md#12.3), or {@code null}: not checked
 * @param giscRegistrations ISC to its GISC registration count (ISCs with none left out), or {@code null}: not checked
 * @param pinnedPages the NIB pins held, or {@code null}: not checked
 */
public record Expectation(int line, String program, Integer cc, Integer rc, Boolean irq, Level level, String rule,
                          SortedMap<Integer, Long> regs, Nib nib, List<Integer> pendingIsc, List<MemoryRange> memory,
                          Long psmid, Integer configEvents, SortedMap<Integer, Integer> giscRegistrations, Integer pinnedPages) {

    public static final String NO_PROGRAM = "none";

    /**
     * {@code nib: <byte>}: the byte at the NIB address the most recent AQIC step (at or
     * before this one) gave the step's APQN with its {@code nib} helper.
     *
     * @param line     the line of the {@code nib} field
     * @param address  that AQIC step's NIB address
     * @param aqicStep that AQIC step's number
     */
    public record Nib(int line, int value, Apqn apqn, long address, int aqicStep) {
    }

    /** One difference between expected and actual. */
    public record Mismatch(String field, String expected, String actual) {
        public String render() {
            return field + ": expected " + expected + ", got " + actual;
        }
    }

    public Expectation {
        pendingIsc = pendingIsc == null ? null : List.copyOf(pendingIsc);
        memory = List.copyOf(memory);
        giscRegistrations = giscRegistrations == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(giscRegistrations));
    }

    /** An expectation without the host fields (config-events, gisc-registrations, pinned-pages). */
    public Expectation(int line, String program, Integer cc, Integer rc, Boolean irq, Level level, String rule,
                       SortedMap<Integer, Long> regs, Nib nib, List<Integer> pendingIsc, List<MemoryRange> memory, Long psmid) {
        this(line, program, cc, rc, irq, level, rule, regs, nib, pendingIsc, memory, psmid, null, null, null);
    }

    /** An expectation with none of the machine fields (nib, pending-isc, memory, psmid). */
    public Expectation(int line, String program, Integer cc, Integer rc, Boolean irq, Level level, String rule,
                       SortedMap<Integer, Long> regs) {
        this(line, program, cc, rc, irq, level, rule, regs, null, null, List.of(), null, null, null, null);
    }

    /** Checks the execution and, for nib, pending-isc and memory, the machine after it. */
    public List<Mismatch> check(Execution e, Machine machine) {
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
        if (psmid != null) {
            int r1 = switch (e.instruction()) {
                case Instruction.Nqap n -> n.r1();
                case Instruction.Dqap d -> d.r1();
                case Instruction.Pqap p -> throw new IllegalStateException("psmid expected of PQAP (the loader refuses it)");
            };
            long actual = psmidOf(e.after(), r1);
            if (actual != psmid) {
                out.add(new Mismatch("psmid", Hex.reg(psmid), Hex.reg(actual)));
            }
        }
        if (nib != null) {
            int actual = machine.read(nib.address(), 1)[0] & 0xFF;
            if (actual != nib.value()) {
                out.add(new Mismatch("nib " + MemoryRange.address(nib.address()), Hex.byteHex(nib.value()), Hex.byteHex(actual)));
            }
        }
        if (pendingIsc != null) {
            List<Integer> actual = machine.pendingInterrupts();
            if (!pendingIsc.equals(actual)) {
                out.add(new Mismatch("pending-isc", pendingIsc.toString(), actual.toString()));
            }
        }
        if (configEvents != null) {
            int actual = machine.pendingConfigurationEvents().size();
            if (actual != configEvents) {
                out.add(new Mismatch("config-events", String.valueOf(configEvents), String.valueOf(actual)));
            }
        }
        for (MemoryRange m : memory) {
            byte[] actual = machine.read(m.address(), m.bytes().length());
            if (!m.bytes().matches(actual)) {
                out.add(new Mismatch("memory " + MemoryRange.address(m.address()), m.bytes().toString(), HexBytes.render(actual)));
            }
        }
        if (giscRegistrations != null && !giscRegistrations.equals(machine.vfioAp().giscRegistrations())) {
            out.add(new Mismatch("gisc-registrations", giscRegistrations.toString(), machine.vfioAp().giscRegistrations().toString()));
        }
        if (pinnedPages != null && pinnedPages != machine.vfioAp().pinnedPages()) {
            out.add(new Mismatch("pinned-pages", pinnedPages.toString(), String.valueOf(machine.vfioAp().pinnedPages())));
        }
        return out;
    }

    /** The PSMID in R1 (bits 32-63: high word) and R1+1 (bits 32-63: low word), as NQAP reads it (2.6). */
    static long psmidOf(long[] regs, int r1) {
        return (regs[r1] << 32) | (regs[r1 + 1] & 0xFFFFFFFFL);
    }

    /** For JSON and messages: the fields that are set. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (program != null) m.put("program", program);
        if (cc != null) m.put("cc", cc);
        if (rc != null) m.put("rc", Hex.byteHex(rc));
        if (irq != null) m.put("irq", irq);
        if (level != null) m.put("level", level.id());
        if (rule != null) m.put("rule", rule);
        if (!regs.isEmpty()) {
            Map<String, String> r = new LinkedHashMap<>();
            regs.forEach((k, v) -> r.put(String.valueOf(k), Hex.reg(v)));
            m.put("regs", r);
        }
        if (psmid != null) m.put("psmid", Hex.reg(psmid));
        if (nib != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("apqn", nib.apqn().toString());
            n.put("address", MemoryRange.address(nib.address()));
            n.put("value", Hex.byteHex(nib.value()));
            m.put("nib", n);
        }
        if (pendingIsc != null) m.put("pending-isc", pendingIsc);
        if (configEvents != null) m.put("config-events", configEvents);
        if (!memory.isEmpty()) {
            Map<String, String> mem = new LinkedHashMap<>();
            for (MemoryRange r : memory) {
                mem.put(MemoryRange.address(r.address()), r.bytes().toString());
            }
            m.put("memory", mem);
        }
        if (giscRegistrations != null) {
            Map<String, Integer> g = new LinkedHashMap<>();
            giscRegistrations.forEach((isc, n) -> g.put(String.valueOf(isc), n));
            m.put("gisc-registrations", g);
        }
        if (pinnedPages != null) m.put("pinned-pages", pinnedPages);
        return m;
    }
}

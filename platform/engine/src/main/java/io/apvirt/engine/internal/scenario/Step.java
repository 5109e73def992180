package io.apvirt.engine.internal.scenario;

import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.AssignmentChange;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One scenario step: an instruction, the guest memory and register values to load before
 * it, the PSW problem-state bit, and what to expect; {@code vm-reset: true} resets the VM's AP
 * queues first, as vfio_ap does on a VM reset ({@link Machine#reset()}, docs/architecture.md#6.6).
 *
 * @param loads          register number to the full value loaded before execution (after helpers were applied)
 * @param expectByPolicy policy id to the expectation that replaces {@code expect} under that policy
 * @param until          repeat the step until this matches (at most {@code maxTries} times), then check {@code expect}
 * @param memory         {@code memory:} bytes written into guest memory before the instruction (before the first
 *                       try of an {@code until} step only, so a retry can see what the machine wrote), by address
 * @param message        {@code message:} the NQAP request written at R2 after {@code memory}, or {@code null}
 * @param catalogue      {@code cite}, {@code xfail-by-policy} and {@code requires} (for {@code apvirt conformance})
 * @param assignments    {@code unassign:} then {@code assign:}: changes of the mdev's assignment made before the
 *                       instruction (before the first try of an {@code until} step), docs/architecture.md#12.2
 * @param vmReset        {@code vm-reset:} the machine is reset ({@link Machine#reset()}) before the step's first try,
 *                       before the assignment changes
 */
public record Step(int index, int line, String name, Instruction instruction, SortedMap<Integer, Long> loads,
                   boolean problemState, Expectation expect, Map<String, Expectation> expectByPolicy,
                   Expectation until, int maxTries, List<MemoryRange> memory, MemoryRange message,
                   CatalogueFields catalogue, List<AssignmentChange> assignments, boolean vmReset) {

    public Step {
        memory = List.copyOf(memory);
        catalogue = catalogue == null ? CatalogueFields.NONE : catalogue;
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
    }

    /** A step that changes no assignment and resets nothing. */
    public Step(int index, int line, String name, Instruction instruction, SortedMap<Integer, Long> loads,
                boolean problemState, Expectation expect, Map<String, Expectation> expectByPolicy,
                Expectation until, int maxTries, List<MemoryRange> memory, MemoryRange message, CatalogueFields catalogue) {
        this(index, line, name, instruction, loads, problemState, expect, expectByPolicy, until, maxTries, memory, message,
                catalogue, List.of(), false);
    }

    /** A step without catalogue fields. */
    public Step(int index, int line, String name, Instruction instruction, SortedMap<Integer, Long> loads,
                boolean problemState, Expectation expect, Map<String, Expectation> expectByPolicy,
                Expectation until, int maxTries, List<MemoryRange> memory, MemoryRange message) {
        this(index, line, name, instruction, loads, problemState, expect, expectByPolicy, until, maxTries, memory, message,
                CatalogueFields.NONE);
    }

    /** A step that writes no guest memory. */
    public Step(int index, int line, String name, Instruction instruction, SortedMap<Integer, Long> loads,
                boolean problemState, Expectation expect, Map<String, Expectation> expectByPolicy,
                Expectation until, int maxTries) {
        this(index, line, name, instruction, loads, problemState, expect, expectByPolicy, until, maxTries, List.of(), null);
    }

    /**
     * A conformance case: a step with an expectation ({@code expect}, {@code expect-by-policy} or
     * {@code until}); the other steps set the machine up.
     */
    public boolean isCase() {
        return expect != null || !expectByPolicy.isEmpty() || until != null;
    }

    /** Loads the registers and the problem-state bit into the vCPU. */
    public void prepare(Vcpu cpu) {
        loads.forEach(cpu::setGr);
        cpu.setProblemState(problemState);
    }

    /**
     * Resets the machine when {@code vm-reset} says so, changes the assignment ({@code assignments}),
     * writes {@code memory}, then {@code message}, into the machine's guest memory; then {@link #prepare(Vcpu)}.
     */
    public void prepare(Machine machine, Vcpu cpu) {
        if (vmReset) {
            machine.reset();
        }
        for (AssignmentChange change : assignments) {
            machine.changeAssignment(change);
        }
        for (MemoryRange m : memory) {
            machine.write(m.address(), m.bytes().toArray());
        }
        if (message != null) {
            machine.write(message.address(), message.bytes().toArray());
        }
        prepare(cpu);
    }

    /** The expectation checked under {@code policy}: its {@code expect-by-policy} entry, else {@code expect}. */
    public Expectation expectationFor(String policy) {
        Expectation e = expectByPolicy.get(policy);
        return e != null ? e : expect;
    }
}

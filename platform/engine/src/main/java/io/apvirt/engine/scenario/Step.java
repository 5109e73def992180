package io.apvirt.engine.scenario;

import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;

import java.util.Map;
import java.util.SortedMap;

/**
 * One scenario step: an instruction, the register values to load before it, the PSW
 * problem-state bit, and what to expect.
 *
 * @param loads          register number to the full value loaded before execution (after helpers were applied)
 * @param expectByPolicy policy id to the expectation that replaces {@code expect} under that policy
 * @param until          repeat the step until this matches (at most {@code maxTries} times), then check {@code expect}
 */
public record Step(int index, int line, String name, Instruction instruction, SortedMap<Integer, Long> loads,
                   boolean problemState, Expectation expect, Map<String, Expectation> expectByPolicy,
                   Expectation until, int maxTries) {

    /** Loads the registers and the problem-state bit into the vCPU. */
    public void prepare(Vcpu cpu) {
        loads.forEach(cpu::setGr);
        cpu.setProblemState(problemState);
    }

    /** The expectation checked under {@code policy}: its {@code expect-by-policy} entry, else {@code expect}. */
    public Expectation expectationFor(String policy) {
        Expectation e = expectByPolicy.get(policy);
        return e != null ? e : expect;
    }
}

package io.apvirt.engine.internal.workload;

import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.internal.scenario.MemoryRange;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steps of a scenario compiled for replay, round and round: each step's registers, PSW
 * problem state and guest-memory writes as arrays, so that replaying one costs what executing the
 * instruction costs (an {@code until} step runs once a round; expectations are not checked here:
 * check them once with the scenario runner before measuring). Not thread-safe: one per vCPU.
 */
public final class VectorReplay {

    private record Compiled(Instruction instruction, int[] registers, long[] values, boolean problemState,
                            long[] addresses, byte[][] bytes) {
    }

    private final Compiled[] steps;
    private int next;

    private VectorReplay(Compiled[] steps) {
        this.steps = steps;
    }

    /** The scenario's steps, in order. */
    public static VectorReplay of(Scenario scenario) {
        if (scenario.steps().isEmpty()) {
            throw new IllegalArgumentException(scenario.file() + ": no steps to replay");
        }
        List<Compiled> out = new ArrayList<>();
        for (Step s : scenario.steps()) {
            int[] registers = new int[s.loads().size()];
            long[] values = new long[registers.length];
            int i = 0;
            for (Map.Entry<Integer, Long> e : s.loads().entrySet()) {
                registers[i] = e.getKey();
                values[i++] = e.getValue();
            }
            List<MemoryRange> writes = new ArrayList<>(s.memory());
            if (s.message() != null) {
                writes.add(s.message());
            }
            long[] addresses = new long[writes.size()];
            byte[][] bytes = new byte[writes.size()][];
            for (int w = 0; w < writes.size(); w++) {
                addresses[w] = writes.get(w).address();
                bytes[w] = writes.get(w).bytes().toArray();
            }
            out.add(new Compiled(s.instruction(), registers, values, s.problemState(), addresses, bytes));
        }
        return new VectorReplay(out.toArray(Compiled[]::new));
    }

    /** How many steps one round has. */
    public int size() {
        return steps.length;
    }

    /** Executes the next step on {@code cpu} of {@code machine}; its outcome. */
    public Outcome step(Machine machine, Vcpu cpu) {
        Compiled s = steps[next];
        next = next + 1 == steps.length ? 0 : next + 1;
        for (int w = 0; w < s.addresses.length; w++) {
            machine.write(s.addresses[w], s.bytes[w]);
        }
        int[] registers = s.registers;
        long[] values = s.values;
        for (int i = 0; i < registers.length; i++) {
            cpu.setGr(registers[i], values[i]);
        }
        cpu.setProblemState(s.problemState);
        return cpu.execute(s.instruction);
    }
}

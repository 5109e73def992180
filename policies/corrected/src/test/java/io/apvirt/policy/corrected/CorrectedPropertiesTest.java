package io.apvirt.policy.corrected;

import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;

import static io.apvirt.policy.corrected.TestMachines.machine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Properties of the architected semantics under the corrected policy over random registers,
 * PSW problem state, guest facilities and instructions (docs/architecture.md#4.6, #11.5): the
 * operation condition always wins, then privileged-operation; firmware interpretation (EECA.28
 * on) decides what the corrected policy decides on an intercept; the same input gives the same
 * result.
 */
class CorrectedPropertiesTest {

    /** One random input: registers, problem state, guest facilities, the instruction. */
    record Input(long gr0, long gr1, long gr2, long gr4, long gr5, boolean problemState, boolean ap, boolean apft,
                 boolean apqi, boolean apxa, Instruction instruction) {
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<Long> gr0 = Arbitraries.oneOf(Arbitraries.longs(),
                // mostly the function codes and APQNs that exist, sometimes with reserved bits
                Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 7), Arbitraries.of(0L, 0x00800000L, 0x00400000L, 0x0000_0001_0000_0000L))
                        .as((fc, apid, apqi, extra) -> ((long) fc << 24) | ((long) apid << 8) | apqi | extra));
        Arbitrary<Long> address = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 1L << 27));
        Arbitrary<Instruction> instruction = Arbitraries.oneOf(Arbitraries.just(Instruction.PQAP),
                Combinators.combine(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 15)).as(Instruction::nqap),
                Combinators.combine(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 15)).as(Instruction::dqap));
        Arbitrary<java.util.List<Long>> registers = address.list().ofSize(4);          // GR1, GR2, GR4, GR5
        Arbitrary<java.util.List<Boolean>> flags = Arbitraries.of(true, false).list().ofSize(5); // problem state, -, apft, apqi, apxa
        Arbitrary<Boolean> ap = Arbitraries.of(true, true, true, false);                       // the facility mostly on
        return Combinators.combine(gr0, registers, flags, ap, instruction).as((g0, r, f, withAp, i) -> new Input(g0, r.get(0),
                r.get(1), r.get(2), r.get(3), f.get(0), withAp, f.get(2), f.get(3), f.get(4), i));
    }

    /** The outcome without its level, and the registers and cc after: what the guest sees. */
    record Seen(String outcome, long[] registers, int cc) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && s.outcome.equals(outcome) && Arrays.equals(s.registers, registers) && s.cc == cc;
        }

        @Override
        public int hashCode() {
            return outcome.hashCode();
        }

        @Override
        public String toString() {
            return outcome + " cc " + cc + " " + Arrays.toString(registers);
        }
    }

    static Seen run(Input in, TestMachines.Path path) {
        Vcpu cpu = machine(path).ap(in.ap()).apft(in.apft()).apqi(in.apqi()).apxa(in.apxa()).vcpu();
        cpu.setGr(0, in.gr0());
        cpu.setGr(1, in.gr1());
        cpu.setGr(2, in.gr2());
        cpu.setGr(4, in.gr4());
        cpu.setGr(5, in.gr5());
        cpu.setProblemState(in.problemState());
        Outcome o = cpu.execute(in.instruction());
        long[] regs = new long[16];
        for (int r = 0; r < 16; r++) {
            regs[r] = cpu.gr(r);
        }
        String what = switch (o) {
            case Outcome.ProgramException p -> p.interruption() + " " + p.rule().id();
            case Outcome.Completed c -> "cc " + c.cc() + " status " + c.status() + " " + c.rule().id();
        };
        return new Seen(what, regs, cpu.cc());
    }

    static ProgramInterruption interruption(Input in, TestMachines.Path path) {
        Vcpu cpu = machine(path).ap(in.ap()).apft(in.apft()).apqi(in.apqi()).apxa(in.apxa()).vcpu();
        cpu.setGr(0, in.gr0());
        cpu.setGr(1, in.gr1());
        cpu.setGr(2, in.gr2());
        cpu.setProblemState(in.problemState());
        Outcome o = cpu.execute(in.instruction());
        return o instanceof Outcome.ProgramException p ? p.interruption() : null;
    }

    @Property(tries = 1000)
    void withoutTheApFacilityEveryInstructionIsAnOperationException(@ForAll("inputs") Input in) {
        Input noAp = new Input(in.gr0(), in.gr1(), in.gr2(), in.gr4(), in.gr5(), in.problemState(), false, in.apft(), in.apqi(),
                in.apxa(), in.instruction());
        for (TestMachines.Path path : TestMachines.Path.values()) {
            assertEquals(ProgramInterruption.OPERATION, interruption(noAp, path), path + " " + noAp);
        }
    }

    @Property(tries = 1000)
    void inProblemStateWithTheFacilityEveryInstructionIsAPrivilegedOperationException(@ForAll("inputs") Input in) {
        Input problem = new Input(in.gr0(), in.gr1(), in.gr2(), in.gr4(), in.gr5(), true, true, in.apft(), in.apqi(), in.apxa(),
                in.instruction());
        for (TestMachines.Path path : TestMachines.Path.values()) {
            assertEquals(ProgramInterruption.PRIVILEGED_OPERATION, interruption(problem, path), path + " " + problem);
        }
    }

    @Property(tries = 1000)
    void firmwareInterpretationSeesWhatTheCorrectedPolicyDecides(@ForAll("inputs") Input in) {
        assertEquals(run(in, TestMachines.Path.INTERCEPTED), run(in, TestMachines.Path.INTERPRETED), in.toString());
    }

    @Property(tries = 500)
    void theSameInputGivesTheSameResult(@ForAll("inputs") Input in) {
        Seen first = run(in, TestMachines.Path.INTERCEPTED);
        Seen second = run(in, TestMachines.Path.INTERCEPTED);
        assertEquals(first.outcome(), second.outcome());
        assertEquals(first.cc(), second.cc());
        assertArrayEquals(first.registers(), second.registers());
    }
}

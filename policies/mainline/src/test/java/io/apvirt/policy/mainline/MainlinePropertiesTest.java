package io.apvirt.policy.mainline;

import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.engine.testing.PolicyTestKit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static io.apvirt.policy.mainline.TestMachines.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mainline policy against handle_pqap's table evaluated directly (docs/architecture.md#4.3,
 * rows 3-10, no hook registered), over random GR0, GR1, problem state and facilities, every
 * PQAP intercepted (EECA.28 off). The oracle below is the table, written again independently of
 * the policy's code.
 */
class MainlinePropertiesTest {

    record Input(long gr0, long gr1, boolean problemState, boolean apft, boolean apqi, boolean apxa) {
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<Long> gr0 = Arbitraries.oneOf(Arbitraries.longs(),
                Combinators.combine(Arbitraries.of(3, 3, 3, 0, 4, 9), Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 255), Arbitraries.of(0L, 0x00800000L, 0x00400000L, 0x00010000L))
                        .as((fc, apid, apqi, extra) -> ((long) fc << 24) | ((long) apid << 8) | apqi | extra));
        Arbitrary<List<Boolean>> flags = Arbitraries.of(true, false).list().ofSize(4);
        return Combinators.combine(gr0, Arbitraries.longs(), flags).as((g0, g1, f) -> new Input(g0, g1, f.get(0), f.get(1), f.get(2),
                f.get(3)));
    }

    /** handle_pqap, rows 3-10 (rows 1-2 hold: the host has AP instructions and ECA_APIE is on). */
    record Expected(Level level, Rule rule, ProgramInterruption interruption, Integer cc, Long gr1) {
    }

    static Expected table(Input in) {
        long gr0 = in.gr0();
        if (((gr0 >>> 24) & 0xFF) != 3) {                                   // row 3: -EOPNOTSUPP, QEMU
            return new Expected(Level.USERSPACE, null, ProgramInterruption.OPERATION, null, null);
        }
        if (in.problemState()) {                                             // row 4
            return new Expected(Level.KVM, MainlinePolicy.PROBLEM_STATE, ProgramInterruption.PRIVILEGED_OPERATION, null, null);
        }
        if ((gr0 & 0x007F0000L) != 0) {                                      // row 5
            return new Expected(Level.KVM, MainlinePolicy.GR0_RESERVED_BITS, ProgramInterruption.SPECIFICATION, null, null);
        }
        if ((gr0 & 0x00800000L) != 0 && !in.apft()) {                        // row 6
            return new Expected(Level.KVM, MainlinePolicy.T_WITHOUT_APFT, ProgramInterruption.SPECIFICATION, null, null);
        }
        if (!in.apxa() && (gr0 & 0x0000C0F0L) != 0) {                        // row 7
            return new Expected(Level.KVM, MainlinePolicy.APQN_RANGE, ProgramInterruption.SPECIFICATION, null, null);
        }
        if (!in.apqi()) {                                                    // row 8
            return new Expected(Level.KVM, MainlinePolicy.NO_APQI, ProgramInterruption.SPECIFICATION, null, null);
        }
        // row 10: the APQSW with RC 0x01 copied into GR1's first 4 bytes, the low word kept, cc 3
        return new Expected(Level.KVM, MainlinePolicy.NO_HOOK, null, 3, (0x00010000L << 32) | (in.gr1() & 0xFFFFFFFFL));
    }

    @Property(tries = 2000)
    void mainlineIsHandlePqapsTable(@ForAll("inputs") Input in) {
        Vcpu cpu = machine().on(PolicyTestKit.Path.INTERCEPTED).apft(in.apft()).apqi(in.apqi()).apxa(in.apxa()).vcpu();
        cpu.setGr(0, in.gr0());
        cpu.setGr(1, in.gr1());
        cpu.setProblemState(in.problemState());
        Outcome o = cpu.execute(Instruction.PQAP);
        Expected e = table(in);
        assertEquals(e.level(), o.level(), in.toString());
        if (e.level() == Level.USERSPACE) {
            assertEquals(MainlinePolicy.FC_NOT_AQIC, o.via(), "handed to QEMU by row 3");
        } else {
            assertEquals(e.rule(), o.rule(), in.toString());
        }
        if (e.interruption() != null) {
            assertEquals(e.interruption(), ((Outcome.ProgramException) o).interruption(), in.toString());
            assertEquals(in.gr1(), cpu.gr(1), "a program exception changes no register");
        } else {
            assertEquals(e.cc(), Integer.valueOf(cpu.cc()), in.toString());
            assertEquals(e.gr1(), Long.valueOf(cpu.gr(1)), in.toString());
        }
    }
}

package io.apvirt.policy.mainline;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static io.apvirt.policy.mainline.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The mainline policy is {@code handle_pqap()}: docs/architecture.md#4.3 rows 1-10 in
 * that order (section 11.4), with the options cc-after-hook and no-hook-status.
 */
class MainlineTable43Test {

    private static final long AQIC = pqap(FunctionCode.AQIC, CONFIGURED);
    /** What {@link TestMachines#fill} leaves in GR1. */
    private static final long GR1_FILLED = 0xA5A5_0100_1111_1111L;

    /** The expected outcome of one row; {@code interruption == null} means a completed outcome. */
    record Expect(Level level, String rule, String via, ProgramInterruption interruption, int cc, long status,
                  StatusPlacement placement, long gr1After) {
        static Expect userspace(String via) {
            return new Expect(Level.USERSPACE, "userspace.unknown-instruction", via, ProgramInterruption.OPERATION,
                    0, 0, null, GR1_FILLED);
        }

        static Expect kvm(String rule, ProgramInterruption interruption) {
            return new Expect(Level.KVM, rule, null, interruption, 0, 0, null, GR1_FILLED);
        }
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("row 1: host without AP instructions",
                        machine().hap(false), AQIC, false,
                        Expect.userspace("mainline.no-host-ap")),
                Arguments.of("row 2: ECA_APIE clear (guest without 'ap')",
                        machine().ap(false), AQIC, false,
                        Expect.userspace("mainline.eca-apie-off")),
                Arguments.of("row 3: fc != 3 (TAPQ intercepted with EECA.28 = 0)",
                        machine().outer(false), pqap(FunctionCode.TAPQ, CONFIGURED), false,
                        Expect.userspace("mainline.fc-not-aqic")),
                Arguments.of("row 4: problem state",
                        machine(), AQIC, true,
                        Expect.kvm("mainline.problem-state", ProgramInterruption.PRIVILEGED_OPERATION)),
                Arguments.of("row 5: GR0 bits 41-47",
                        machine(), AQIC | bit(44), false,
                        Expect.kvm("mainline.gr0-reserved-bits", ProgramInterruption.SPECIFICATION)),
                Arguments.of("row 6: T bit without facility 15",
                        machine().apft(false), AQIC | bit(40), false,
                        Expect.kvm("mainline.t-bit-without-apft", ProgramInterruption.SPECIFICATION)),
                Arguments.of("row 7: APID above 63 without APXA",
                        machine(), pqap(FunctionCode.AQIC, new Apqn(0x40, 5)), false,
                        Expect.kvm("mainline.apqn-beyond-non-apxa-range", ProgramInterruption.SPECIFICATION)),
                Arguments.of("row 8: guest without facility 65",
                        machine().apqi(false), AQIC, false,
                        Expect.kvm("mainline.no-facility-65", ProgramInterruption.SPECIFICATION)),
                Arguments.of("row 9: hook registered, RC 0",
                        machine().hook(new HandledHook(0x8000_0000)), AQIC, false,
                        new Expect(Level.HOOK, "stub.handled", "mainline.hook-call", null, 0, 0x8000_0000L,
                                StatusPlacement.ARCHITECTED, 0x0000_0000_8000_0000L)),
                Arguments.of("row 10: no hook (kernel placement)",
                        machine(), AQIC, false,
                        new Expect(Level.KVM, "mainline.no-hook", null, null, 3, 0x0001_0000L,
                                StatusPlacement.KERNEL_HIGH_WORD, 0x0001_0000_1111_1111L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void tableRow(String name, Builder builder, long gr0, boolean problemState, Expect e) {
        Vcpu cpu = builder.vcpu();
        fill(cpu, gr0);
        cpu.setProblemState(problemState);
        Step s = step(cpu, Instruction.PQAP);
        if (e.interruption() != null) {
            assertProgram(s, e.level(), e.rule(), e.via(), e.interruption());
        } else {
            assertCompleted(s, e.level(), e.rule(), e.via(), e.cc(), e.status(), e.placement());
            assertOthersUnchanged(s, 1);
        }
        assertEquals(e.gr1After(), cpu.gr(1), "GR1");
    }

    // ---- rows 1-3: exits to userspace ----------------------------------------------------------

    @ParameterizedTest(name = "fc {0}")
    @ValueSource(ints = {0, 1, 2, 4, 5, 6, 7, 8, 9, 42, 255})
    void row3EveryFunctionOtherThanAqicGoesToUserspace(int fc) {
        Vcpu cpu = machine().outer(false).vcpu();
        fill(cpu, pqap(fc, CONFIGURED));
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.fc-not-aqic");
    }

    @Test
    void row3CoversTapqWithTBitInterceptedByIc3() {
        Vcpu cpu = machine().ic3(true).vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        assertUserspaceOperation(step(cpu, Instruction.PQAP), "mainline.fc-not-aqic");
    }

    @Test
    void row3IsNotReachedForTapqWithTBitWithoutIc3BecauseFirmwareInterpretsIt() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.FIRMWARE, "exec.tapq", null, 0, 0x8000_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        // T=1: facility bits 1 (AP4KM), 2 (AP4KC), 3 (D, CCA) present; AT 14, ND 15, QD 4
        assertEquals(0x7000_0000_0E0F_0004L, cpu.gr(2));
    }

    // ---- row 5: every one of bits 41-47 --------------------------------------------------------

    @ParameterizedTest(name = "bit {0}")
    @ValueSource(ints = {41, 42, 43, 44, 45, 46, 47})
    void row5EachOfBits41To47IsASpecificationException(int bit) {
        Vcpu cpu = machine().vcpu();
        fill(cpu, AQIC | bit(bit));
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.gr0-reserved-bits", null,
                ProgramInterruption.SPECIFICATION);
    }

    @Test
    void row5IgnoresGr0HighWord() {
        Vcpu cpu = machine().vcpu();
        fill(cpu, 0xFFFF_FFFF_0000_0000L | AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L, StatusPlacement.KERNEL_HIGH_WORD);
    }

    // ---- row 6: T bit --------------------------------------------------------------------------

    @Test
    void row6TBitWithFacility15PassesOnToTheHookRows() {
        Vcpu cpu = machine().apft(true).vcpu();
        fill(cpu, AQIC | bit(40));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L, StatusPlacement.KERNEL_HIGH_WORD);
    }

    // ---- row 7: APQN range without APXA --------------------------------------------------------

    @ParameterizedTest(name = "APQN {0}, apxa {1} -> {2}")
    @CsvSource({
            "40.0005, false, mainline.apqn-beyond-non-apxa-range",
            "80.0005, false, mainline.apqn-beyond-non-apxa-range",
            "03.0010, false, mainline.apqn-beyond-non-apxa-range",
            "03.0080, false, mainline.apqn-beyond-non-apxa-range",
            "3f.000f, false, mainline.no-hook",
            "40.0005, true,  mainline.no-hook",
            "ff.00ff, true,  mainline.no-hook"})
    void row7ApqnRangeDependsOnApxa(String apqn, boolean apxa, String rule) {
        Vcpu cpu = machine().apxa(apxa).vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, Apqn.parse(apqn)));
        Step s = step(cpu, Instruction.PQAP);
        if (rule.equals("mainline.no-hook")) {
            assertCompleted(s, Level.KVM, rule, null, 3, 0x0001_0000L, StatusPlacement.KERNEL_HIGH_WORD);
        } else {
            assertProgram(s, Level.KVM, rule, null, ProgramInterruption.SPECIFICATION);
        }
    }

    // ---- row 9: the hook -----------------------------------------------------------------------

    /** cc 3 from firmware: TAPQ of an APQN outside the matrix. */
    private static void makeCc3(Vcpu cpu) {
        cpu.setGr(0, pqap(FunctionCode.TAPQ, UNCONFIGURED));
        Outcome o = cpu.execute(Instruction.PQAP);
        assertEquals("exec.apqn-not-available", o.rule().id());
        assertEquals(3, cpu.cc());
    }

    /** cc 1 from firmware: a DQAP whose buffer is shorter than the reply (section 11.5). */
    private static void makeCc1(ApMachine machine, Vcpu cpu) {
        machine.memory().write(0x1000, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        cpu.setGr(0, CONFIGURED.encode());
        cpu.setGr(4, 0);
        cpu.setGr(5, 0x1234);
        cpu.setGr(6, 0x1000);
        cpu.setGr(7, 16);
        assertEquals("exec.nqap", cpu.execute(Instruction.nqap(4, 6)).rule().id());
        cpu.setGr(8, 0x2000);
        cpu.setGr(9, 4);
        assertEquals("exec.dqap", cpu.execute(Instruction.dqap(4, 8)).rule().id());
        assertEquals(1, cpu.cc());
    }

    @Test
    void row9CcSetGivesCc0AfterRc0EvenWhenTheCcWas3() {
        Vcpu cpu = machine().option("cc-after-hook", "set").hook(new HandledHook(0x8000_0000)).vcpu();
        makeCc3(cpu);
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", 0, 0x8000_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @Test
    void row9CcUnchangedKeepsCc3AfterRc0() {
        Vcpu cpu = machine().option("cc-after-hook", "unchanged").hook(new HandledHook(0x8000_0000)).vcpu();
        makeCc3(cpu);
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertEquals(3, s.ccBefore());
        assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", 3, 0x8000_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_8000_0000L, cpu.gr(1));
    }

    @Test
    void row9CcUnchangedKeepsCc1AfterRc0() {
        HandledHook hook = new HandledHook(0);
        ApMachine machine = machine().option("cc-after-hook", "unchanged").hook(hook).build();
        Vcpu cpu = machine.newVcpu();
        makeCc1(machine, cpu);
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", 1, 0L, StatusPlacement.ARCHITECTED);
        assertEquals(0L, cpu.gr(1));
        assertEquals(1, hook.calls);
    }

    @Test
    void row9CcUnchangedKeepsCc0AfterRc0() {
        Vcpu cpu = machine().option("cc-after-hook", "unchanged").hook(new HandledHook(0x0100_0000)).vcpu();
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", 0, 0x0100_0000L,
                StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0100_0000L, cpu.gr(1));
    }

    @ParameterizedTest(name = "cc-after-hook {0}, RC {1}")
    @CsvSource({"set, 1", "set, 6", "set, 7", "unchanged, 1", "unchanged, 6", "unchanged, 7"})
    void row9NonZeroRcGivesCc3WithEitherOption(String option, int rc) {
        int word = rc << 16;
        Vcpu cpu = machine().option("cc-after-hook", option).hook(new HandledHook(word)).vcpu();
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertEquals(0, s.ccBefore());
        assertCompleted(s, Level.HOOK, "stub.handled", "mainline.hook-call", 3, word, StatusPlacement.ARCHITECTED);
        assertEquals(Integer.toUnsignedLong(word), cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @ParameterizedTest(name = "cc-after-hook {0}")
    @ValueSource(strings = {"set", "unchanged"})
    void row9DeclinedHookExitsToUserspaceWithTheHooksRule(String option) {
        DecliningHook hook = new DecliningHook();
        Vcpu cpu = machine().option("cc-after-hook", option).hook(hook).vcpu();
        makeCc3(cpu);
        fill(cpu, AQIC);
        Step s = step(cpu, Instruction.PQAP);
        assertUserspaceOperation(s, "stub.declined");
        assertEquals(3, cpu.cc());
        assertEquals(1, hook.calls);
    }

    // ---- row 10: no hook -----------------------------------------------------------------------

    @Test
    void row10KernelPlacementPutsTheStatusInBits0To31AndKeepsTheLowWord() {
        Vcpu cpu = machine().option("no-hook-status", "kernel").vcpu();
        fill(cpu, AQIC);
        cpu.setGr(1, 0x1122_3344_5566_7788L);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L, StatusPlacement.KERNEL_HIGH_WORD);
        assertEquals(0x0001_0000_5566_7788L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @Test
    void row10ArchitectedPlacementZeroExtendsTheStatusIntoBits32To63() {
        Vcpu cpu = machine().option("no-hook-status", "architected").vcpu();
        fill(cpu, AQIC);
        cpu.setGr(1, 0x1122_3344_5566_7788L);
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        assertOthersUnchanged(s, 1);
    }

    @Test
    void row10DoesNotLookAtTheMatrix() {
        // KVM's no-hook path answers RC 0x01 without consulting the CRYCB: same for an APQN outside it
        Vcpu cpu = machine().option("no-hook-status", "architected").vcpu();
        fill(cpu, pqap(FunctionCode.AQIC, UNCONFIGURED));
        Step s = step(cpu, Instruction.PQAP);
        assertCompleted(s, Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L, StatusPlacement.ARCHITECTED);
        assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
    }

    @Test
    void rows4To10AlsoDecideAnAqicInterceptedBecauseEeca28IsOff() {
        // table 4.6: "APIE but EE=0, fc=3" is the same as "APIE, fc=3 ..."
        Vcpu cpu = machine().outer(false).option("no-hook-status", "architected").vcpu();
        fill(cpu, AQIC);
        assertCompleted(step(cpu, Instruction.PQAP), Level.KVM, "mainline.no-hook", null, 3, 0x0001_0000L,
                StatusPlacement.ARCHITECTED);
        fill(cpu, AQIC);
        cpu.setProblemState(true);
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "mainline.problem-state", null,
                ProgramInterruption.PRIVILEGED_OPERATION);
    }

    // ---- the options ---------------------------------------------------------------------------

    @Test
    void optionsAndTheirDefaults() {
        var options = new MainlinePolicy().options();
        assertEquals(3, options.size());
        var kernel = assertInstanceOf(io.apvirt.api.plugin.Option.Choice.class, options.get(0));
        assertEquals("kernel", kernel.name());
        assertEquals(io.apvirt.api.plugin.KernelVersion.CHOICES, kernel.values());
        assertEquals("latest", kernel.defaultValue());
        var cc = assertInstanceOf(io.apvirt.api.plugin.Option.Choice.class, options.get(1));
        assertEquals("cc-after-hook", cc.name());
        assertEquals(java.util.List.of("kernel", "set", "unchanged"), cc.values());
        assertEquals("kernel", cc.defaultValue());
        var status = assertInstanceOf(io.apvirt.api.plugin.Option.Choice.class, options.get(2));
        assertEquals("no-hook-status", status.name());
        assertEquals(java.util.List.of("kernel", "architected"), status.values());
        assertEquals("kernel", status.defaultValue());
        assertEquals("one of kernel | architected", status.accepted());
    }

    @Test
    void programExceptionsLeaveAnEarlierCcAlone() {
        Vcpu cpu = machine().vcpu();
        makeCc3(cpu);
        fill(cpu, AQIC | bit(41));
        Step s = step(cpu, Instruction.PQAP);
        assertEquals(3, s.ccBefore());
        assertProgram(s, Level.KVM, "mainline.gr0-reserved-bits", null, ProgramInterruption.SPECIFICATION);
        assertNull(s.outcome().via());
    }
}

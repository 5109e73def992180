package io.apvirt.policy.corrected;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.machine.ApMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.apvirt.policy.corrected.TestMachines.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Section 11.5 steps 1-4 (operation, privileged-operation, specification, addressing): each
 * rule at the kvm level when the corrected policy decides an intercept, and the same rule at
 * the firmware level when SIE interprets the instruction. Every program exception leaves all
 * 16 registers and the cc (3 beforehand) unchanged.
 */
class CorrectedExceptionsTest {

    private static final long NQAP_MSG = 0x1000;

    /** A vCPU with cc 3 and every register filled, GR0 = {@code gr0}. */
    private static Vcpu cpu(Builder builder, long gr0) {
        Vcpu cpu = builder.vcpu();
        makeCc3(cpu);
        fill(cpu, gr0);
        return cpu;
    }

    /** NQAP/DQAP operands R1=4, R2=6 with a valid 16-byte message/buffer at 0x1000. */
    private static Vcpu queueCpu(Builder builder, long gr0) {
        Vcpu cpu = cpu(builder, gr0);
        cpu.setGr(6, NQAP_MSG);
        cpu.setGr(7, 16);
        return cpu;
    }

    private static void assertSpec(Vcpu cpu, Instruction i, Level level, String rule) {
        Step s = step(cpu, i);
        assertEquals(3, s.ccBefore());
        assertProgram(s, level, rule, null, ProgramInterruption.SPECIFICATION);
    }

    // ---- step 1: operation -----------------------------------------------------------------------

    static Stream<Arguments> everyInstruction() {
        return Stream.of(
                Arguments.of("TAPQ", Instruction.PQAP, pqap(FunctionCode.TAPQ, CONFIGURED)),
                Arguments.of("AQIC", Instruction.PQAP, pqap(FunctionCode.AQIC, CONFIGURED)),
                Arguments.of("QCI", Instruction.PQAP, pqap(FunctionCode.QCI, CONFIGURED)),
                Arguments.of("fc 42", Instruction.PQAP, pqap(42, CONFIGURED)),
                Arguments.of("NQAP 4,6", Instruction.nqap(4, 6), CONFIGURED.encode()),
                Arguments.of("DQAP 3,5", Instruction.dqap(3, 5), CONFIGURED.encode()));
    }

    @ParameterizedTest(name = "{0}, outer-interpretation {3}")
    @MethodSource("everyInstructionTwice")
    void operationWhenTheGuestLacksAp(String name, Instruction i, long gr0, boolean outer) {
        // without 'ap' ECA_APIE is off: every instruction intercepts whatever the outer level grants
        Vcpu cpu = machine().ap(false).outer(outer).vcpu();
        fill(cpu, gr0);
        assertProgram(step(cpu, i), Level.KVM, "op.ap-not-available", null, ProgramInterruption.OPERATION);
    }

    static Stream<Arguments> everyInstructionTwice() {
        List<Arguments> out = new ArrayList<>();
        for (boolean outer : new boolean[]{false, true}) {
            everyInstruction().forEach(a -> out.add(Arguments.of(a.get()[0], a.get()[1], a.get()[2], outer)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyInstruction")
    void operationWhenTheHostLacksApInstructions(String name, Instruction i, long gr0) {
        Vcpu cpu = machine().hap(false).vcpu();
        fill(cpu, gr0);
        assertProgram(step(cpu, i), Level.KVM, "op.ap-not-available", null, ProgramInterruption.OPERATION);
    }

    // ---- step 2: privileged operation ------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void privilegedOperationInProblemState(Path path) {
        for (Instruction i : List.of(Instruction.PQAP, Instruction.nqap(4, 6), Instruction.dqap(4, 6))) {
            Vcpu cpu = queueCpu(machine(path), i instanceof Instruction.Pqap ? pqap(FunctionCode.TAPQ, CONFIGURED)
                    : CONFIGURED.encode());
            cpu.setProblemState(true);
            Step s = step(cpu, i);
            assertEquals(3, s.ccBefore());
            assertProgram(s, path.level, "priv.problem-state", null, ProgramInterruption.PRIVILEGED_OPERATION);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void privilegedOperationForAqicIsDecidedInKvm(Path path) {
        HandledHook hook = new HandledHook(0);
        Vcpu cpu = cpu(machine(path).hook(hook), pqap(FunctionCode.AQIC, CONFIGURED));
        cpu.setProblemState(true);
        assertProgram(step(cpu, Instruction.PQAP), Level.KVM, "priv.problem-state", null,
                ProgramInterruption.PRIVILEGED_OPERATION);
        assertEquals(0, hook.calls);
    }

    // ---- step 3: specification, PQAP ---------------------------------------------------------------

    static Stream<Arguments> pqapSpecCases() {
        return Stream.of(
                // fc not in 0-8
                Arguments.of("fc 9", machine(), pqap(9, CONFIGURED), "spec.fc-undefined"),
                Arguments.of("fc 42", machine(), pqap(42, CONFIGURED), "spec.fc-undefined"),
                Arguments.of("fc 255", machine(), pqap(255, CONFIGURED), "spec.fc-undefined"),
                // fc 6
                Arguments.of("fc 6", machine(), pqap(FunctionCode.FC6, CONFIGURED), "spec.fc6-not-modelled"),
                // fc 7/8 without secure execution
                Arguments.of("BAPQ, no SE", machine().se(false), pqap(FunctionCode.BAPQ, CONFIGURED),
                        "spec.fc-secure-execution-only"),
                Arguments.of("AAPQ, no SE", machine().se(false), pqap(FunctionCode.AAPQ, CONFIGURED),
                        "spec.fc-secure-execution-only"),
                // GR0 bits 42-47 for every function, bit 41 except RAPQ/ZAPQ/QACT
                Arguments.of("TAPQ bit 42", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(42), "spec.gr0-reserved-bits"),
                Arguments.of("TAPQ bit 43", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(43), "spec.gr0-reserved-bits"),
                Arguments.of("TAPQ bit 44", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(44), "spec.gr0-reserved-bits"),
                Arguments.of("TAPQ bit 45", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(45), "spec.gr0-reserved-bits"),
                Arguments.of("TAPQ bit 46", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(46), "spec.gr0-reserved-bits"),
                Arguments.of("TAPQ bit 47", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(47), "spec.gr0-reserved-bits"),
                Arguments.of("RAPQ bit 42", machine(), pqap(FunctionCode.RAPQ, CONFIGURED) | bit(42), "spec.gr0-reserved-bits"),
                Arguments.of("ZAPQ bit 47", machine(), pqap(FunctionCode.ZAPQ, CONFIGURED) | bit(47), "spec.gr0-reserved-bits"),
                Arguments.of("QACT bit 45", machine(), pqap(FunctionCode.QACT, CONFIGURED) | bit(45), "spec.gr0-reserved-bits"),
                Arguments.of("QCI bit 44", machine(), pqap(FunctionCode.QCI, CONFIGURED) | bit(44), "spec.gr0-reserved-bits"),
                Arguments.of("TAPQ bit 41", machine(), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(41), "spec.gr0-reserved-bits"),
                Arguments.of("QCI bit 41", machine(), pqap(FunctionCode.QCI, CONFIGURED) | bit(41), "spec.gr0-reserved-bits"),
                Arguments.of("BAPQ bit 41 (SE)", machine().se(true), pqap(FunctionCode.BAPQ, CONFIGURED) | bit(41),
                        "spec.gr0-reserved-bits"),
                // T bit
                Arguments.of("RAPQ with T", machine(), pqap(FunctionCode.RAPQ, CONFIGURED) | bit(40), "spec.t-bit-not-tapq"),
                Arguments.of("ZAPQ with T", machine(), pqap(FunctionCode.ZAPQ, CONFIGURED) | bit(40), "spec.t-bit-not-tapq"),
                Arguments.of("QCI with T", machine(), pqap(FunctionCode.QCI, CONFIGURED) | bit(40), "spec.t-bit-not-tapq"),
                Arguments.of("QACT with T", machine(), pqap(FunctionCode.QACT, CONFIGURED) | bit(40), "spec.t-bit-not-tapq"),
                Arguments.of("TAPQ with T, no apft", machine().apft(false), pqap(FunctionCode.TAPQ, CONFIGURED) | bit(40),
                        "spec.t-bit-without-apft"),
                // APQN range without APXA
                Arguments.of("TAPQ 40.0005, no apxa", machine(), pqap(FunctionCode.TAPQ, new Apqn(0x40, 5)),
                        "spec.apqn-beyond-non-apxa-range"),
                Arguments.of("TAPQ 03.0010, no apxa", machine(), pqap(FunctionCode.TAPQ, new Apqn(3, 0x10)),
                        "spec.apqn-beyond-non-apxa-range"),
                Arguments.of("RAPQ ff.00ff, no apxa", machine(), pqap(FunctionCode.RAPQ, new Apqn(0xFF, 0xFF)),
                        "spec.apqn-beyond-non-apxa-range"),
                // function not installed
                Arguments.of("QCI without apqci", machine().apqci(false), pqap(FunctionCode.QCI, CONFIGURED),
                        "spec.fc-not-installed"),
                Arguments.of("QACT without apqci", machine().apqci(false), pqap(FunctionCode.QACT, CONFIGURED),
                        "spec.fc-not-installed"),
                // QCI alignment (GR2 set by the test)
                Arguments.of("QCI at 0x1004", machine(), pqap(FunctionCode.QCI, CONFIGURED), "spec.qci-block-alignment"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {4}")
    @MethodSource("pqapSpecOnBothPaths")
    void pqapSpecification(Path path, String name, Builder builder, long gr0, String rule) {
        Vcpu cpu = cpu(builder.on(path), gr0);
        if (name.startsWith("QCI at")) {
            cpu.setGr(2, 0x1004);
        }
        assertSpec(cpu, Instruction.PQAP, path.level, rule);
    }

    static Stream<Arguments> pqapSpecOnBothPaths() {
        List<Arguments> out = new ArrayList<>();
        for (Path path : Path.values()) {
            pqapSpecCases().forEach(a -> out.add(Arguments.of(path, a.get()[0], a.get()[1], a.get()[2], a.get()[3])));
        }
        return out.stream();
    }

    /** AQIC always intercepts: its specification exceptions come from the kvm level on both paths. */
    static Stream<Arguments> aqicSpecCases() {
        List<Arguments> out = new ArrayList<>();
        long aqic = pqap(FunctionCode.AQIC, CONFIGURED);
        for (Path path : Path.values()) {
            out.add(Arguments.of(path, "bit 41", machine(), aqic | bit(41), "spec.gr0-reserved-bits"));
            out.add(Arguments.of(path, "bit 46", machine(), aqic | bit(46), "spec.gr0-reserved-bits"));
            out.add(Arguments.of(path, "T bit", machine(), aqic | bit(40), "spec.t-bit-not-tapq"));
            out.add(Arguments.of(path, "APQI 16, no apxa", machine(), pqap(FunctionCode.AQIC, new Apqn(3, 0x10)),
                    "spec.apqn-beyond-non-apxa-range"));
            out.add(Arguments.of(path, "no apqi", machine().apqi(false), aqic, "spec.fc-not-installed"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "AQIC {0}: {1} -> {4}")
    @MethodSource("aqicSpecCases")
    void aqicSpecification(Path path, String name, Builder builder, long gr0, String rule) {
        HandledHook hook = new HandledHook(0);
        Vcpu cpu = cpu(builder.on(path).hook(hook), gr0);
        assertSpec(cpu, Instruction.PQAP, Level.KVM, rule);
        assertEquals(0, hook.calls);
    }

    // ---- step 3: specification, NQAP / DQAP -------------------------------------------------------

    static Stream<Arguments> queueSpecCases() {
        List<Arguments> out = new ArrayList<>();
        for (Path path : Path.values()) {
            for (String op : List.of("NQAP", "DQAP")) {
                out.add(Arguments.of(path, op, 3, 6, 16L, 0L, "spec.odd-register"));
                out.add(Arguments.of(path, op, 4, 7, 16L, 0L, "spec.odd-register"));
                out.add(Arguments.of(path, op, 5, 9, 16L, 0L, "spec.odd-register"));
                out.add(Arguments.of(path, op, 4, 6, 0L, 0L, "spec.length"));
                out.add(Arguments.of(path, op, 4, 6, 12L * 1024 + 1, 0L, "spec.length"));
                out.add(Arguments.of(path, op, 4, 6, 1L << 40, 0L, "spec.length"));
                out.add(Arguments.of(path, op, 4, 6, -1L, 0L, "spec.length"));
            }
            for (int b : new int[]{32, 34, 35, 40}) {
                out.add(Arguments.of(path, "NQAP", 4, 6, 16L, bit(b), "spec.gr0-reserved-bits"));
            }
            for (int b : new int[]{33, 34, 35, 40, 41}) {
                out.add(Arguments.of(path, "DQAP", 4, 6, 16L, bit(b), "spec.gr0-reserved-bits"));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1} {2},{3} length {4} GR0 bits {5} -> {6}")
    @MethodSource("queueSpecCases")
    void queueSpecification(Path path, String op, int r1, int r2, long length, long gr0Bits, String rule) {
        Vcpu cpu = cpu(machine(path), CONFIGURED.encode() | gr0Bits);
        cpu.setGr(r2, NQAP_MSG);
        cpu.setGr((r2 + 1) & 15, length);
        Instruction i = op.equals("NQAP") ? Instruction.nqap(r1, r2) : Instruction.dqap(r1, r2);
        assertSpec(cpu, i, path.level, rule);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void lengthLimitIs12KiBAlsoForAnUnconfiguredApqn(Path path) {
        for (Instruction i : List.of(Instruction.nqap(4, 6), Instruction.dqap(4, 6))) {
            Vcpu cpu = queueCpu(machine(path), UNCONFIGURED.encode());
            cpu.setGr(7, 12 * 1024 + 1);
            assertSpec(cpu, i, path.level, "spec.length");
            // at exactly 12 KiB the length is fine and the APQN check decides
            cpu.setGr(7, 12 * 1024);
            Step s = step(cpu, i);
            assertCompleted(s, path.level, "exec.apqn-not-available", null, 3, 0x0001_0000L,
                    StatusPlacement.ARCHITECTED);
            assertEquals(0x0000_0000_0001_0000L, cpu.gr(1));
        }
    }

    // ---- step 4: addressing ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void qciBlockOutsideGuestMemory(Path path) {
        for (long address : new long[]{MEMORY - 64, MEMORY, MEMORY + 0x1000, 0xFFFF_FFFF_FFFF_FF80L}) {
            Vcpu cpu = cpu(machine(path), pqap(FunctionCode.QCI, CONFIGURED));
            cpu.setGr(2, address);
            Step s = step(cpu, Instruction.PQAP);
            assertProgram(s, path.level, "addr.outside-guest-memory", null, ProgramInterruption.ADDRESSING);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void qciBlockAtTheVeryEndOfGuestMemoryIsFine(Path path) {
        ApMachine machine = machine(path).build();
        Vcpu cpu = machine.newVcpu();
        fill(cpu, pqap(FunctionCode.QCI, CONFIGURED));
        cpu.setGr(2, MEMORY - 128);
        assertCompleted(step(cpu, Instruction.PQAP), path.level, "exec.qci", null, 0, -1L, StatusPlacement.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void nqapMessageAndDqapBufferOutsideGuestMemory(Path path) {
        for (Instruction i : List.of(Instruction.nqap(4, 6), Instruction.dqap(4, 6))) {
            for (long address : new long[]{MEMORY - 8, MEMORY, 0xFFFF_FFFF_FFFF_FFF8L}) {
                Vcpu cpu = queueCpu(machine(path), CONFIGURED.encode());
                cpu.setGr(6, address);
                cpu.setGr(7, 16);
                Step s = step(cpu, i);
                assertEquals(3, s.ccBefore());
                assertProgram(s, path.level, "addr.outside-guest-memory", null, ProgramInterruption.ADDRESSING);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Path.class)
    void addressingAlsoForAnUnconfiguredApqn(Path path) {
        Vcpu cpu = queueCpu(machine(path), UNCONFIGURED.encode());
        cpu.setGr(6, MEMORY - 8);
        assertProgram(step(cpu, Instruction.nqap(4, 6)), path.level, "addr.outside-guest-memory", null,
                ProgramInterruption.ADDRESSING);
    }
}

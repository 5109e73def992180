package io.apvirt.cli;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.embed.InvalidSettingsException;
import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.embed.Machines;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.Apvirt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldJunit5Extension;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public embedding API (README, "Embedding"): {@link MachineSettings}, {@link Machines} and
 * {@link Apvirt}, with nothing of the engine's internals.
 */
class EmbeddingApiTest {

    /** TAPQ T=1 on 03.0005 in problem state: a privileged-operation exception whoever decides. */
    static Outcome tapqInProblemState(Machine machine) {
        Vcpu cpu = machine.newVcpu();
        cpu.setProblemState(true);
        cpu.setGr(0, PqapGr0.of(FunctionCode.TAPQ, Apqn.parse("03.0005")).encode());
        return cpu.execute(Instruction.PQAP);
    }

    /** An application that produces its settings: the injected machine is built from them. */
    @Nested
    @ExtendWith(WeldJunit5Extension.class)
    class ProducedSettings {

        @ApplicationScoped
        public static class Settings {
            @Produces
            MachineSettings settings() {
                return MachineSettings.defaults().withPolicy("corrected").with("host.outer-interpretation", "false");
            }
        }

        @WeldSetup
        WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().enableDiscovery().addBeanClass(Settings.class)).build();

        @Inject
        Machine machine;

        @Inject
        Machines machines;

        @Test
        void theInjectedMachineUsesTheApplicationsSettings() {
            assertEquals("corrected", machine.policyId());
            Outcome o = tapqInProblemState(machine);
            assertEquals(Level.KVM, o.level(), "EECA.28 off: every PQAP intercepts and the corrected policy decides");
            assertEquals(ProgramInterruption.PRIVILEGED_OPERATION, assertInstanceOf(Outcome.ProgramException.class, o).interruption());
            assertEquals(List.of("corrected", "legacy-abi", "mainline"), machines.policies());
        }

        @Test
        void machinesBuildsAsManyIndependentMachinesAsAsked() {
            Machine legacy = machines.create(MachineSettings.defaults().withPolicy("legacy-abi")
                    .with("apvirt.host.outer-interpretation", "false"));
            Machine mainline = machines.create(MachineSettings.defaults());
            assertEquals("legacy-abi", legacy.policyId());
            assertEquals("mainline", mainline.policyId());
            assertEquals(ProgramInterruption.OPERATION, assertInstanceOf(Outcome.ProgramException.class, tapqInProblemState(legacy)).interruption(),
                    "legacy ABI: QEMU answers an operation exception");
            assertEquals(Level.FIRMWARE, tapqInProblemState(mainline).level(), "interpreted by firmware");
            tapqInProblemState(legacy);
            assertEquals(List.of(2L, 1L), List.of(legacy.now(), mainline.now()), "each machine has its own clock");
        }

        @Test
        void everyProblemOfTheSettingsIsReportedAtOnce(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("cfg.yaml");
            Files.writeString(file, "apvirt:\n  bus:\n    queue-depth: 16\n");
            InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> machines.create(
                    MachineSettings.defaults().withConfigFile(file).withPolicy("nope").with("guest.memory", "lots")));
            List<String> problems = e.settingsProblems().stream().map(p -> p.render()).toList();
            assertEquals(3, problems.size(), problems::toString);
            assertEquals("apvirt.bus.queue-depth = 16 (from " + file + "): must be between 1 and 15 (the 4-bit QD field of TAPQ)",
                    problems.get(0));
            assertEquals("apvirt.guest.memory = lots (from MachineSettings): is not a size: write a number of bytes or a number with "
                    + "KiB, MiB, GiB or TiB (for example 64MiB)", problems.get(1));
            assertTrue(problems.get(2).matches("apvirt\\.policy = nope \\(from MachineSettings\\): is not a known policy id; known: "
                    + "corrected \\([^)]+\\), legacy-abi \\([^)]+\\), mainline \\([^)]+\\)"), problems.get(2));
            assertThrows(InvalidSettingsException.class, () -> machines.validate(MachineSettings.defaults().with("seed", "x")));
        }
    }

    /** Without CDI code of one's own. */
    @Test
    void apvirtBootsTheEngineAndHandsOutMachines() {
        try (Apvirt apvirt = Apvirt.boot()) {
            Machine machine = apvirt.machine(MachineSettings.defaults().withHook("none"));
            assertEquals("none", machine.hookId());
            Vcpu cpu = machine.newVcpu();
            cpu.setGr(0, PqapGr0.of(FunctionCode.TAPQ, Apqn.parse("03.0005")).encode());
            Outcome.Completed tapq = assertInstanceOf(Outcome.Completed.class, cpu.execute(Instruction.PQAP));
            assertEquals("exec.tapq", tapq.rule().id());
            assertEquals(0, tapq.cc());
            assertEquals(List.of("corrected", "legacy-abi", "mainline"), apvirt.machines().policies());
        }
    }
}

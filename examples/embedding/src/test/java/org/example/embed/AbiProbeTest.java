package org.example.embed;

import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldJunit5Extension;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** weld-junit5: the engine's beans and this application's, discovered on the test class path. */
@ExtendWith(WeldJunit5Extension.class)
class AbiProbeTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().enableDiscovery()).build();

    @Inject
    AbiProbe probe;

    @Inject
    Machine machine;   // the configured machine: the defaults, APVIRT_* and -Dapvirt.*

    @Test
    void eachPolicyAnswersTheIntercept() {
        List<String> lines = probe.probe();
        assertEquals(3, lines.size(), lines::toString);
        assertEquals("corrected  kvm       ", lines.get(0).substring(0, 21));
        assertEquals("legacy-abi userspace ", lines.get(1).substring(0, 21));
        assertEquals("mainline   kvm       ", lines.get(2).substring(0, 21));
        List<Execution> seen = probe.seen();
        assertEquals(List.of("corrected", "legacy-abi", "mainline"), seen.stream().map(Execution::policy).toList());
        assertEquals(List.of(ProgramInterruption.PRIVILEGED_OPERATION, ProgramInterruption.OPERATION,
                        ProgramInterruption.PRIVILEGED_OPERATION),
                seen.stream().map(e -> assertInstanceOf(Outcome.ProgramException.class, e.outcome()).interruption()).toList());
    }

    @Test
    void theInjectedMachineRunsTheDefaults() {
        assertEquals("mainline", machine.policyId());
        assertEquals("vfio-ap", machine.hookId());
        assertEquals(Level.FIRMWARE, machine.newVcpu().execute(io.apvirt.api.instruction.Instruction.PQAP).level());
    }
}

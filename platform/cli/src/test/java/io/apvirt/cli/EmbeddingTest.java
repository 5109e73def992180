package io.apvirt.cli;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.policy.InterceptReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldJunit5Extension;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A small CDI application that embeds apvirt: injects the machine and observes every outcome. */
@ExtendWith(WeldJunit5Extension.class)
class EmbeddingTest {

    @ApplicationScoped
    public static class OutcomeLog {
        private final List<Execution> seen = new ArrayList<>();

        List<Execution> seen() {
            return seen;
        }

        void record(@Observes Execution execution) {
            seen.add(execution);
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().enableDiscovery().addBeanClass(OutcomeLog.class)).build();

    @Inject
    Machine machine;

    @Inject
    OutcomeLog log;

    @Test
    void theInjectedMachineExecutesAndFiresAnEventPerOutcome() {
        assertEquals("mainline", machine.policyId());
        Vcpu cpu = machine.newVcpu();
        cpu.setGr(0, PqapGr0.of(FunctionCode.TAPQ, Apqn.parse("03.0005")).encode());
        Outcome tapq = cpu.execute(Instruction.PQAP);
        cpu.setGr(0, PqapGr0.of(FunctionCode.AQIC, Apqn.parse("03.0005")).encode());
        cpu.setGr(1, AqicControl.guest(true, 3).encode()); // enable interrupts for ISC 3
        cpu.setGr(2, 0x1000);                              // the notification byte (NIB)
        Outcome aqic = cpu.execute(Instruction.PQAP);

        assertEquals(Level.FIRMWARE, tapq.level());
        assertEquals("exec.tapq", tapq.rule().id());
        assertEquals(0, ((Outcome.Completed) tapq).cc());
        assertEquals(Level.HOOK, aqic.level());            // the default hook, vfio-ap
        assertEquals("vfio-ap.enable", aqic.rule().id());
        assertEquals(0, cpu.cc());
        assertEquals(0x81000000L, cpu.gr(1));              // APQSW E and I, RC 0, zero-extended

        assertEquals(2, log.seen().size());
        Execution first = log.seen().get(0);
        assertEquals("mainline", first.policy());
        assertEquals(1, first.tick());
        assertNull(first.intercept());
        assertEquals(tapq, first.outcome());
        Execution second = log.seen().get(1);
        assertEquals(2, second.tick());
        assertEquals(InterceptReason.AQIC_MANDATORY, second.intercept());
        assertEquals(aqic, second.outcome());
        assertEquals(0x0000800000000003L, second.before()[1]);
        assertEquals(0x81000000L, second.after()[1]);
        assertEquals(1 << 1, second.changedRegisterMask());
    }
}

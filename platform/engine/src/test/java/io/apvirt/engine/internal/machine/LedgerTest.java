package io.apvirt.engine.internal.machine;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every accepted NQAP is replied to, dropped by a reset, or still queued (docs/design.md#speed-and-load). */
class LedgerTest {

    @Test
    void acceptedMessagesAreRepliedDroppedOrPending() {
        ApMachine machine = new ApMachine("arch", intercept -> intercept.architected(Level.KVM), "none", null,
                new HostModel(true, true, false), new GuestModel(true, true, true, true, true, true, false, 1L << 20,
                ApMask.of(3), ApMask.of(5, 6), ApMask.of(5, 6)), 2, 8, null);
        Vcpu cpu = machine.newVcpu();
        Apqn q5 = new Apqn(3, 5);
        Apqn q6 = new Apqn(3, 6);
        cpu.setGr(6, 0x1000);
        cpu.setGr(7, 16);
        cpu.setGr(9, 4096);
        for (Apqn apqn : new Apqn[]{q5, q5, q6}) {
            cpu.setGr(0, QueueGr0.nqap(apqn, true).encode());
            assertEquals(0, ((Outcome.Completed) cpu.execute(Instruction.nqap(4, 6))).cc());
        }
        assertEquals(new ApMachine.Ledger(3, 0, 0, 3), machine.ledger());

        cpu.setGr(0, QueueGr0.dqap(q5).encode());
        cpu.setGr(8, 0x2000);
        assertEquals(0, ((Outcome.Completed) cpu.execute(Instruction.dqap(4, 8))).cc());
        assertEquals(new ApMachine.Ledger(3, 1, 0, 2), machine.ledger());

        cpu.setGr(0, PqapGr0.of(FunctionCode.ZAPQ, q5).encode());
        assertEquals(0, ((Outcome.Completed) cpu.execute(Instruction.PQAP)).cc());
        ApMachine.Ledger after = machine.ledger();
        assertEquals(new ApMachine.Ledger(3, 1, 1, 1), after);
        assertTrue(after.balanced());
    }
}

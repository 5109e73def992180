package io.apvirt.cli.render;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.Vcpu;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rendering of queue states the default bus cannot reach from the command line (interrupts on, faults). */
class DevicesReportTest {

    record Fixed(List<QueueState> queues, List<Integer> pendingInterrupts) implements Machine {
        public String policyId() {
            return "corrected";
        }

        public List<String> log() {
            return List.of();
        }

        public String hookId() {
            return "vfio-ap";
        }

        public HostModel host() {
            return new HostModel(true, true, false);
        }

        public GuestModel guest() {
            return new GuestModel(true, true, true, true, true, true, false, 1 << 20, ApMask.of(3), ApMask.of(5), ApMask.of(5));
        }

        public Vcpu newVcpu() {
            throw new UnsupportedOperationException();
        }

        public long now() {
            return 42;
        }

        public byte[] read(long address, int length) {
            throw new UnsupportedOperationException();
        }

        public void write(long address, byte[] data) {
            throw new UnsupportedOperationException();
        }
    }

    static final Fixed MACHINE = new Fixed(List.of(
            new QueueState(new Apqn(3, 5), "CEX8", "cca", "echo", "online", 7, 5, 1, 2, 1, true, 3, 4, 0),
            new QueueState(new Apqn(3, 6), "CEX7", "ep11", "echo", "checkstopped", 0, 0, 0, 0, 0, false, -1, 0, 0),
            new QueueState(new Apqn(0x7f, 0xff), "CEX5", "accelerator", "slow", "reset", 12, 10, 2, 0, 0, false, -1, 3, 1)),
            List.of(3));

    @Test
    void interruptsOnShowTheirIscAndTheTypeLetterFollowsTheMode() {
        assertEquals("CARD.DOM  TYPE   MODE         STATUS        REQUESTS  PENDING  IRQ  ISC  REPLIES  DROPPED  REFUSED  BEHAVIOUR  MATRIX\n"
                + "03.0005   CEX8C  cca          online        7         1        on   3    5        1        2        echo       yes\n"
                + "03.0006   CEX7P  ep11         checkstopped  0         0        off  -    0        0        0        echo       no\n"
                + "7f.00ff   CEX5A  accelerator  reset         12        0        off  -    10       2        0        slow       no\n",
                DevicesReport.table(MACHINE));
    }

    @Test
    void theBusCarriesTheCountersAndThePendingIscs() {
        DevicesReport.Bus bus = DevicesReport.bus(MACHINE);
        assertEquals(42L, bus.tick());
        assertEquals(List.of(3), bus.pendingInterrupts());
        DevicesReport.Queue first = bus.queues().get(0);
        assertEquals(Integer.valueOf(3), first.isc());
        assertEquals(true, first.irq());
        assertEquals(4L, first.interruptsRaised());
        DevicesReport.Queue last = bus.queues().get(2);
        assertEquals(null, last.isc());
        assertEquals(1L, last.interruptsLost());
        assertEquals(127, last.card());
        assertEquals(255, last.domain());
        assertEquals("7f.00ff", last.apqn());
        assertEquals("CEX5A", last.type());
        assertEquals("CEX5", last.generation());
    }
}

package io.apvirt.cli.render;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.VfioApState;
import io.apvirt.api.machine.Vcpu;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rendering of queue states the default bus cannot reach from the command line (interrupts on, faults). */
class DevicesReportTest {

    record Fixed(List<QueueState> queues, List<Integer> pendingInterrupts, VfioApState vfioAp) implements Machine {
        public void reset() {
            throw new UnsupportedOperationException();
        }

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
            List.of(3),
            // 03.0006's adapter checkstopped with its interrupts on: vfio_ap still holds its ISC 2 and NIB
            new VfioApState(new TreeMap<>(Map.of(new Apqn(3, 5), new VfioApState.Saved(3, 0x1000),
                    new Apqn(3, 6), new VfioApState.Saved(2, 0x2008))), new TreeMap<>(Map.of(2, 1, 3, 1)), 2));

    @Test
    void interruptsOnShowTheirIscAndTheTypeLetterFollowsTheMode() {
        assertEquals("CARD.DOM  TYPE   MODE         STATUS        REQUESTS  PENDING  IRQ  ISC  SAVED-ISC  NIB     REPLIES  DROPPED  "
                + "REFUSED  BEHAVIOUR  MATRIX\n"
                + "03.0005   CEX8C  cca          online        7         1        on   3    3          0x1000  5        1        "
                + "2        echo       yes\n"
                + "03.0006   CEX7P  ep11         checkstopped  0         0        off  -    2          0x2008  0        0        "
                + "0        echo       no\n"
                + "7f.00ff   CEX5A  accelerator  reset         12        0        off  -    -          -       10       2        "
                + "0        slow       no\n"
                + "gisc-registrations: 2=1, 3=1; pinned-pages: 2\n",
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
        assertEquals(null, last.savedIsc());
        assertEquals(null, last.nib());
        DevicesReport.Queue checkstopped = bus.queues().get(1);
        assertEquals(null, checkstopped.isc());
        assertEquals(Integer.valueOf(2), checkstopped.savedIsc());
        assertEquals(Long.valueOf(0x2008), checkstopped.nib());
        assertEquals(Map.of(2, 1, 3, 1), bus.giscRegistrations());
        assertEquals(2, bus.pinnedPages());
    }
}

package io.apvirt.plugin.js;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.hook.HostAp;
import io.apvirt.api.hook.VfioApQueues;

import java.util.List;

/**
 * The sample arguments of a dry call ({@code check}) and of the engine's warm-up: a 16-byte
 * request (bytes 0x00-0x0f, PSMID 0x0000000100000002, tick 1) on queue 03.0005 of a CEX8 in
 * CCA mode (empty, interrupts off), a RAPQ, and an AQIC enabling ISC 3 with NIB 0x1000 on a
 * host where it succeeds.
 */
final class Samples {

    static final Apqn APQN = new Apqn(3, 5);
    static final AdapterSpec ADAPTER = new AdapterSpec(3, ApType.CEX8, ApMode.CCA, 0, 8, List.of(5), 1, 2, "script");
    static final long PSMID = 0x0000_0001_0000_0002L;
    static final int ISC = 3;
    static final long NIB = 0x1000;

    private Samples() {
    }

    static Request request() {
        byte[] message = new byte[16];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        return new Request(PSMID, message, 1);
    }

    /** Queue 03.0005 of the sample adapter: empty, interrupts off, tick 1. */
    static final class Queue implements QueueView {
        @Override
        public Apqn apqn() {
            return APQN;
        }

        @Override
        public AdapterSpec adapter() {
            return ADAPTER;
        }

        @Override
        public int pending() {
            return 0;
        }

        @Override
        public boolean interrupts() {
            return false;
        }

        @Override
        public long now() {
            return 1;
        }
    }

    /** A host whose queue 03.0005 is empty with interrupts off; AQIC succeeds. */
    static final class Host implements HostAp {
        @Override
        public boolean assigned(int apqn) {
            return true;
        }

        @Override
        public int aqic(int apqn, boolean enable, int isc, long nib) {
            return Apqsw.WORD_E;
        }

        @Override
        public int tapq(int apqn) {
            return Apqsw.WORD_E;
        }

        @Override
        public int interruptIsc(int apqn) {
            return -1;
        }

        @Override
        public boolean inGuestMemory(long address, long length) {
            return true;
        }

        @Override
        public boolean giscRegister(int isc) {
            return true;
        }

        @Override
        public void giscUnregister(int isc) {
        }

        /** Nothing saved, and saving keeps nothing: the sample host has no vfio_ap state. */
        @Override
        public VfioApQueues vfioAp() {
            return new VfioApQueues() {
                @Override
                public int savedIsc(int apqn) {
                    return NO_ISC;
                }

                @Override
                public long savedNib(int apqn) {
                    return 0;
                }

                @Override
                public void save(int apqn, int isc, long nib) {
                }

                @Override
                public void pinNib(long nib) {
                }

                @Override
                public void unpinNib(long nib) {
                }

                @Override
                public void freeAqicResources(int apqn) {
                }
            };
        }

        @Override
        public void waitTicks(int ticks) {
        }

        @Override
        public long now() {
            return 1;
        }
    }
}

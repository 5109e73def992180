package io.apvirt.engine.internal.workload;

import io.apvirt.api.arch.Apqn;

/**
 * The {@value #LENGTH}-byte request of {@code apvirt stress}, echoed back as the reply: bytes 0-7
 * the message's id (the PSMID too: vCPU id in the high word, the vCPU's instruction number in the
 * low word), bytes 8-9 the APID and APQI of the queue it was sent to, byte 10 the script fault
 * planted in it ({@link ScriptFault}, 0 for none), byte 11 the fault's variant, bytes 12-15
 * {@code STRS}. A reply that does not read back as one is garbled.
 */
public record StressMessage(long id, Apqn apqn, int fault, int variant) {

    public static final int LENGTH = 16;
    private static final byte[] MAGIC = {'S', 'T', 'R', 'S'};

    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id >>> (56 - 8 * i));
        }
        b[8] = (byte) apqn.apid();
        b[9] = (byte) apqn.apqi();
        b[10] = (byte) fault;
        b[11] = (byte) variant;
        System.arraycopy(MAGIC, 0, b, 12, MAGIC.length);
        return b;
    }

    /** The message a reply carries, or {@code null} when it is not one. */
    public static StressMessage decode(byte[] b) {
        if (b.length != LENGTH) {
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[12 + i] != MAGIC[i]) {
                return null;
            }
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (b[i] & 0xFF);
        }
        return new StressMessage(id, new Apqn(b[8] & 0xFF, b[9] & 0xFF), b[10] & 0xFF, b[11] & 0xFF);
    }

    /** The id of instruction {@code n} of vCPU {@code vcpu}. */
    public static long id(int vcpu, long n) {
        return ((long) vcpu << 32) | (n & 0xFFFFFFFFL);
    }
}

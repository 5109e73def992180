package io.apvirt.engine.internal.device;

import java.math.BigInteger;

/** Fixed-width big-endian fields: numbers right-justified and left-padded with zeroes. */
final class Fields {

    private Fields() {
    }

    /** Fails unless {@code value} is non-negative and fits {@code size} bytes. */
    static BigInteger checkFits(String name, BigInteger value, int size) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " is negative");
        }
        if (value.bitLength() > size * 8) {
            throw new IllegalArgumentException(name + " has " + value.bitLength() + " bits; its field holds "
                    + size * 8);
        }
        return value;
    }

    /** Writes {@code value} right-justified into {@code buf[offset, offset + size)}; the rest stays zero. */
    static void putNumber(byte[] buf, int offset, int size, BigInteger value) {
        byte[] raw = value.toByteArray();
        int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0; // the sign byte
        int len = raw.length - skip;
        System.arraycopy(raw, skip, buf, offset + size - len, len);
    }

    static BigInteger getNumber(byte[] buf, int offset, int size) {
        return new BigInteger(1, buf, offset, size);
    }

    static void putU16(byte[] buf, int offset, int value) {
        buf[offset] = (byte) (value >>> 8);
        buf[offset + 1] = (byte) value;
    }

    static int getU16(byte[] buf, int offset) {
        return (buf[offset] & 0xFF) << 8 | buf[offset + 1] & 0xFF;
    }

    static boolean allZero(byte[] buf, int offset, int size) {
        for (int i = offset; i < offset + size; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

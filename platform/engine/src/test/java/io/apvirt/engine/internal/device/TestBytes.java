package io.apvirt.engine.internal.device;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Byte strings for the tests, written out independently of the production encoders. */
final class TestBytes {

    private TestBytes() {
    }

    /** Hex digits; spaces are ignored. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A {@code size}-byte field holding {@code hex} right-justified, zeroes on the left. */
    static byte[] field(int size, String hex) {
        byte[] value = hex(hex);
        byte[] out = new byte[size];
        System.arraycopy(value, 0, out, size - value.length, value.length);
        return out;
    }

    /** {@code value} left-padded with zeroes to {@code size} bytes. */
    static byte[] field(int size, byte[] value) {
        return field(size, HexFormat.of().formatHex(value));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

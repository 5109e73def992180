package io.apvirt.engine.internal.scenario;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes a scenario writes into or expects in guest memory, written as hex: two digits a
 * byte, groups separated by spaces or newlines ({@code "50 00 01 90"}, {@code "50000190"},
 * a YAML folded block). Immutable; equal when the bytes are.
 */
public final class HexBytes {

    static final String HOW = "write each byte as two hex digits, for example \"50 00 01 90\"";

    private final byte[] bytes;

    private HexBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static HexBytes of(byte... bytes) {
        return new HexBytes(bytes.clone());
    }

    /**
     * Parses hex text; every whitespace-separated group must have an even number of digits.
     *
     * @throws IllegalArgumentException with the reason (empty, not hex, odd number of digits) and the fix
     */
    public static HexBytes parse(String text) {
        String[] groups = text.trim().split("\\s+");
        if (groups.length == 1 && groups[0].isEmpty()) {
            throw new IllegalArgumentException("no bytes: " + HOW);
        }
        StringBuilder digits = new StringBuilder(text.length());
        for (String g : groups) {
            for (int i = 0; i < g.length(); i++) {
                if (Character.digit(g.charAt(i), 16) < 0) {
                    throw new IllegalArgumentException("'" + g + "' is not hex: " + HOW);
                }
            }
            if (g.length() % 2 != 0) {
                throw new IllegalArgumentException("'" + g + "' has an odd number of hex digits: " + HOW);
            }
            digits.append(g);
        }
        return new HexBytes(HexFormat.of().parseHex(digits));
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    public boolean matches(byte[] actual) {
        return Arrays.equals(bytes, actual);
    }

    /** {@code 01 02 03}. */
    public static String render(byte[] data) {
        return HexFormat.ofDelimiter(" ").formatHex(data);
    }

    @Override
    public String toString() {
        return render(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HexBytes h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}

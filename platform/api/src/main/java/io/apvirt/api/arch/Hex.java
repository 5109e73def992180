package io.apvirt.api.arch;

/** Number parsing and formatting shared by the value types: decimal or {@code 0x} hex, 64-bit unsigned. */
public final class Hex {
    private Hex() {
    }

    /**
     * Parses {@code 123}, {@code 0x7b} or {@code 0X7B}; underscores are allowed as separators
     * ({@code 0x0000_0000_0300_0000}). The full unsigned 64-bit range is accepted.
     */
    public static long parseUnsigned(String text) {
        String t = text.trim().replace("_", "");
        if (t.isEmpty()) {
            throw new NumberFormatException("empty number");
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' is not a number (write 42 or 0x2a)");
        }
    }

    /** {@code 0x} followed by 16 hex digits. */
    public static String reg(long value) {
        return String.format("0x%016x", value);
    }

    /** {@code 0x} followed by two hex digits. */
    public static String byteHex(int value) {
        return String.format("0x%02x", value & 0xFF);
    }
}

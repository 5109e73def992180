package io.apvirt.api.arch;

/**
 * IBM MSB-0 bit numbering (docs/architecture.md#bit-numbering): bit {@code i} of a 64-bit
 * register is {@code 1L << (63 - i)}. The only place outside the value types' own
 * constants where a field is cut out of a register.
 */
final class Msb0 {
    private Msb0() {
    }

    /** Bits {@code first..last} (inclusive, MSB-0) of a 64-bit register, right-aligned. */
    static long field(long register, int first, int last) {
        int width = last - first + 1;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        return (register >>> (63 - last)) & mask;
    }

    /** {@code value} placed into bits {@code first..last} (MSB-0) of a 64-bit register. */
    static long place(long value, int first, int last) {
        int width = last - first + 1;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        if ((value & ~mask) != 0) {
            throw new IllegalArgumentException("value 0x" + Long.toHexString(value)
                    + " does not fit bits " + first + "-" + last);
        }
        return value << (63 - last);
    }

    static boolean bit(long register, int bit) {
        return (register & (1L << (63 - bit))) != 0;
    }

    static long bitIf(boolean set, int bit) {
        return set ? 1L << (63 - bit) : 0L;
    }
}

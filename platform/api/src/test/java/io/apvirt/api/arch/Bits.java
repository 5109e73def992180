package io.apvirt.api.arch;

/** MSB-0 helpers for the tests, written independently of the production {@code Msb0}. */
final class Bits {
    private Bits() {
    }

    /** Bit {@code i} (MSB-0) of a 64-bit register. */
    static long bit(int i) {
        return 1L << (63 - i);
    }

    /** Bits {@code first..last} (MSB-0, inclusive) of a 64-bit register. */
    static long range(int first, int last) {
        long m = 0;
        for (int i = first; i <= last; i++) {
            m |= bit(i);
        }
        return m;
    }

    /** Bit {@code i} (MSB-0) of a 32-bit word. */
    static int wordBit(int i) {
        return 1 << (31 - i);
    }
}

package io.apvirt.api.arch;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A 256-bit AP mask (APM, AQM or ADM) in MSB-0 order: bit {@code n} stands for index
 * {@code n} (docs/architecture.md#1, CRYCB APCB1 and QCI bytes 16-111). Immutable.
 */
public final class ApMask {
    public static final int BITS = 256;
    public static final int BYTES = 32;
    public static final ApMask EMPTY = new ApMask(new long[4]);

    private final long[] words;

    private ApMask(long[] words) {
        this.words = words;
    }

    public static ApMask of(int... indexes) {
        long[] w = new long[4];
        for (int index : indexes) {
            checkIndex(index);
            w[index >>> 6] |= 1L << (63 - (index & 63));
        }
        return new ApMask(w);
    }

    public static ApMask of(Iterable<Integer> indexes) {
        long[] w = new long[4];
        for (int index : indexes) {
            checkIndex(index);
            w[index >>> 6] |= 1L << (63 - (index & 63));
        }
        return new ApMask(w);
    }

    private static void checkIndex(int index) {
        if (index < 0 || index >= BITS) {
            throw new IllegalArgumentException("mask index " + index + " is outside 0-255");
        }
    }

    public boolean test(int index) {
        return index >= 0 && index < BITS && (words[index >>> 6] & (1L << (63 - (index & 63)))) != 0;
    }

    public ApMask with(int index) {
        checkIndex(index);
        long[] w = words.clone();
        w[index >>> 6] |= 1L << (63 - (index & 63));
        return new ApMask(w);
    }

    public ApMask and(ApMask other) {
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            w[i] = words[i] & other.words[i];
        }
        return new ApMask(w);
    }

    public IntStream indexes() {
        return IntStream.range(0, BITS).filter(this::test);
    }

    public boolean isEmpty() {
        return (words[0] | words[1] | words[2] | words[3]) == 0;
    }

    /** 32 bytes, byte 0 bit 0 = index 0 (the QCI and APCB1 layout). */
    public byte[] toBytes() {
        byte[] b = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            b[i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
        }
        return b;
    }

    public static ApMask fromBytes(byte[] bytes, int offset) {
        long[] w = new long[4];
        for (int i = 0; i < BYTES; i++) {
            w[i >>> 3] |= (bytes[offset + i] & 0xFFL) << (56 - 8 * (i & 7));
        }
        return new ApMask(w);
    }

    /** The first 64 bits: the APCB0 APM of CRYCB formats 0 and 1. */
    public long first64() {
        return words[0];
    }

    /** 64 hex digits. */
    public String toHex() {
        StringBuilder sb = new StringBuilder(64);
        for (long w : words) {
            sb.append(String.format("%016x", w));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApMask m && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "ApMask" + Arrays.toString(indexes().toArray());
    }
}

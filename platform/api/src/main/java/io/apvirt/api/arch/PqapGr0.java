package io.apvirt.api.arch;

/**
 * PQAP general register 0 (docs/architecture.md#2.1).
 *
 * <pre>
 * bits  0-31  ignored by KVM (kept for a lossless round trip)
 * bits 32-39  FC, the function code
 * bit  40     T, "test facilities" (TAPQ; needs APFT, facility 15)
 * bits 41-47  must be zero, except bit 41: F for RAPQ/ZAPQ, IF for QACT
 * bits 48-55  APID
 * bits 56-63  APQI
 * </pre>
 *
 * The static accessors read a raw register without allocating (the decision path uses them).
 */
public record PqapGr0(int ignoredHighWord, int fc, boolean t, int bits41To47, int apid, int apqi) {

    /** GR0 bits 41-47 (section 2.1; table 4.3 row 5 tests {@code gr0 & 0x007F0000}). */
    public static final long MASK_BITS_41_TO_47 = 0x00000000007F0000L;
    /** GR0 bit 41: F (RAPQ/ZAPQ) or IF (QACT). */
    public static final long MASK_BIT_41 = 0x0000000000400000L;
    /** GR0 bits 42-47: reserved for every function code. */
    public static final long MASK_BITS_42_TO_47 = 0x00000000003F0000L;
    /** GR0 bit 40, T. */
    public static final long MASK_T = 0x0000000000800000L;
    /** APID above 63 or APQI above 15 (section 2.1; table 4.3 row 7 tests {@code gr0 & 0xC0F0}). */
    public static final long MASK_BEYOND_NON_APXA_RANGE = 0x000000000000C0F0L;

    public PqapGr0 {
        check(fc, 0xFF, "FC");
        check(bits41To47, 0x7F, "bits 41-47");
        check(apid, 0xFF, "APID");
        check(apqi, 0xFF, "APQI");
    }

    private static void check(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0-" + max);
        }
    }

    public static PqapGr0 of(FunctionCode fc, Apqn apqn) {
        return new PqapGr0(0, fc.code(), false, 0, apqn.apid(), apqn.apqi());
    }

    public static PqapGr0 decode(long gr0) {
        return new PqapGr0((int) Msb0.field(gr0, 0, 31), fc(gr0), t(gr0), (int) Msb0.field(gr0, 41, 47),
                (int) Msb0.field(gr0, 48, 55), (int) Msb0.field(gr0, 56, 63));
    }

    public long encode() {
        return Msb0.place(Integer.toUnsignedLong(ignoredHighWord), 0, 31)
                | Msb0.place(fc, 32, 39)
                | Msb0.bitIf(t, 40)
                | Msb0.place(bits41To47, 41, 47)
                | Msb0.place(apid, 48, 55)
                | Msb0.place(apqi, 56, 63);
    }

    public Apqn apqn() {
        return new Apqn(apid, apqi);
    }

    public PqapGr0 withFc(int newFc) {
        return new PqapGr0(ignoredHighWord, newFc, t, bits41To47, apid, apqi);
    }

    public PqapGr0 withT(boolean newT) {
        return new PqapGr0(ignoredHighWord, fc, newT, bits41To47, apid, apqi);
    }

    public PqapGr0 withApqn(Apqn apqn) {
        return new PqapGr0(ignoredHighWord, fc, t, bits41To47, apqn.apid(), apqn.apqi());
    }

    public PqapGr0 withF(boolean f) {
        return new PqapGr0(ignoredHighWord, fc, t, f ? bits41To47 | 0x40 : bits41To47 & ~0x40, apid, apqi);
    }

    // ---- allocation-free readers of a raw GR0 -------------------------------------------

    /** {@code fc = (gr0 >> 24) & 0xFF} (section 2.1). */
    public static int fc(long gr0) {
        return (int) Msb0.field(gr0, 32, 39);
    }

    public static boolean t(long gr0) {
        return (gr0 & MASK_T) != 0;
    }

    /** Any of bits 41-47 set (the mainline check, table 4.3 row 5). */
    public static boolean anyOfBits41To47(long gr0) {
        return (gr0 & MASK_BITS_41_TO_47) != 0;
    }

    /** Any of bits 42-47 set: reserved for every function code (section 11.5). */
    public static boolean anyOfBits42To47(long gr0) {
        return (gr0 & MASK_BITS_42_TO_47) != 0;
    }

    public static boolean bit41(long gr0) {
        return (gr0 & MASK_BIT_41) != 0;
    }

    /** APID above 63 or APQI above 15 (table 4.3 row 7). */
    public static boolean beyondNonApxaRange(long gr0) {
        return (gr0 & MASK_BEYOND_NON_APXA_RANGE) != 0;
    }

    /** The 16-bit APQN of bits 48-63. */
    public static int apqn(long gr0) {
        return (int) Msb0.field(gr0, 48, 63);
    }
}

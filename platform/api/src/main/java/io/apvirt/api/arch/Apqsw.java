package io.apvirt.api.arch;

/**
 * The AP queue status word, 32 bits (docs/architecture.md#3).
 *
 * <pre>
 * word bit 0 (GR1 bit 32)  E, queue empty
 *          1 (33)          R, replies waiting
 *          2 (34)          F, queue full
 *          6 (38)          async (SE era)
 *          7 (39)          I, interrupts enabled
 *          8-15 (40-47)    RC, response code
 * </pre>
 * {@code reserved} keeps word bits 3-5 and 16-31 for a lossless round trip.
 *
 * <p>Two placements in GR1 exist: the architected one (bits 32-63, bits 0-31 zero, as
 * vfio_ap writes it, section 4.4 step 9) and the kernel's no-hook quirk (bits 0-31, low
 * word kept, table 4.3 row 10).
 */
public record Apqsw(boolean empty, boolean repliesWaiting, boolean full, boolean async, boolean irq, int rc,
                    int reserved) {

    public static final int WORD_E = 0x80000000;
    public static final int WORD_R = 0x40000000;
    public static final int WORD_F = 0x20000000;
    public static final int WORD_ASYNC = 0x02000000;
    public static final int WORD_I = 0x01000000;
    public static final int WORD_RC = 0x00FF0000;
    public static final int WORD_RESERVED = 0x1C00FFFF;
    /** KVM's "response code non-zero" test on GR1 (section 3). */
    public static final long GR1_RC_MASK = 0x0000000000FF0000L;

    public Apqsw {
        if (rc < 0 || rc > 0xFF) {
            throw new IllegalArgumentException("response code " + rc + " does not fit 8 bits");
        }
        if ((reserved & ~WORD_RESERVED) != 0) {
            throw new IllegalArgumentException("reserved bits overlap the APQSW fields");
        }
    }

    public static Apqsw of(ResponseCode rc) {
        return new Apqsw(false, false, false, false, false, rc.code(), 0);
    }

    public static Apqsw decode(int word) {
        return new Apqsw((word & WORD_E) != 0, (word & WORD_R) != 0, (word & WORD_F) != 0,
                (word & WORD_ASYNC) != 0, (word & WORD_I) != 0, rcOf(word), word & WORD_RESERVED);
    }

    public int encode() {
        return (empty ? WORD_E : 0) | (repliesWaiting ? WORD_R : 0) | (full ? WORD_F : 0) | (async ? WORD_ASYNC : 0)
                | (irq ? WORD_I : 0) | (rc << 16) | reserved;
    }

    public ResponseCode responseCode() {
        return ResponseCode.of(rc);
    }

    /** Architected placement: GR1 bits 32-63, bits 0-31 zero. */
    public long toGr1() {
        return toGr1(encode());
    }

    public static long toGr1(int word) {
        return Integer.toUnsignedLong(word);
    }

    /** The kernel no-hook placement: the word in GR1 bits 0-31, the old low word kept (table 4.3 row 10). */
    public static long toGr1KernelPlacement(int word, long oldGr1) {
        return (Integer.toUnsignedLong(word) << 32) | (oldGr1 & 0xFFFFFFFFL);
    }

    /** The status word as the architecture places it, GR1 bits 32-63. */
    public static Apqsw fromGr1(long gr1) {
        return decode(wordOfGr1(gr1));
    }

    public static int wordOfGr1(long gr1) {
        return (int) gr1;
    }

    /** {@code word} with its RC field (bits 40-47 of GR1) replaced by {@code rc} (0-255). */
    public static int withRc(int word, int rc) {
        return (word & ~WORD_RC) | ((rc & 0xFF) << 16);
    }

    /** A status word with only the RC set: no flags. */
    public static int rcWord(int rc) {
        return withRc(0, rc);
    }

    public static int rcOf(int word) {
        return (word & WORD_RC) >>> 16;
    }

    public static boolean irqOf(int word) {
        return (word & WORD_I) != 0;
    }

    /** {@code E R F I RC=0x01}: the flags set and the code, for tables. */
    public static String describe(int word) {
        StringBuilder b = new StringBuilder();
        if ((word & WORD_E) != 0) b.append("E ");
        if ((word & WORD_R) != 0) b.append("R ");
        if ((word & WORD_F) != 0) b.append("F ");
        if ((word & WORD_ASYNC) != 0) b.append("A ");
        if ((word & WORD_I) != 0) b.append("I ");
        return b.append("RC=").append(Hex.byteHex(rcOf(word))).toString();
    }
}

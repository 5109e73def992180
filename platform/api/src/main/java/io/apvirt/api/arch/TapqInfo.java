package io.apvirt.api.arch;

/**
 * TAPQ GR2, {@code struct ap_tapq_hwinfo} (docs/architecture.md#2.4).
 *
 * <pre>
 * 0 S/APSC  1 AP4KM  2 AP4KC  3 D (CCA)  4 A (accelerator)  5 X (EP11)  6 N (APXA)
 * 7 command filtering  8-15 classification  16-17 BS (SE bind state)  18-31 reserved
 * 32-39 AT  40-47 ND  48-51 reserved  52-55 ML (4 KiB units)  56-59 reserved  60-63 QD
 * </pre>
 * Bits 0-31 are returned only when TAPQ is issued with T=1.
 */
public record TapqInfo(boolean apsc, boolean ap4km, boolean ap4kc, boolean coprocessor, boolean accelerator,
                       boolean xcp, boolean apxa, boolean commandFiltering, int classification, int bindState,
                       int at, int nd, int ml, int qd, long reserved) {

    /** Bits 18-31, 48-51 and 56-59. */
    public static final long MASK_RESERVED = 0x00003FFF0000F0F0L;
    /** Bits 0-31: present only with T=1. */
    public static final long MASK_FACILITY_BITS = 0xFFFFFFFF00000000L;
    /** Linux card-info mask (section 2.4). */
    public static final long LINUX_CARD_INFO_MASK = 0xFFFF0000FFFF0F0FL;
    /** ML 0 means 12 KiB for compatibility (section 2.4). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 12 * 1024;

    public TapqInfo {
        if (classification < 0 || classification > 0xFF || bindState < 0 || bindState > 3 || at < 0 || at > 0xFF
                || nd < 0 || nd > 0xFF || ml < 0 || ml > 0xF || qd < 0 || qd > 0xF) {
            throw new IllegalArgumentException("TAPQ info field out of range");
        }
        if ((reserved & ~MASK_RESERVED) != 0) {
            throw new IllegalArgumentException("reserved bits overlap the TAPQ info fields");
        }
    }

    public static TapqInfo decode(long gr2) {
        return new TapqInfo(Msb0.bit(gr2, 0), Msb0.bit(gr2, 1), Msb0.bit(gr2, 2), Msb0.bit(gr2, 3),
                Msb0.bit(gr2, 4), Msb0.bit(gr2, 5), Msb0.bit(gr2, 6), Msb0.bit(gr2, 7),
                (int) Msb0.field(gr2, 8, 15), (int) Msb0.field(gr2, 16, 17), (int) Msb0.field(gr2, 32, 39),
                (int) Msb0.field(gr2, 40, 47), (int) Msb0.field(gr2, 52, 55), (int) Msb0.field(gr2, 60, 63),
                gr2 & MASK_RESERVED);
    }

    public long encode() {
        return Msb0.bitIf(apsc, 0) | Msb0.bitIf(ap4km, 1) | Msb0.bitIf(ap4kc, 2) | Msb0.bitIf(coprocessor, 3)
                | Msb0.bitIf(accelerator, 4) | Msb0.bitIf(xcp, 5) | Msb0.bitIf(apxa, 6)
                | Msb0.bitIf(commandFiltering, 7) | Msb0.place(classification, 8, 15)
                | Msb0.place(bindState, 16, 17) | Msb0.place(at, 32, 39) | Msb0.place(nd, 40, 47)
                | Msb0.place(ml, 52, 55) | Msb0.place(qd, 60, 63) | reserved;
    }

    /** What TAPQ returns: bits 0-31 only when T=1. */
    public long encodeForTapq(boolean t) {
        long value = encode();
        return t ? value : value & ~MASK_FACILITY_BITS;
    }

    /** ML in bytes: ML x 4 KiB, 12 KiB when ML is 0. */
    public int maxMessageBytes() {
        return maxMessageBytes(ml);
    }

    public static int maxMessageBytes(int ml) {
        return ml == 0 ? DEFAULT_MAX_MESSAGE_BYTES : ml * 4096;
    }

    public ApMode mode() {
        return accelerator ? ApMode.ACCELERATOR : xcp ? ApMode.EP11 : coprocessor ? ApMode.CCA : null;
    }
}

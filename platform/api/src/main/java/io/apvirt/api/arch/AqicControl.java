package io.apvirt.api.arch;

/**
 * PQAP(AQIC) GR1 input, {@code union ap_qirq_ctrl} (docs/architecture.md#2.3).
 *
 * <pre>
 * bits  8-15  zone              (hypervisor, host-side AQIC)
 * bit  16     IR: 1 enable, 0 disable (guest)
 * bits 21-23  GISC              (hypervisor)
 * bits 30-31  GF, GISA format   (hypervisor)
 * bits 33-59  GISA origin >> 4  (hypervisor)
 * bits 61-63  ISC               (guest)
 * </pre>
 * {@code reserved} holds bits 0-7, 17-20, 24-29, 32 and 60 so that decode/encode is lossless.
 */
public record AqicControl(int zone, boolean ir, int gisc, int gf, int gisaOrigin, int isc, long reserved) {

    public static final long MASK_IR = 0x0000800000000000L;
    public static final long MASK_ISC = 0x0000000000000007L;
    private static final long MASK_FIELDS = 0x00FF000000000000L | MASK_IR | 0x0000070000000000L
            | 0x0000000300000000L | 0x000000007FFFFFF0L | MASK_ISC;
    public static final long MASK_RESERVED = ~MASK_FIELDS;

    public AqicControl {
        if (zone < 0 || zone > 0xFF || gisc < 0 || gisc > 7 || gf < 0 || gf > 3
                || gisaOrigin < 0 || gisaOrigin > 0x7FFFFFF || isc < 0 || isc > 7) {
            throw new IllegalArgumentException("AQIC control field out of range");
        }
        if ((reserved & ~MASK_RESERVED) != 0) {
            throw new IllegalArgumentException("reserved bits overlap the AQIC fields");
        }
    }

    /** What a guest issues: only IR and ISC. */
    public static AqicControl guest(boolean ir, int isc) {
        return new AqicControl(0, ir, 0, 0, 0, isc, 0);
    }

    public static AqicControl decode(long gr1) {
        return new AqicControl((int) Msb0.field(gr1, 8, 15), Msb0.bit(gr1, 16), (int) Msb0.field(gr1, 21, 23),
                (int) Msb0.field(gr1, 30, 31), (int) Msb0.field(gr1, 33, 59), (int) Msb0.field(gr1, 61, 63),
                gr1 & MASK_RESERVED);
    }

    public long encode() {
        return Msb0.place(zone, 8, 15) | Msb0.bitIf(ir, 16) | Msb0.place(gisc, 21, 23) | Msb0.place(gf, 30, 31)
                | Msb0.place(gisaOrigin, 33, 59) | Msb0.place(isc, 61, 63) | reserved;
    }

    /** vfio_ap reads IR as {@code (gr1 >> 47) & 1} (section 2.3). */
    public static boolean ir(long gr1) {
        return (gr1 & MASK_IR) != 0;
    }

    /** vfio_ap reads the ISC as {@code gr1 & 7} (section 2.3). */
    public static int isc(long gr1) {
        return (int) (gr1 & MASK_ISC);
    }
}

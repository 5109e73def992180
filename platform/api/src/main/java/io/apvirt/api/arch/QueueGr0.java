package io.apvirt.api.arch;

/**
 * GR0 of NQAP and DQAP (docs/architecture.md#2.6 and #2.7): control bits 32-47 and
 * the APQN in bits 48-63. Bits 0-31 are kept for a lossless round trip.
 *
 * <p>NQAP: bit 33 is "last message part" (Linux sets {@code 0x40000000}), bit 41 "special"
 * (UNSURE); bits 32, 34, 35 and 40 must be zero. DQAP: Linux sets bit 32 (meaning UNSURE);
 * bits 33, 34, 35, 40 and 41 must be zero.
 */
public record QueueGr0(int highWord, int control, int apid, int apqi) {

    /** NQAP GR0 bits 32, 34, 35, 40 (section 2.6). */
    public static final long NQAP_RESERVED = 0x00000000B0800000L;
    /** DQAP GR0 bits 33, 34, 35, 40, 41 (section 2.7). */
    public static final long DQAP_RESERVED = 0x0000000070C00000L;
    /** NQAP GR0 bit 33: last message part. */
    public static final long NQAP_LAST_PART = 0x0000000040000000L;
    /** NQAP GR0 bit 41: special message (UNSURE). */
    public static final long NQAP_SPECIAL = 0x0000000000400000L;
    /** DQAP GR0 bit 32: set by Linux (UNSURE). */
    public static final long DQAP_BIT_32 = 0x0000000080000000L;

    public QueueGr0 {
        if (control < 0 || control > 0xFFFF) {
            throw new IllegalArgumentException("control bits " + control + " do not fit bits 32-47");
        }
        if (apid < 0 || apid > 0xFF || apqi < 0 || apqi > 0xFF) {
            throw new IllegalArgumentException("APID/APQI outside 0-255");
        }
    }

    public static QueueGr0 decode(long gr0) {
        return new QueueGr0((int) Msb0.field(gr0, 0, 31), (int) Msb0.field(gr0, 32, 47),
                (int) Msb0.field(gr0, 48, 55), (int) Msb0.field(gr0, 56, 63));
    }

    public long encode() {
        return Msb0.place(Integer.toUnsignedLong(highWord), 0, 31) | Msb0.place(control, 32, 47)
                | Msb0.place(apid, 48, 55) | Msb0.place(apqi, 56, 63);
    }

    public static QueueGr0 nqap(Apqn apqn, boolean lastPart) {
        return decode((lastPart ? NQAP_LAST_PART : 0) | apqn.encode());
    }

    public static QueueGr0 dqap(Apqn apqn) {
        return decode(DQAP_BIT_32 | apqn.encode());
    }

    public Apqn apqn() {
        return new Apqn(apid, apqi);
    }

    public boolean lastPart() {
        return (encode() & NQAP_LAST_PART) != 0;
    }

    public static boolean nqapReservedBitsSet(long gr0) {
        return (gr0 & NQAP_RESERVED) != 0;
    }

    public static boolean dqapReservedBitsSet(long gr0) {
        return (gr0 & DQAP_RESERVED) != 0;
    }
}

package io.apvirt.api.arch;

/**
 * CRYCB format, {@code crycbd} bits 30-31 (docs/architecture.md#1). KVM tests
 * {@code crycbd & 0x02} to mean "APXA installed".
 */
public enum CrycbFormat {
    /** No MSA extension 3. */
    FORMAT0(0),
    /** MSA-X3, no APXA. */
    FORMAT1(1),
    /** MSA-X3 and APXA. */
    FORMAT2(3);

    public static final int CRYCBD_FORMAT_MASK = 0x3;
    public static final int CRYCBD_ORIGIN_MASK = 0x7FFFFFF8;

    private final int bits;

    CrycbFormat(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** KVM's test, {@code crycbd & 0x02}. */
    public boolean apxa() {
        return (bits & 0x2) != 0;
    }

    /** A CRYCB designation: 31-bit, 8-byte aligned origin and the format bits. */
    public int designation(int origin) {
        if ((origin & ~CRYCBD_ORIGIN_MASK) != 0) {
            throw new IllegalArgumentException("CRYCB origin 0x" + Integer.toHexString(origin)
                    + " is not a 31-bit, 8-byte aligned address");
        }
        return origin | bits;
    }

    public static CrycbFormat ofDesignation(int crycbd) {
        return switch (crycbd & CRYCBD_FORMAT_MASK) {
            case 0 -> FORMAT0;
            case 1 -> FORMAT1;
            case 3 -> FORMAT2;
            default -> throw new IllegalArgumentException("CRYCB format bits 2 are not defined");
        };
    }

    public static int originOf(int crycbd) {
        return crycbd & CRYCBD_ORIGIN_MASK;
    }

    /** The format KVM builds for a guest with or without APXA (MSA-X3 assumed, section 1). */
    public static CrycbFormat forGuest(boolean apxa) {
        return apxa ? FORMAT2 : FORMAT1;
    }
}

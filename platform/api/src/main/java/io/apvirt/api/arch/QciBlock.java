package io.apvirt.api.arch;

/**
 * The 128-byte QCI block, PQAP fc 4 (docs/architecture.md#2.5).
 *
 * <pre>
 * byte 0: bit 0 S (APSC), 1 N (APXA), 2 C (QACT), 3 R (rc 8a), 4-7 reserved ("L"/"Lext", UNSURE)
 * byte 1: bit 0 B (SE binding)      byte 4: Na (max APID)   byte 5: Nd (max domain index)
 * bytes 16-47 APM, 48-79 AQM, 80-111 ADM
 * </pre>
 */
public record QciBlock(boolean apsc, boolean apxa, boolean qact, boolean rc8a, int byte0Bits4To7, boolean apsb,
                       int na, int nd, ApMask apm, ApMask aqm, ApMask adm) {

    public static final int SIZE = 128;
    public static final int APM_OFFSET = 16;
    public static final int AQM_OFFSET = 48;
    public static final int ADM_OFFSET = 80;

    public QciBlock {
        if (byte0Bits4To7 < 0 || byte0Bits4To7 > 0xF || na < 0 || na > 0xFF || nd < 0 || nd > 0xFF) {
            throw new IllegalArgumentException("QCI field out of range");
        }
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) ((apsc ? 0x80 : 0) | (apxa ? 0x40 : 0) | (qact ? 0x20 : 0) | (rc8a ? 0x10 : 0) | byte0Bits4To7);
        b[1] = (byte) (apsb ? 0x80 : 0);
        b[4] = (byte) na;
        b[5] = (byte) nd;
        System.arraycopy(apm.toBytes(), 0, b, APM_OFFSET, ApMask.BYTES);
        System.arraycopy(aqm.toBytes(), 0, b, AQM_OFFSET, ApMask.BYTES);
        System.arraycopy(adm.toBytes(), 0, b, ADM_OFFSET, ApMask.BYTES);
        return b;
    }

    public static QciBlock decode(byte[] b) {
        if (b.length != SIZE) {
            throw new IllegalArgumentException("a QCI block has 128 bytes, not " + b.length);
        }
        int b0 = b[0] & 0xFF;
        return new QciBlock((b0 & 0x80) != 0, (b0 & 0x40) != 0, (b0 & 0x20) != 0, (b0 & 0x10) != 0, b0 & 0x0F,
                (b[1] & 0x80) != 0, b[4] & 0xFF, b[5] & 0xFF, ApMask.fromBytes(b, APM_OFFSET),
                ApMask.fromBytes(b, AQM_OFFSET), ApMask.fromBytes(b, ADM_OFFSET));
    }

    /** vfio_ap bounds (section 2.5): APM up to Na with APXA, else 63. */
    public int apmMax() {
        return apxa ? na : Apqn.MAX_APID_WITHOUT_APXA;
    }

    /** AQM and ADM up to Nd with APXA, else 15. */
    public int aqmMax() {
        return apxa ? nd : Apqn.MAX_APQI_WITHOUT_APXA;
    }
}

package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The 128-byte QCI block, docs/architecture.md#2.5. */
class QciBlockTest {

    private static QciBlock block(boolean apxa, int na, int nd) {
        return new QciBlock(false, apxa, false, false, 0, false, na, nd, ApMask.EMPTY, ApMask.EMPTY, ApMask.EMPTY);
    }

    /** Bytes that section 2.5 marks reserved (plus byte 1 bits 1-7), zeroed. */
    private static byte[] clearReserved(byte[] b) {
        byte[] c = b.clone();
        c[1] &= (byte) 0x80;
        c[2] = 0;
        c[3] = 0;
        for (int i = 6; i < 16; i++) {
            c[i] = 0;
        }
        for (int i = 112; i < 128; i++) {
            c[i] = 0;
        }
        return c;
    }

    @Test
    void offsets() {
        assertEquals(128, QciBlock.SIZE);
        assertEquals(16, QciBlock.APM_OFFSET);
        assertEquals(48, QciBlock.AQM_OFFSET);
        assertEquals(80, QciBlock.ADM_OFFSET);
    }

    @Test
    void encodeKnownBlock() {
        QciBlock q = new QciBlock(true, true, false, false, 0, false, 0xFF, 0x55, ApMask.of(0, 3), ApMask.of(5),
                ApMask.of(255));
        byte[] expected = new byte[128];
        expected[0] = (byte) 0xC0; // S and N
        expected[4] = (byte) 0xFF; // Na
        expected[5] = (byte) 0x55; // Nd
        expected[16] = (byte) 0x90; // APM indexes 0 and 3
        expected[48] = (byte) 0x04; // AQM index 5
        expected[80 + 31] = (byte) 0x01; // ADM index 255
        assertArrayEquals(expected, q.encode());
        assertEquals(q, QciBlock.decode(expected));
    }

    @ParameterizedTest
    @CsvSource({"128, S", "64, N", "32, C", "16, R", "15, L", "1, L"})
    void byte0Bits(int byte0, String field) {
        byte[] b = new byte[128];
        b[0] = (byte) byte0;
        QciBlock q = QciBlock.decode(b);
        assertEquals(field.equals("S"), q.apsc());
        assertEquals(field.equals("N"), q.apxa());
        assertEquals(field.equals("C"), q.qact());
        assertEquals(field.equals("R"), q.rc8a());
        assertEquals(field.equals("L") ? byte0 : 0, q.byte0Bits4To7());
        assertFalse(q.apsb());
        assertArrayEquals(b, q.encode());
    }

    @Test
    void byte1BitB() {
        byte[] b = new byte[128];
        b[1] = (byte) 0x80;
        assertTrue(QciBlock.decode(b).apsb());
        b[1] = (byte) 0x7F; // reserved bits of byte 1 are not kept
        QciBlock q = QciBlock.decode(b);
        assertFalse(q.apsb());
        assertEquals(0, q.encode()[1]);
    }

    @Test
    void naNdAreBytes4And5() {
        byte[] b = new byte[128];
        b[4] = (byte) 0xAB;
        b[5] = (byte) 0x12;
        QciBlock q = QciBlock.decode(b);
        assertEquals(0xAB, q.na());
        assertEquals(0x12, q.nd());
    }

    @Test
    void masksAtTheirOffsets() {
        byte[] b = new byte[128];
        b[16] = (byte) 0x80; // APM 0
        b[47] = (byte) 0x01; // APM 255
        b[48] = (byte) 0x40; // AQM 1
        b[79] = (byte) 0x02; // AQM 254
        b[80] = (byte) 0x20; // ADM 2
        b[111] = (byte) 0x04; // ADM 253
        QciBlock q = QciBlock.decode(b);
        assertEquals(ApMask.of(0, 255), q.apm());
        assertEquals(ApMask.of(1, 254), q.aqm());
        assertEquals(ApMask.of(2, 253), q.adm());
        assertArrayEquals(b, q.encode());
    }

    @Test
    void reservedBytesAreDropped() {
        byte[] b = new byte[128];
        b[2] = 1;
        b[3] = 1;
        b[6] = 1;
        b[15] = 1;
        b[112] = 1;
        b[127] = 1;
        QciBlock q = QciBlock.decode(b);
        assertEquals(block(false, 0, 0), q);
        assertArrayEquals(new byte[128], q.encode());
    }

    @Test
    void vfioApBounds() {
        assertEquals(63, block(false, 0xFF, 0xFF).apmMax());
        assertEquals(15, block(false, 0xFF, 0xFF).aqmMax());
        assertEquals(0x50, block(true, 0x50, 0x20).apmMax());
        assertEquals(0x20, block(true, 0x50, 0x20).aqmMax());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 127, 129, 256})
    void decodeRejectsWrongLength(int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QciBlock.decode(new byte[length]));
        assertEquals("a QCI block has 128 bytes, not " + length, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"16, 0, 0", "-1, 0, 0", "0, 256, 0", "0, -1, 0", "0, 0, 256", "0, 0, -1"})
    void constructorRejectsFieldsOutOfRange(int bits4To7, int na, int nd) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QciBlock(false, false, false, false, bits4To7, false, na, nd, ApMask.EMPTY, ApMask.EMPTY,
                        ApMask.EMPTY));
        assertEquals("QCI field out of range", e.getMessage());
    }

    @Property
    void bytesRoundTripWhenReservedBytesAreZero(@ForAll @Size(128) byte[] raw) {
        byte[] b = clearReserved(raw);
        assertArrayEquals(b, QciBlock.decode(b).encode());
    }

    @Property
    void decodeAlwaysClearsReservedBytes(@ForAll @Size(128) byte[] raw) {
        assertArrayEquals(clearReserved(raw), QciBlock.decode(raw).encode());
    }

    @Property
    void encodeDecodeReturnsSameRecord(@ForAll boolean s, @ForAll boolean n, @ForAll boolean c, @ForAll boolean r,
                                       @ForAll @IntRange(max = 15) int l, @ForAll boolean bb,
                                       @ForAll @IntRange(max = 255) int na, @ForAll @IntRange(max = 255) int nd,
                                       @ForAll @Size(32) byte[] apm, @ForAll @Size(32) byte[] aqm,
                                       @ForAll @Size(32) byte[] adm) {
        QciBlock q = new QciBlock(s, n, c, r, l, bb, na, nd, ApMask.fromBytes(apm, 0), ApMask.fromBytes(aqm, 0),
                ApMask.fromBytes(adm, 0));
        byte[] b = q.encode();
        assertEquals(128, b.length);
        assertEquals(q, QciBlock.decode(b));
        assertEquals(n, (b[0] & 0x40) != 0);
        assertEquals(na, b[4] & 0xFF);
        assertEquals(nd, b[5] & 0xFF);
        for (int i = 0; i < 32; i++) {
            assertEquals(apm[i], b[16 + i]);
            assertEquals(aqm[i], b[48 + i]);
            assertEquals(adm[i], b[80 + i]);
        }
    }
}

package io.apvirt.api.arch;

import static io.apvirt.api.arch.Bits.bit;
import static io.apvirt.api.arch.Bits.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TAPQ GR2, docs/architecture.md#2.4. */
class TapqInfoTest {

    private static TapqInfo zero() {
        return new TapqInfo(false, false, false, false, false, false, false, false, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void masks() {
        assertEquals(0x00003FFF0000F0F0L, TapqInfo.MASK_RESERVED);
        assertEquals(range(18, 31) | range(48, 51) | range(56, 59), TapqInfo.MASK_RESERVED);
        assertEquals(0xFFFFFFFF00000000L, TapqInfo.MASK_FACILITY_BITS);
        assertEquals(range(0, 31), TapqInfo.MASK_FACILITY_BITS);
        assertEquals(0xFFFF0000FFFF0F0FL, TapqInfo.LINUX_CARD_INFO_MASK);
        assertEquals(12288, TapqInfo.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** Each single-bit flag of bits 0-7 lands in its own component. */
    @ParameterizedTest
    @CsvSource({"0, 0x8000000000000000", "1, 0x4000000000000000", "2, 0x2000000000000000",
            "3, 0x1000000000000000", "4, 0x0800000000000000", "5, 0x0400000000000000", "6, 0x0200000000000000",
            "7, 0x0100000000000000"})
    void flagBits0To7(int bitNo, String hex) {
        long raw = Long.parseUnsignedLong(hex.substring(2), 16);
        assertEquals(bit(bitNo), raw);
        TapqInfo t = TapqInfo.decode(raw);
        boolean[] flags = {t.apsc(), t.ap4km(), t.ap4kc(), t.coprocessor(), t.accelerator(), t.xcp(), t.apxa(),
                t.commandFiltering()};
        for (int i = 0; i < 8; i++) {
            assertEquals(i == bitNo, flags[i], "flag " + i);
        }
        assertEquals(0, t.classification());
        assertEquals(0, t.at());
        assertEquals(raw, t.encode());
    }

    @Test
    void nBitIsBit6() {
        TapqInfo t = TapqInfo.decode(0x0200000000000000L);
        assertTrue(t.apxa());
        assertEquals(new TapqInfo(false, false, false, false, false, false, true, false, 0, 0, 0, 0, 0, 0, 0), t);
    }

    @Test
    void multiBitFields() {
        assertEquals(0xAB, TapqInfo.decode(0x00AB000000000000L).classification()); // bits 8-15
        assertEquals(2, TapqInfo.decode(0x0000800000000000L).bindState()); // bit 16
        assertEquals(1, TapqInfo.decode(0x0000400000000000L).bindState()); // bit 17
        assertEquals(3, TapqInfo.decode(0x0000C00000000000L).bindState());
        assertEquals(13, TapqInfo.decode(0x000000000D000000L).at()); // bits 32-39
        assertEquals(0xFF, TapqInfo.decode(0x00000000FF000000L).at());
        assertEquals(0x55, TapqInfo.decode(0x0000000000550000L).nd()); // bits 40-47
        assertEquals(3, TapqInfo.decode(0x0000000000000300L).ml()); // bits 52-55
        assertEquals(0xF, TapqInfo.decode(0x0000000000000F00L).ml());
        assertEquals(8, TapqInfo.decode(0x0000000000000008L).qd()); // bits 60-63
        assertEquals(0xF, TapqInfo.decode(0x000000000000000FL).qd());
    }

    @Test
    void reservedBitsDoNotLeakIntoFields() {
        TapqInfo t = TapqInfo.decode(0x00003FFF0000F0F0L);
        assertEquals(zero().encode(), t.encode() & ~TapqInfo.MASK_RESERVED);
        assertEquals(0, t.bindState());
        assertEquals(0, t.ml());
        assertEquals(0, t.qd());
        assertEquals(0, t.nd());
        assertEquals(0x00003FFF0000F0F0L, t.reserved());
    }

    @Test
    void cex8AcceleratorWithApxa() {
        // A (bit 4), N (bit 6); AT 14; ND 0x55; ML 3; QD 8
        long raw = 0x0A000000_0E550308L;
        TapqInfo t = TapqInfo.decode(raw);
        assertEquals(new TapqInfo(false, false, false, false, true, false, true, false, 0, 0, 14, 0x55, 3, 8, 0), t);
        assertSame(ApType.CEX8, ApType.ofAt(t.at()));
        assertSame(ApMode.ACCELERATOR, t.mode());
        assertEquals(raw, t.encode());
        assertEquals(raw, t.encodeForTapq(true));
        assertEquals(0x00000000_0E550308L, t.encodeForTapq(false));
        assertEquals(12288, t.maxMessageBytes());
    }

    @Test
    void encodeForTapqWithoutTClearsBits0To31() {
        TapqInfo t = TapqInfo.decode(0xFFFFFFFFFFFFFFFFL);
        assertEquals(-1L, t.encodeForTapq(true));
        assertEquals(0x00000000FFFFFFFFL, t.encodeForTapq(false));
    }

    @ParameterizedTest
    @CsvSource({"0, 12288", "1, 4096", "2, 8192", "3, 12288", "4, 16384", "15, 61440"})
    void maxMessageBytes(int ml, int bytes) {
        assertEquals(bytes, TapqInfo.maxMessageBytes(ml));
        assertEquals(bytes, new TapqInfo(false, false, false, false, false, false, false, false, 0, 0, 0, 0, ml, 0,
                0).maxMessageBytes());
    }

    @Test
    void modes() {
        assertSame(ApMode.CCA, TapqInfo.decode(bit(3)).mode());
        assertSame(ApMode.ACCELERATOR, TapqInfo.decode(bit(4)).mode());
        assertSame(ApMode.EP11, TapqInfo.decode(bit(5)).mode());
        assertNull(TapqInfo.decode(0L).mode());
        assertNull(TapqInfo.decode(bit(0) | bit(6)).mode());
        assertEquals("cca", ApMode.CCA.id());
        assertEquals("accelerator", ApMode.ACCELERATOR.id());
        assertEquals("ep11", ApMode.EP11.id());
    }

    @ParameterizedTest
    @CsvSource({
            "256, 0, 0, 0, 0, 0", "-1, 0, 0, 0, 0, 0",
            "0, 4, 0, 0, 0, 0", "0, -1, 0, 0, 0, 0",
            "0, 0, 256, 0, 0, 0", "0, 0, -1, 0, 0, 0",
            "0, 0, 0, 256, 0, 0", "0, 0, 0, -1, 0, 0",
            "0, 0, 0, 0, 16, 0", "0, 0, 0, 0, -1, 0",
            "0, 0, 0, 0, 0, 16", "0, 0, 0, 0, 0, -1"})
    void constructorRejectsFieldsOutOfRange(int cls, int bs, int at, int nd, int ml, int qd) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TapqInfo(false, false, false, false, false, false, false, false, cls, bs, at, nd, ml, qd, 0));
        assertEquals("TAPQ info field out of range", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x8000000000000000L, 0x0000400000000000L, 0x0000000001000000L, 0x0000000000000001L,
            0x0000000000000100L, 0x0000000000010000L})
    void constructorRejectsReservedOverlappingFields(long reserved) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TapqInfo(false, false, false, false, false, false, false, false, 0, 0, 0, 0, 0, 0,
                        reserved));
        assertTrue(e.getMessage().contains("reserved bits overlap"), e.getMessage());
    }

    @Property
    void decodeEncodeIsLossless(@ForAll long raw) {
        TapqInfo t = TapqInfo.decode(raw);
        assertEquals(raw, t.encode());
        assertEquals(raw, t.encodeForTapq(true));
        assertEquals(raw & 0xFFFFFFFFL, t.encodeForTapq(false));
    }

    @Property
    void encodeDecodeReturnsSameRecord(@ForAll boolean s, @ForAll boolean km, @ForAll boolean kc, @ForAll boolean d,
                                       @ForAll boolean a, @ForAll boolean x, @ForAll boolean n, @ForAll boolean cf,
                                       @ForAll @IntRange(max = 255) int cls, @ForAll @IntRange(max = 3) int bs,
                                       @ForAll @IntRange(max = 255) int at, @ForAll @IntRange(max = 255) int nd,
                                       @ForAll @IntRange(max = 15) int ml, @ForAll @IntRange(max = 15) int qd,
                                       @ForAll long anyBits) {
        TapqInfo t = new TapqInfo(s, km, kc, d, a, x, n, cf, cls, bs, at, nd, ml, qd,
                anyBits & TapqInfo.MASK_RESERVED);
        long raw = t.encode();
        assertEquals(t, TapqInfo.decode(raw));
        assertEquals(n, (raw & 0x0200000000000000L) != 0);
        assertEquals(cls, (raw >>> 48) & 0xFF);
        assertEquals(bs, (raw >>> 46) & 3);
        assertEquals(at, (raw >>> 24) & 0xFF);
        assertEquals(nd, (raw >>> 16) & 0xFF);
        assertEquals(ml, (raw >>> 8) & 0xF);
        assertEquals(qd, raw & 0xF);
    }
}

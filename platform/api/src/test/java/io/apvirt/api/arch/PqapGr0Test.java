package io.apvirt.api.arch;

import static io.apvirt.api.arch.Bits.bit;
import static io.apvirt.api.arch.Bits.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PQAP GR0, docs/architecture.md#2.1. */
class PqapGr0Test {

    // ---- masks from the section 2.1 table -------------------------------------------------

    @Test
    void maskConstantsMatchSection21() {
        assertEquals(0x0000000000800000L, PqapGr0.MASK_T);
        assertEquals(bit(40), PqapGr0.MASK_T);
        assertEquals(0x00000000007F0000L, PqapGr0.MASK_BITS_41_TO_47);
        assertEquals(range(41, 47), PqapGr0.MASK_BITS_41_TO_47);
        assertEquals(0x0000000000400000L, PqapGr0.MASK_BIT_41);
        assertEquals(bit(41), PqapGr0.MASK_BIT_41);
        assertEquals(0x00000000003F0000L, PqapGr0.MASK_BITS_42_TO_47);
        assertEquals(range(42, 47), PqapGr0.MASK_BITS_42_TO_47);
        assertEquals(0x000000000000C0F0L, PqapGr0.MASK_BEYOND_NON_APXA_RANGE);
        assertEquals(range(48, 49) | range(56, 59), PqapGr0.MASK_BEYOND_NON_APXA_RANGE);
    }

    // ---- known answers -------------------------------------------------------------------

    @Test
    void decodeAqicForApqn0305() {
        PqapGr0 g = PqapGr0.decode(0x03000000L | 0x0305);
        assertEquals(3, g.fc());
        assertEquals(3, g.apid());
        assertEquals(5, g.apqi());
        assertFalse(g.t());
        assertEquals(0, g.bits41To47());
        assertEquals(0, g.ignoredHighWord());
        assertEquals(new Apqn(3, 5), g.apqn());
        assertEquals(0x03000305L, g.encode());
    }

    @Test
    void decodeTBit() {
        PqapGr0 g = PqapGr0.decode(0x0000000000800000L);
        assertTrue(g.t());
        assertEquals(0, g.fc());
        assertEquals(0, g.bits41To47());
        assertEquals(new PqapGr0(0, 0, true, 0, 0, 0), g);
    }

    @Test
    void decodeBits41To47() {
        assertEquals(0x40, PqapGr0.decode(0x00400000L).bits41To47());
        assertEquals(0x01, PqapGr0.decode(0x00010000L).bits41To47());
        assertEquals(0x7F, PqapGr0.decode(0x007F0000L).bits41To47());
        assertFalse(PqapGr0.decode(0x007F0000L).t());
    }

    @Test
    void decodeHighWordIsKeptVerbatim() {
        PqapGr0 g = PqapGr0.decode(0xFFFFFFFF00000000L);
        assertEquals(0xFFFFFFFF, g.ignoredHighWord());
        assertEquals(0, g.fc());
        assertEquals(0xFFFFFFFF00000000L, g.encode());
        assertEquals(0x12345678, PqapGr0.decode(0x1234567800000000L).ignoredHighWord());
    }

    @Test
    void decodeAllFieldsAtOnce() {
        // high word 0xCAFEBABE, FC 0x04 (QCI), T, bits 41-47 = 0x2A, APID 0xAB, APQI 0xCD
        long raw = 0xCAFEBABE_04AAABCDL;
        PqapGr0 g = PqapGr0.decode(raw);
        assertEquals(new PqapGr0(0xCAFEBABE, 4, true, 0x2A, 0xAB, 0xCD), g);
        assertEquals(raw, g.encode());
    }

    /** Each single bit of the register lands in exactly the field section 2.1 names. */
    @ParameterizedTest
    @CsvSource({
            "0, high, -2147483648", "31, high, 1",
            "32, fc, 128", "39, fc, 1",
            "40, t, 1",
            "41, b41, 64", "47, b41, 1",
            "48, apid, 128", "55, apid, 1",
            "56, apqi, 128", "63, apqi, 1"})
    void singleBitLandsInItsField(int bitNo, String field, int value) {
        PqapGr0 g = PqapGr0.decode(bit(bitNo));
        assertEquals(field.equals("high") ? value : 0, g.ignoredHighWord());
        assertEquals(field.equals("fc") ? value : 0, g.fc());
        assertEquals(field.equals("t"), g.t());
        assertEquals(field.equals("b41") ? value : 0, g.bits41To47());
        assertEquals(field.equals("apid") ? value : 0, g.apid());
        assertEquals(field.equals("apqi") ? value : 0, g.apqi());
    }

    @Test
    void staticReaders() {
        long raw = 0x00000000_05C3_1234L; // fc 5, T, bit 41, bits 46-47, APQN 0x1234
        assertEquals(5, PqapGr0.fc(raw));
        assertTrue(PqapGr0.t(raw));
        assertTrue(PqapGr0.bit41(raw));
        assertTrue(PqapGr0.anyOfBits41To47(raw));
        assertTrue(PqapGr0.anyOfBits42To47(raw));
        assertEquals(0x1234, PqapGr0.apqn(raw));
        assertEquals(0xFF, PqapGr0.fc(0xFF000000L));
        assertEquals(4, PqapGr0.fc(0x00000001_04000000L));
    }

    @Test
    void bit41AloneIsNotInBits42To47() {
        assertTrue(PqapGr0.anyOfBits41To47(0x00400000L));
        assertTrue(PqapGr0.bit41(0x00400000L));
        assertFalse(PqapGr0.anyOfBits42To47(0x00400000L));
        assertFalse(PqapGr0.bit41(0x00200000L));
        assertTrue(PqapGr0.anyOfBits42To47(0x00200000L));
        assertFalse(PqapGr0.anyOfBits41To47(0x00800000L)); // T is bit 40, not 41
        assertFalse(PqapGr0.t(0x00400000L));
    }

    @Test
    void nonApxaRangeBoundaries() {
        assertFalse(PqapGr0.beyondNonApxaRange(0x3F0FL)); // APID 63, APQI 15
        assertTrue(PqapGr0.beyondNonApxaRange(0x4000L)); // APID 64
        assertTrue(PqapGr0.beyondNonApxaRange(0x8000L)); // APID 128
        assertTrue(PqapGr0.beyondNonApxaRange(0x0010L)); // APQI 16
        assertTrue(PqapGr0.beyondNonApxaRange(0x0080L)); // APQI 128
        assertFalse(PqapGr0.beyondNonApxaRange(0xFFFFFFFF_FFFF3F0FL));
    }

    @Test
    void ofBuildsPlainGr0() {
        PqapGr0 g = PqapGr0.of(FunctionCode.QCI, new Apqn(0x12, 0x34));
        assertEquals(0x04001234L, g.encode());
        assertEquals(0x00000000L, PqapGr0.of(FunctionCode.TAPQ, new Apqn(0, 0)).encode());
        assertEquals(0x0800FFFFL, PqapGr0.of(FunctionCode.AAPQ, new Apqn(0xFF, 0xFF)).encode());
    }

    @Test
    void withers() {
        PqapGr0 base = PqapGr0.decode(0x11111111_00000305L);
        assertEquals(0x11111111_03000305L, base.withFc(3).encode());
        assertEquals(0x11111111_00800305L, base.withT(true).encode());
        assertEquals(0x11111111_00000305L, base.withT(true).withT(false).encode());
        assertEquals(0x11111111_0000FF0AL, base.withApqn(new Apqn(0xFF, 0x0A)).encode());
        assertEquals(0x11111111_00400305L, base.withF(true).encode());
        // withF(false) clears only bit 41, keeping bits 42-47
        assertEquals(0x11111111_003F0305L, PqapGr0.decode(0x11111111_007F0305L).withF(false).encode());
        assertEquals(0x11111111_007F0305L, PqapGr0.decode(0x11111111_003F0305L).withF(true).encode());
    }

    // ---- constructor range checks ---------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "256, 0, 0, 0, FC 256 is outside 0-255",
            "-1, 0, 0, 0, FC -1 is outside 0-255",
            "0, 128, 0, 0, bits 41-47 128 is outside 0-127",
            "0, -1, 0, 0, bits 41-47 -1 is outside 0-127",
            "0, 0, 256, 0, APID 256 is outside 0-255",
            "0, 0, -1, 0, APID -1 is outside 0-255",
            "0, 0, 0, 256, APQI 256 is outside 0-255",
            "0, 0, 0, -1, APQI -1 is outside 0-255"})
    void constructorRejectsOutOfRange(int fc, int b41, int apid, int apqi, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PqapGr0(0, fc, false, b41, apid, apqi));
        assertEquals(message, e.getMessage());
    }

    @Test
    void withFcRejectsOutOfRange() {
        PqapGr0 g = PqapGr0.decode(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.withFc(0x100));
        assertTrue(e.getMessage().contains("FC 256"), e.getMessage());
    }

    // ---- properties -------------------------------------------------------------------------

    @Property
    void decodeEncodeIsLossless(@ForAll long raw) {
        assertEquals(raw, PqapGr0.decode(raw).encode());
    }

    @Property
    void encodeDecodeReturnsSameRecord(@ForAll int high, @ForAll @IntRange(max = 255) int fc, @ForAll boolean t,
                                       @ForAll @IntRange(max = 127) int b41, @ForAll @IntRange(max = 255) int apid,
                                       @ForAll @IntRange(max = 255) int apqi) {
        PqapGr0 g = new PqapGr0(high, fc, t, b41, apid, apqi);
        long raw = g.encode();
        assertEquals(g, PqapGr0.decode(raw));
        // the fields sit where section 2.1 puts them
        assertEquals(Integer.toUnsignedLong(high), raw >>> 32);
        assertEquals(fc, (raw >>> 24) & 0xFF);
        assertEquals(t, (raw & 0x00800000L) != 0);
        assertEquals(b41, (raw >>> 16) & 0x7F);
        assertEquals(apid, (raw >>> 8) & 0xFF);
        assertEquals(apqi, raw & 0xFF);
    }

    @Property
    void staticReadersAgreeWithDecode(@ForAll long raw) {
        PqapGr0 g = PqapGr0.decode(raw);
        assertEquals((int) ((raw >> 24) & 0xFF), PqapGr0.fc(raw));
        assertEquals(g.fc(), PqapGr0.fc(raw));
        assertEquals(g.t(), PqapGr0.t(raw));
        assertEquals(g.bits41To47() != 0, PqapGr0.anyOfBits41To47(raw));
        assertEquals((g.bits41To47() & 0x3F) != 0, PqapGr0.anyOfBits42To47(raw));
        assertEquals((g.bits41To47() & 0x40) != 0, PqapGr0.bit41(raw));
        assertEquals((int) (raw & 0xFFFF), PqapGr0.apqn(raw));
        assertEquals(g.apid() > 63 || g.apqi() > 15, PqapGr0.beyondNonApxaRange(raw));
        assertEquals(g.apqn().needsApxa(), PqapGr0.beyondNonApxaRange(raw));
    }
}

package io.apvirt.api.arch;

import static io.apvirt.api.arch.Bits.bit;
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
import org.junit.jupiter.params.provider.ValueSource;

/** NQAP/DQAP GR0, docs/architecture.md#2.6 and #2.7. */
class QueueGr0Test {

    @Test
    void constantsMatchSections26And27() {
        assertEquals(0x00000000B0800000L, QueueGr0.NQAP_RESERVED);
        assertEquals(bit(32) | bit(34) | bit(35) | bit(40), QueueGr0.NQAP_RESERVED);
        assertEquals(0x0000000070C00000L, QueueGr0.DQAP_RESERVED);
        assertEquals(bit(33) | bit(34) | bit(35) | bit(40) | bit(41), QueueGr0.DQAP_RESERVED);
        assertEquals(0x0000000040000000L, QueueGr0.NQAP_LAST_PART);
        assertEquals(bit(33), QueueGr0.NQAP_LAST_PART);
        assertEquals(0x0000000000400000L, QueueGr0.NQAP_SPECIAL);
        assertEquals(bit(41), QueueGr0.NQAP_SPECIAL);
        assertEquals(0x0000000080000000L, QueueGr0.DQAP_BIT_32);
        assertEquals(bit(32), QueueGr0.DQAP_BIT_32);
    }

    @Test
    void nqapLastPart() {
        QueueGr0 g = QueueGr0.nqap(new Apqn(3, 5), true);
        assertEquals(0x40000305L, g.encode());
        assertEquals(new QueueGr0(0, 0x4000, 3, 5), g);
        assertTrue(g.lastPart());
        assertEquals(new Apqn(3, 5), g.apqn());
        assertFalse(QueueGr0.nqapReservedBitsSet(g.encode()));
    }

    @Test
    void nqapNotLastPart() {
        QueueGr0 g = QueueGr0.nqap(new Apqn(0xAB, 0xCD), false);
        assertEquals(0x0000ABCDL, g.encode());
        assertEquals(0, g.control());
        assertFalse(g.lastPart());
    }

    @Test
    void dqapSetsBit32() {
        QueueGr0 g = QueueGr0.dqap(new Apqn(0x0A, 0x0B));
        assertEquals(0x80000A0BL, g.encode());
        assertEquals(0x8000, g.control());
        assertEquals(0x0A, g.apid());
        assertEquals(0x0B, g.apqi());
        assertFalse(g.lastPart());
        assertFalse(QueueGr0.dqapReservedBitsSet(g.encode()));
        // bit 32 is reserved for NQAP though
        assertTrue(QueueGr0.nqapReservedBitsSet(g.encode()));
    }

    @Test
    void decodeAllFields() {
        QueueGr0 g = QueueGr0.decode(0x12345678_9ABC_0102L);
        assertEquals(0x12345678, g.highWord());
        assertEquals(0x9ABC, g.control());
        assertEquals(0x01, g.apid());
        assertEquals(0x02, g.apqi());
        assertEquals(0x12345678_9ABC_0102L, g.encode());
        assertEquals(0xFFFFFFFF, QueueGr0.decode(0xFFFFFFFF00000000L).highWord());
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 34, 35, 40})
    void nqapReservedBits(int b) {
        assertTrue(QueueGr0.nqapReservedBitsSet(bit(b)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 36, 37, 38, 39, 41, 42, 47, 48, 63})
    void nqapNonReservedBits(int b) {
        assertFalse(QueueGr0.nqapReservedBitsSet(bit(b)));
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 34, 35, 40, 41})
    void dqapReservedBits(int b) {
        assertTrue(QueueGr0.dqapReservedBitsSet(bit(b)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 32, 36, 37, 38, 39, 42, 47, 48, 63})
    void dqapNonReservedBits(int b) {
        assertFalse(QueueGr0.dqapReservedBitsSet(bit(b)));
    }

    @ParameterizedTest
    @CsvSource({
            "65536, 0, 0, control bits 65536 do not fit bits 32-47",
            "-1, 0, 0, control bits -1 do not fit bits 32-47",
            "0, 256, 0, APID/APQI outside 0-255",
            "0, -1, 0, APID/APQI outside 0-255",
            "0, 0, 256, APID/APQI outside 0-255",
            "0, 0, -1, APID/APQI outside 0-255"})
    void constructorRejectsOutOfRange(int control, int apid, int apqi, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QueueGr0(0, control, apid, apqi));
        assertEquals(message, e.getMessage());
    }

    @Property
    void decodeEncodeIsLossless(@ForAll long raw) {
        assertEquals(raw, QueueGr0.decode(raw).encode());
    }

    @Property
    void encodeDecodeReturnsSameRecord(@ForAll int high, @ForAll @IntRange(max = 0xFFFF) int control,
                                       @ForAll @IntRange(max = 255) int apid, @ForAll @IntRange(max = 255) int apqi) {
        QueueGr0 g = new QueueGr0(high, control, apid, apqi);
        long raw = g.encode();
        assertEquals(g, QueueGr0.decode(raw));
        assertEquals(Integer.toUnsignedLong(high), raw >>> 32);
        assertEquals(control, (raw >>> 16) & 0xFFFF);
        assertEquals((apid << 8) | apqi, raw & 0xFFFF);
        assertEquals((raw & 0x40000000L) != 0, g.lastPart());
    }

    @Property
    void reservedCheckersAreExactMaskTests(@ForAll long raw) {
        assertEquals((raw & 0xB0800000L) != 0, QueueGr0.nqapReservedBitsSet(raw));
        assertEquals((raw & 0x70C00000L) != 0, QueueGr0.dqapReservedBitsSet(raw));
    }
}

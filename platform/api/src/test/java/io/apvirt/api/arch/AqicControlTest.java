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
import org.junit.jupiter.params.provider.ValueSource;

/** PQAP(AQIC) GR1, docs/architecture.md#2.3. */
class AqicControlTest {

    @Test
    void masksMatchSection23() {
        assertEquals(0x0000800000000000L, AqicControl.MASK_IR);
        assertEquals(bit(16), AqicControl.MASK_IR);
        assertEquals(0x0000000000000007L, AqicControl.MASK_ISC);
        // reserved: bits 0-7, 17-20, 24-29, 32, 60
        assertEquals(0xFF0078FC80000008L, AqicControl.MASK_RESERVED);
        assertEquals(range(0, 7) | range(17, 20) | range(24, 29) | bit(32) | bit(60), AqicControl.MASK_RESERVED);
    }

    @Test
    void guestEnableWithIsc5() {
        AqicControl c = AqicControl.guest(true, 5);
        assertEquals(0x0000800000000005L, c.encode());
        assertEquals(new AqicControl(0, true, 0, 0, 0, 5, 0), c);
    }

    @Test
    void guestDisable() {
        assertEquals(0x0000000000000007L, AqicControl.guest(false, 7).encode());
        assertEquals(0L, AqicControl.guest(false, 0).encode());
    }

    @Test
    void decodeEveryField() {
        // zone 0xAB, IR, GISC 5, GF 2, GISA origin 0x1234567, ISC 6
        long raw = 0x00AB8502_12345676L;
        AqicControl c = AqicControl.decode(raw);
        assertEquals(0xAB, c.zone());
        assertTrue(c.ir());
        assertEquals(5, c.gisc());
        assertEquals(2, c.gf());
        assertEquals(0x1234567, c.gisaOrigin());
        assertEquals(6, c.isc());
        assertEquals(0L, c.reserved());
        assertEquals(raw, c.encode());
    }

    @Test
    void fieldMasksFromTable() {
        assertEquals(0xFF, AqicControl.decode(0x00FF000000000000L).zone());
        assertEquals(7, AqicControl.decode(0x0000070000000000L).gisc());
        assertEquals(3, AqicControl.decode(0x0000000300000000L).gf());
        assertEquals(0x7FFFFFF, AqicControl.decode(0x000000007FFFFFF0L).gisaOrigin());
        assertEquals(7, AqicControl.decode(0x0000000000000007L).isc());
        AqicControl onlyIr = AqicControl.decode(0x0000800000000000L);
        assertTrue(onlyIr.ir());
        assertEquals(new AqicControl(0, true, 0, 0, 0, 0, 0), onlyIr);
    }

    @Test
    void reservedBitsAreKept() {
        AqicControl c = AqicControl.decode(0xFFFFFFFFFFFFFFFFL);
        assertEquals(0xFF0078FC80000008L, c.reserved());
        assertEquals(0xFF, c.zone());
        assertEquals(0x7FFFFFF, c.gisaOrigin());
        assertEquals(-1L, c.encode());
        // bit 60 is reserved, not part of the ISC
        AqicControl bit60 = AqicControl.decode(0x8L);
        assertEquals(0, bit60.isc());
        assertEquals(0x8L, bit60.reserved());
        assertEquals(0, AqicControl.isc(0x8L));
    }

    @Test
    void staticReadersAsVfioAp() {
        assertTrue(AqicControl.ir(0x0000800000000000L));
        assertFalse(AqicControl.ir(0x0000400000000000L));
        assertFalse(AqicControl.ir(0x0001000000000000L));
        assertEquals(5, AqicControl.isc(0xFFFFFFFFFFFFFFF5L));
        assertEquals(0, AqicControl.isc(0xFFFFFFFFFFFFFFF8L));
    }

    @ParameterizedTest
    @CsvSource({
            "256, 0, 0, 0, 0", "-1, 0, 0, 0, 0",
            "0, 8, 0, 0, 0", "0, -1, 0, 0, 0",
            "0, 0, 4, 0, 0", "0, 0, -1, 0, 0",
            "0, 0, 0, 134217728, 0", "0, 0, 0, -1, 0",
            "0, 0, 0, 0, 8", "0, 0, 0, 0, -1"})
    void constructorRejectsFieldsOutOfRange(int zone, int gisc, int gf, int gisa, int isc) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AqicControl(zone, false, gisc, gf, gisa, isc, 0));
        assertEquals("AQIC control field out of range", e.getMessage());
    }

    @Test
    void constructorAcceptsMaxima() {
        AqicControl c = new AqicControl(0xFF, true, 7, 3, 0x7FFFFFF, 7, 0);
        assertEquals(0x00FF87037FFFFFF7L, c.encode());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x0000000000000001L, 0x0000800000000000L, 0x0000000000000010L, 0x00FF000000000000L,
            0x0000000100000000L, 0x0000010000000000L})
    void constructorRejectsReservedOverlappingFields(long reserved) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AqicControl(0, false, 0, 0, 0, 0, reserved));
        assertTrue(e.getMessage().contains("reserved bits overlap"), e.getMessage());
    }

    @Test
    void guestRejectsIscAbove7() {
        assertThrows(IllegalArgumentException.class, () -> AqicControl.guest(true, 8));
    }

    @Property
    void decodeEncodeIsLossless(@ForAll long raw) {
        assertEquals(raw, AqicControl.decode(raw).encode());
    }

    @Property
    void encodeDecodeReturnsSameRecord(@ForAll @IntRange(max = 255) int zone, @ForAll boolean ir,
                                       @ForAll @IntRange(max = 7) int gisc, @ForAll @IntRange(max = 3) int gf,
                                       @ForAll @IntRange(max = 0x7FFFFFF) int gisa, @ForAll @IntRange(max = 7) int isc,
                                       @ForAll long anyBits) {
        long reserved = anyBits & AqicControl.MASK_RESERVED;
        AqicControl c = new AqicControl(zone, ir, gisc, gf, gisa, isc, reserved);
        long raw = c.encode();
        assertEquals(c, AqicControl.decode(raw));
        assertEquals(zone, (raw >>> 48) & 0xFF);
        assertEquals(ir, ((raw >> 47) & 1) == 1);
        assertEquals(gisc, (raw >>> 40) & 7);
        assertEquals(gf, (raw >>> 32) & 3);
        assertEquals(gisa, (raw >>> 4) & 0x7FFFFFF);
        assertEquals(isc, raw & 7);
    }

    @Property
    void staticReadersMatchVfioApFormulas(@ForAll long gr1) {
        assertEquals(((gr1 >> 47) & 1) == 1, AqicControl.ir(gr1));
        assertEquals((int) (gr1 & 7), AqicControl.isc(gr1));
        assertEquals(AqicControl.decode(gr1).ir(), AqicControl.ir(gr1));
        assertEquals(AqicControl.decode(gr1).isc(), AqicControl.isc(gr1));
    }
}

package io.apvirt.api.arch;

import static io.apvirt.api.arch.Bits.wordBit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The AP queue status word, docs/architecture.md#3. */
class ApqswTest {

    @Test
    void wordMasksMatchSection3() {
        assertEquals(0x80000000, Apqsw.WORD_E);
        assertEquals(0x40000000, Apqsw.WORD_R);
        assertEquals(0x20000000, Apqsw.WORD_F);
        assertEquals(0x02000000, Apqsw.WORD_ASYNC);
        assertEquals(0x01000000, Apqsw.WORD_I);
        assertEquals(0x00FF0000, Apqsw.WORD_RC);
        assertEquals(0x1C00FFFF, Apqsw.WORD_RESERVED);
        // GR1 bit n (32-63) is word bit n-32
        assertEquals(wordBit(32 - 32), Apqsw.WORD_E);
        assertEquals(wordBit(33 - 32), Apqsw.WORD_R);
        assertEquals(wordBit(34 - 32), Apqsw.WORD_F);
        assertEquals(wordBit(38 - 32), Apqsw.WORD_ASYNC);
        assertEquals(wordBit(39 - 32), Apqsw.WORD_I);
        assertEquals(0x0000000000FF0000L, Apqsw.GR1_RC_MASK);
    }

    @Test
    void gr1MasksFromSection3Table() {
        assertTrue(Apqsw.fromGr1(0x0000000080000000L).empty());
        assertTrue(Apqsw.fromGr1(0x0000000040000000L).repliesWaiting());
        assertTrue(Apqsw.fromGr1(0x0000000020000000L).full());
        assertTrue(Apqsw.fromGr1(0x0000000002000000L).async());
        assertTrue(Apqsw.fromGr1(0x0000000001000000L).irq());
        assertEquals(0xFF, Apqsw.fromGr1(0x0000000000FF0000L).rc());
    }

    @ParameterizedTest
    @CsvSource({"-2147483648, E", "1073741824, R", "536870912, F", "33554432, A", "16777216, I"})
    void eachFlagAlone(int word, String flag) {
        Apqsw s = Apqsw.decode(word);
        assertEquals(flag.equals("E"), s.empty());
        assertEquals(flag.equals("R"), s.repliesWaiting());
        assertEquals(flag.equals("F"), s.full());
        assertEquals(flag.equals("A"), s.async());
        assertEquals(flag.equals("I"), s.irq());
        assertEquals(0, s.rc());
        assertEquals(0, s.reserved());
        assertEquals(word, s.encode());
    }

    @Test
    void decodeCombination() {
        Apqsw s = Apqsw.decode(0xC3420000);
        assertEquals(new Apqsw(true, true, false, true, true, 0x42, 0), s);
        assertEquals(ResponseCode.INVALID_DOMAIN, s.responseCode());
        assertEquals(0x00000000C3420000L, s.toGr1());
    }

    @Test
    void decodeReservedOnly() {
        Apqsw s = Apqsw.decode(0x1C00FFFF);
        assertEquals(new Apqsw(false, false, false, false, false, 0, 0x1C00FFFF), s);
        assertEquals(0x1C00FFFF, s.encode());
    }

    @Test
    void ofResponseCode() {
        Apqsw s = Apqsw.of(ResponseCode.Q_NOT_AVAIL);
        assertEquals(0x00010000, s.encode());
        assertEquals(0x0000000000010000L, s.toGr1());
        assertEquals(ResponseCode.Q_NOT_AVAIL, s.responseCode());
        assertEquals(0x00FF0000, Apqsw.of(ResponseCode.LINUX_PARTIAL_MARKER).encode());
        assertEquals(0, Apqsw.of(ResponseCode.NORMAL).encode());
    }

    @Test
    void unknownResponseCodeIsNull() {
        assertNull(new Apqsw(false, false, false, false, false, 0x12, 0).responseCode());
    }

    @Test
    void toGr1ZeroExtends() {
        assertEquals(0x0000000080010000L, Apqsw.toGr1(0x80010000));
        assertEquals(0x00000000FFFFFFFFL, Apqsw.toGr1(0xFFFFFFFF));
        assertEquals(0L, Apqsw.toGr1(0));
    }

    @Test
    void kernelPlacementPutsWordInHighHalfAndKeepsLowWord() {
        assertEquals(0x00010000CAFEBABEL, Apqsw.toGr1KernelPlacement(0x00010000, 0xDEADBEEFCAFEBABEL));
        assertEquals(0x80070000FFFFFFFFL, Apqsw.toGr1KernelPlacement(0x80070000, 0xFFFFFFFFFFFFFFFFL));
        assertEquals(0xFFFFFFFF00000000L, Apqsw.toGr1KernelPlacement(0xFFFFFFFF, 0L));
        // the architected readers see the old low word, not the new status
        assertEquals(0, Apqsw.rcOf(Apqsw.wordOfGr1(Apqsw.toGr1KernelPlacement(0x00010000, 0L))));
    }

    @Test
    void fromGr1IgnoresHighWord() {
        Apqsw s = Apqsw.fromGr1(0xFFFFFFFF00070000L);
        assertEquals(new Apqsw(false, false, false, false, false, 7, 0), s);
        assertEquals(0x00070000, Apqsw.wordOfGr1(0xFFFFFFFF00070000L));
        assertEquals(0x80000000, Apqsw.wordOfGr1(0x0000000080000000L));
    }

    @Test
    void withRcReplacesOnlyTheRcField() {
        assertEquals(0xC1070000, Apqsw.withRc(0xC1420000, 0x07));
        assertEquals(0x00050000, Apqsw.rcWord(0x05));
        assertEquals(0x81000000, Apqsw.withRc(0x81FF0000, 0));
    }

    @Test
    void rcOfAndIrqOf() {
        assertEquals(0x42, Apqsw.rcOf(0x01420000));
        assertEquals(0xFF, Apqsw.rcOf(0xFFFFFFFF));
        assertEquals(0, Apqsw.rcOf(0xFF00FFFF));
        assertTrue(Apqsw.irqOf(0x01000000));
        assertFalse(Apqsw.irqOf(0xFEFFFFFF));
    }

    @Test
    void describe() {
        assertEquals("E R F A I RC=0x01", Apqsw.describe(0xE3010000));
        assertEquals("RC=0x00", Apqsw.describe(0));
        assertEquals("E RC=0x07", Apqsw.describe(0x80070000));
        assertEquals("I RC=0xff", Apqsw.describe(0x01FF0000));
    }

    @ParameterizedTest
    @ValueSource(ints = {256, -1, 0x1000})
    void constructorRejectsRcOutOfRange(int rc) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Apqsw(false, false, false, false, false, rc, 0));
        assertEquals("response code " + rc + " does not fit 8 bits", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80000000, 0x40000000, 0x20000000, 0x02000000, 0x01000000, 0x00010000, 0x00FF0000})
    void constructorRejectsReservedOverlappingFields(int reserved) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Apqsw(false, false, false, false, false, 0, reserved));
        assertTrue(e.getMessage().contains("reserved bits overlap"), e.getMessage());
    }

    @Property
    void decodeEncodeIsLossless(@ForAll int word) {
        assertEquals(word, Apqsw.decode(word).encode());
    }

    @Property
    void encodeDecodeReturnsSameRecord(@ForAll boolean e, @ForAll boolean r, @ForAll boolean f, @ForAll boolean a,
                                       @ForAll boolean i, @ForAll @IntRange(max = 255) int rc, @ForAll int anyBits) {
        Apqsw s = new Apqsw(e, r, f, a, i, rc, anyBits & Apqsw.WORD_RESERVED);
        int word = s.encode();
        assertEquals(s, Apqsw.decode(word));
        assertEquals(rc, (word >>> 16) & 0xFF);
        assertEquals(rc, Apqsw.rcOf(word));
        assertEquals(i, Apqsw.irqOf(word));
        assertEquals(e, word < 0);
    }

    @Property
    void architectedPlacement(@ForAll int word) {
        long gr1 = Apqsw.toGr1(word);
        assertEquals(0L, gr1 >>> 32);
        assertEquals(word, (int) gr1);
        assertEquals(Apqsw.decode(word), Apqsw.fromGr1(gr1));
        assertEquals(Apqsw.rcOf(word) != 0, (gr1 & Apqsw.GR1_RC_MASK) != 0);
    }

    @Property
    void kernelPlacement(@ForAll int word, @ForAll long oldGr1) {
        long gr1 = Apqsw.toGr1KernelPlacement(word, oldGr1);
        assertEquals(word, (int) (gr1 >>> 32));
        assertEquals((int) oldGr1, (int) gr1);
    }
}

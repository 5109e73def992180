package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** CRYCB designation format bits, docs/architecture.md#1. */
class CrycbFormatTest {

    @ParameterizedTest
    @CsvSource({"FORMAT0, 0, false", "FORMAT1, 1, false", "FORMAT2, 3, true"})
    void formatBitsAndApxa(CrycbFormat f, int bits, boolean apxa) {
        assertEquals(bits, f.bits());
        assertEquals(apxa, f.apxa());
        assertEquals((bits & 0x02) != 0, f.apxa()); // KVM's crycbd & 0x02
        assertSame(f, CrycbFormat.ofDesignation(0x00001000 | bits));
    }

    @Test
    void masks() {
        assertEquals(0x3, CrycbFormat.CRYCBD_FORMAT_MASK);
        assertEquals(0x7FFFFFF8, CrycbFormat.CRYCBD_ORIGIN_MASK);
    }

    @Test
    void designation() {
        assertEquals(0x00001003, CrycbFormat.FORMAT2.designation(0x00001000));
        assertEquals(0x00001001, CrycbFormat.FORMAT1.designation(0x00001000));
        assertEquals(0x00001000, CrycbFormat.FORMAT0.designation(0x00001000));
        assertEquals(0x7FFFFFFB, CrycbFormat.FORMAT2.designation(0x7FFFFFF8));
        assertEquals(0x00000003, CrycbFormat.FORMAT2.designation(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x1001, 0x1004, 0x80000000, 0xFFFFFFF8, 0x7})
    void designationRejectsBadOrigin(int origin) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrycbFormat.FORMAT1.designation(origin));
        assertEquals("CRYCB origin 0x" + Integer.toHexString(origin) + " is not a 31-bit, 8-byte aligned address",
                e.getMessage());
    }

    @Test
    void ofDesignationRejectsFormatBits2() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrycbFormat.ofDesignation(0x1002));
        assertTrue(e.getMessage().contains("format bits 2"), e.getMessage());
    }

    @Test
    void originOf() {
        assertEquals(0x7FFFFFF8, CrycbFormat.originOf(0xFFFFFFFF));
        assertEquals(0x00001000, CrycbFormat.originOf(0x00001003));
        assertEquals(0, CrycbFormat.originOf(0x80000007));
    }

    @Test
    void forGuest() {
        assertSame(CrycbFormat.FORMAT2, CrycbFormat.forGuest(true));
        assertSame(CrycbFormat.FORMAT1, CrycbFormat.forGuest(false));
    }

    @Property
    void designationRoundTrip(@ForAll @IntRange(max = 0x0FFFFFFF) int doublewords, @ForAll CrycbFormat f) {
        int origin = doublewords << 3;
        int d = f.designation(origin);
        assertSame(f, CrycbFormat.ofDesignation(d));
        assertEquals(origin, CrycbFormat.originOf(d));
        assertEquals(f.apxa(), (d & 0x02) != 0);
    }
}

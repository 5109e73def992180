package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Number parsing and formatting. */
class HexTest {

    @Test
    void parseUnsigned() {
        assertEquals(0xFFFFFFFFFFFFFFFFL, Hex.parseUnsigned("0xFFFFFFFFFFFFFFFF"));
        assertEquals(42L, Hex.parseUnsigned("42"));
        assertEquals(0x300L, Hex.parseUnsigned("0x0000_0300"));
        assertEquals(0x03000000L, Hex.parseUnsigned("0x0000_0000_0300_0000"));
        assertEquals(123L, Hex.parseUnsigned("0X7B"));
        assertEquals(123L, Hex.parseUnsigned("0x7b"));
        assertEquals(7L, Hex.parseUnsigned(" 7 "));
        assertEquals(-1L, Hex.parseUnsigned("18446744073709551615"));
        assertEquals(0x8000000000000000L, Hex.parseUnsigned("0x8000000000000000"));
        assertEquals(1_000_000L, Hex.parseUnsigned("1_000_000"));
        assertEquals(0L, Hex.parseUnsigned("0"));
        assertEquals(0x10L, Hex.parseUnsigned("0x10")); // 0x means hex, no prefix means decimal
        assertEquals(10L, Hex.parseUnsigned("10"));
    }

    @Test
    void parseRejectsZz() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Hex.parseUnsigned("zz"));
        assertEquals("'zz' is not a number (write 42 or 0x2a)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x", "-1", "0x10000000000000000", "18446744073709551616", "1.5", "0xg", "ff"})
    void parseRejectsInvalid(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Hex.parseUnsigned(text));
        assertEquals("'" + text + "' is not a number (write 42 or 0x2a)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "_", "__"})
    void parseRejectsEmpty(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Hex.parseUnsigned(text));
        assertEquals("empty number", e.getMessage());
    }

    @Test
    void reg() {
        assertEquals("0x0000000000000305", Hex.reg(0x0305));
        assertEquals("0xffffffffffffffff", Hex.reg(-1L));
        assertEquals("0x8000000000000000", Hex.reg(Long.MIN_VALUE));
    }

    @Test
    void byteHex() {
        assertEquals("0x01", Hex.byteHex(1));
        assertEquals("0xff", Hex.byteHex(0xFF));
        assertEquals("0xff", Hex.byteHex(0x1FF));
        assertEquals("0x42", Hex.byteHex(0x42));
        assertEquals("0x00", Hex.byteHex(0));
    }

    @Property
    void regRoundTrip(@ForAll long v) {
        String s = Hex.reg(v);
        assertEquals(18, s.length());
        assertEquals(v, Hex.parseUnsigned(s));
        assertEquals(v, Hex.parseUnsigned(s.toUpperCase().replace("0X", "0x")));
    }

    @Property
    void decimalRoundTrip(@ForAll long v) {
        assertEquals(v, Hex.parseUnsigned(Long.toUnsignedString(v)));
    }
}

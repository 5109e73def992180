package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** APQN, docs/architecture.md#1 and #2.1. */
class ApqnTest {

    @Test
    void parseLszcryptForm() {
        assertEquals(new Apqn(3, 5), Apqn.parse("03.0005"));
        assertEquals(new Apqn(0xAB, 0xCD), Apqn.parse("ab.00cd"));
        assertEquals(new Apqn(0xAB, 0xCD), Apqn.parse("AB.00CD"));
        assertEquals(new Apqn(0xFF, 0xFF), Apqn.parse(" ff.00ff "));
        assertEquals(new Apqn(0x10, 0x20), Apqn.parse("10.0020")); // hex, not decimal
    }

    @Test
    void formatLszcryptForm() {
        assertEquals("03.0005", new Apqn(3, 5).toString());
        assertEquals("ab.00cd", new Apqn(0xAB, 0xCD).toString());
        assertEquals("00.0000", new Apqn(0, 0).toString());
        assertEquals("ff.00ff", new Apqn(255, 255).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "xx.0005", "03.zz", ".0005", "03.", "", "0305"})
    void parseRejectsMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Apqn.parse(text));
        assertTrue(e.getMessage().contains("is not of the form AA.DDDD"), e.getMessage());
    }

    @Test
    void parseRejectsApidOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Apqn.parse("100.0000"));
        assertEquals("APID 256 is outside 0-255", e.getMessage());
    }

    @Test
    void parseRejectsApqiOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Apqn.parse("00.0100"));
        assertEquals("APQI 256 is outside 0-255", e.getMessage());
    }

    @Test
    void encodeDecode() {
        assertEquals(0x0305, new Apqn(3, 5).encode());
        assertEquals(0xFFFF, new Apqn(255, 255).encode());
        assertEquals(new Apqn(3, 5), Apqn.decode(0x0305));
        assertEquals(new Apqn(255, 255), Apqn.decode(0xFFFF));
        assertEquals(new Apqn(3, 5), Apqn.decode(0x7FFF0305)); // only the low 16 bits
    }

    @Test
    void fromGr0TakesBits48To63() {
        assertEquals(new Apqn(0x0A, 0x0B), Apqn.fromGr0(0xFFFFFFFFFFFF0A0BL));
        assertEquals(new Apqn(3, 5), Apqn.fromGr0(0x0000000003000305L));
        assertEquals(new Apqn(0, 0), Apqn.fromGr0(0xFFFFFFFFFFFF0000L));
    }

    @Test
    void needsApxaBoundaries() {
        assertEquals(63, Apqn.MAX_APID_WITHOUT_APXA);
        assertEquals(15, Apqn.MAX_APQI_WITHOUT_APXA);
        assertFalse(new Apqn(63, 15).needsApxa());
        assertFalse(new Apqn(0, 0).needsApxa());
        assertTrue(new Apqn(64, 0).needsApxa());
        assertTrue(new Apqn(0, 16).needsApxa());
        assertTrue(new Apqn(255, 255).needsApxa());
    }

    @Test
    void orderingIsByApqnNumber() {
        List<Apqn> l = new ArrayList<>(List.of(new Apqn(2, 0), new Apqn(1, 255), new Apqn(1, 3), new Apqn(0, 7)));
        l.sort(null);
        assertEquals(List.of(new Apqn(0, 7), new Apqn(1, 3), new Apqn(1, 255), new Apqn(2, 0)), l);
        assertEquals(0, new Apqn(4, 4).compareTo(new Apqn(4, 4)));
    }

    @ParameterizedTest
    @CsvSource({"256, 0, APID 256 is outside 0-255", "-1, 0, APID -1 is outside 0-255",
            "0, 256, APQI 256 is outside 0-255", "0, -1, APQI -1 is outside 0-255"})
    void constructorRejectsOutOfRange(int apid, int apqi, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Apqn(apid, apqi));
        assertEquals(message, e.getMessage());
    }

    @Property
    void textRoundTrip(@ForAll @IntRange(max = 255) int apid, @ForAll @IntRange(max = 255) int apqi) {
        Apqn a = new Apqn(apid, apqi);
        String text = a.toString();
        assertTrue(text.matches("[0-9a-f]{2}\\.[0-9a-f]{4}"), text);
        assertEquals(a, Apqn.parse(text));
        assertEquals(a, Apqn.parse(text.toUpperCase()));
        assertEquals(String.format("%02x.%04x", apid, apqi), text);
    }

    @Property
    void numericRoundTrip(@ForAll @IntRange(max = 255) int apid, @ForAll @IntRange(max = 255) int apqi) {
        Apqn a = new Apqn(apid, apqi);
        assertEquals((apid << 8) | apqi, a.encode());
        assertEquals(a, Apqn.decode(a.encode()));
        assertEquals(apid > 63 || apqi > 15, a.needsApxa());
    }

    @Property
    void decodeOfEveryApqn(@ForAll @IntRange(max = 0xFFFF) int apqn) {
        assertEquals(apqn, Apqn.decode(apqn).encode());
    }
}

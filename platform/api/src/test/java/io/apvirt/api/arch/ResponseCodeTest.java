package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Response codes, docs/architecture.md#3. */
class ResponseCodeTest {

    private static final Set<Integer> SECTION_3_CODES = Set.of(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
            0x08, 0x09, 0x0A, 0x0B, 0x10, 0x11, 0x13, 0x15, 0x16, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x42,
            0xFF);

    @ParameterizedTest
    @CsvSource({
            "NORMAL, 0x00", "Q_NOT_AVAIL, 0x01", "RESET_IN_PROGRESS, 0x02", "DECONFIGURED, 0x03",
            "CHECKSTOPPED, 0x04", "BUSY, 0x05", "INVALID_ADDRESS, 0x06", "OTHERWISE_CHANGED, 0x07",
            "INVALID_GISA, 0x08", "Q_BOUND_TO_ANOTHER, 0x09", "STATE_CHANGE_IN_PROGRESS, 0x0A",
            "Q_NOT_BOUND, 0x0B", "Q_FULL_OR_NO_PENDING_REPLY, 0x10", "INDEX_TOO_BIG, 0x11",
            "NO_FIRST_PART, 0x13", "MESSAGE_TOO_BIG, 0x15", "REQ_FAC_NOT_INST, 0x16", "Q_BIND_ERROR, 0x30",
            "Q_NOT_AVAIL_FOR_ASSOC, 0x31", "Q_NOT_EMPTY, 0x32", "BIND_LIMIT_EXCEEDED, 0x33",
            "INVALID_ASSOC_SECRET, 0x34", "ASSOC_SECRET_NOT_UNIQUE, 0x35", "ASSOC_FAILED, 0x36",
            "INVALID_DOMAIN, 0x42", "LINUX_PARTIAL_MARKER, 0xFF"})
    void everySection3CodeHasItsExactValue(ResponseCode rc, String hex) {
        int code = Integer.parseInt(hex.substring(2), 16);
        assertEquals(code, rc.code());
        assertSame(rc, ResponseCode.of(code));
        assertEquals(code, ResponseCode.parseCode(rc.name()));
        assertEquals(code, ResponseCode.parseCode(hex));
    }

    @Test
    void exactlyTheSection3Codes() {
        assertEquals(26, ResponseCode.values().length);
        for (int code = 0; code < 256; code++) {
            assertEquals(SECTION_3_CODES.contains(code), ResponseCode.of(code) != null, "code " + code);
        }
    }

    @Test
    void ofOutsideByteIsNull() {
        assertNull(ResponseCode.of(-1));
        assertNull(ResponseCode.of(256));
        assertNull(ResponseCode.of(0x12));
        assertNull(ResponseCode.of(0x0C));
        assertNull(ResponseCode.of(0x41));
    }

    @Test
    void meanings() {
        assertEquals("APQN not available", ResponseCode.Q_NOT_AVAIL.meaning());
        assertEquals("invalid ZONE/GISA designation", ResponseCode.INVALID_GISA.meaning());
        assertEquals("interruption controls already in the requested state",
                ResponseCode.OTHERWISE_CHANGED.meaning());
    }

    @Test
    void parseCodeNamesAndNumbers() {
        assertEquals(0x01, ResponseCode.parseCode("Q_NOT_AVAIL"));
        assertEquals(0x01, ResponseCode.parseCode("q-not-avail"));
        assertEquals(0x06, ResponseCode.parseCode(" invalid_address "));
        assertEquals(0x42, ResponseCode.parseCode("0x42"));
        assertEquals(0x42, ResponseCode.parseCode("66"));
        assertEquals(0x12, ResponseCode.parseCode("0x12")); // a number need not be named
        assertEquals(0xFF, ResponseCode.parseCode("255"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x100", "256", "0xFFFFFFFFFFFFFFFF", "0x8000000000000000", "18446744073709551615"})
    void parseCodeRejectsValuesAbove8Bits(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResponseCode.parseCode(text));
        assertEquals("response code " + text + " does not fit 8 bits", e.getMessage());
    }

    @Test
    void parseCodeRejectsGarbage() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> ResponseCode.parseCode("bogus"));
        assertTrue(e.getMessage().contains("'bogus' is not a number"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ResponseCode.class)
    void parseCodeAcceptsDashedLowerCaseNames(ResponseCode rc) {
        assertEquals(rc.code(), ResponseCode.parseCode(rc.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    @Property
    void ofIsConsistent(@ForAll @IntRange(max = 255) int code) {
        ResponseCode rc = ResponseCode.of(code);
        if (rc != null) {
            assertEquals(code, rc.code());
        }
        assertEquals(code, ResponseCode.parseCode(Hex.byteHex(code)));
        assertEquals(code, ResponseCode.parseCode(Integer.toString(code)));
    }
}

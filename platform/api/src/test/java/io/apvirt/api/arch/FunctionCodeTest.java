package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PQAP function codes, docs/architecture.md#2.2. */
class FunctionCodeTest {

    @ParameterizedTest
    @CsvSource({"TAPQ, 0", "RAPQ, 1", "ZAPQ, 2", "AQIC, 3", "QCI, 4", "QACT, 5", "FC6, 6", "BAPQ, 7", "AAPQ, 8"})
    void codesOfSection22(FunctionCode fc, int code) {
        assertEquals(code, fc.code());
        assertSame(fc, FunctionCode.of(code));
        assertEquals(code, FunctionCode.parseCode(fc.name()));
        assertEquals(code, FunctionCode.parseCode(fc.name().toLowerCase()));
        assertEquals(code, FunctionCode.parseCode(Integer.toString(code)));
        assertEquals(code, FunctionCode.parseCode(String.format("0x%02x", code)));
    }

    @Test
    void onlyCodes0To8() {
        assertEquals(9, FunctionCode.values().length);
        assertNull(FunctionCode.of(9));
        assertNull(FunctionCode.of(-1));
        assertNull(FunctionCode.of(42));
        assertNull(FunctionCode.of(255));
    }

    @Test
    void parseCodeExamples() {
        assertEquals(3, FunctionCode.parseCode("aqic"));
        assertEquals(3, FunctionCode.parseCode(" AqIc "));
        assertEquals(4, FunctionCode.parseCode("0x04"));
        assertEquals(42, FunctionCode.parseCode("42")); // undefined codes still parse (test fc 42)
        assertEquals(0xFF, FunctionCode.parseCode("0xFF"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x100", "256", "0xFFFFFFFFFFFFFFFF"})
    void parseCodeRejectsAbove8Bits(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionCode.parseCode(text));
        assertEquals("function code " + text + " does not fit 8 bits (0-255)", e.getMessage());
    }

    @Test
    void parseCodeRejectsGarbage() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> FunctionCode.parseCode("nqap"));
        assertTrue(e.getMessage().contains("'nqap' is not a number"), e.getMessage());
    }

    @Test
    void descriptions() {
        assertEquals("test AP queue", FunctionCode.TAPQ.description());
        assertEquals("AP-queue interruption control", FunctionCode.AQIC.description());
        assertEquals("query configuration information", FunctionCode.QCI.description());
    }
}

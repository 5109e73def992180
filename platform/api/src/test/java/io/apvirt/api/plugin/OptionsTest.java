package io.apvirt.api.plugin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptionsTest {

    static final Option.Choice RC = Option.choice("gisc-failure-rc", "0x06", List.of("0x06", "0x08"), "d");
    static final Option.Number ISC = Option.number("max-isc", 7, 0, 7, "d");
    static final Option.Number OFFSET = Option.number("offset", 0, -4, 4, "d");
    static final Option.Flag STRICT = Option.flag("strict", false, "d");
    static final List<Option> ALL = List.of(RC, ISC, OFFSET, STRICT);

    @Test
    void everyDeclaredOptionIsPresentTypedWithItsDefault() {
        Options o = Options.defaults(ALL);
        assertEquals("0x06", o.choice("gisc-failure-rc"));
        assertEquals(7, o.integer("max-isc"));
        assertEquals(0L, o.number("offset"));
        assertEquals(false, o.flag("strict"));
        assertEquals(Map.of("gisc-failure-rc", "0x06", "max-isc", "7", "offset", "0", "strict", "false"), o.texts());
    }

    @Test
    void configuredTextIsParsedNumbersInDecimalOrHex() {
        Options o = Options.of(ALL, Map.of("max-isc", "0x3", "offset", "-2", "strict", "true", "gisc-failure-rc", "0x08"));
        assertEquals(3, o.integer("max-isc"));
        assertEquals("0x3", o.text("max-isc"));
        assertEquals(-2L, o.number("offset"));
        assertEquals(true, o.flag("strict"));
        assertEquals("0x08", o.choice("gisc-failure-rc"));
        assertEquals(Options.of(ALL, Map.of("max-isc", "3", "offset", "-2", "strict", "true", "gisc-failure-rc", "0x08")), o,
                "equal values, equal options (0x3 and 3)");
    }

    @Test
    void eachTypeRefusesWhatItDoesNotAccept() {
        assertNull(ISC.parse("8"));
        assertNull(ISC.parse("-1"));
        assertNull(ISC.parse("seven"));
        assertNull(ISC.parse("0xffffffffffffffff"));
        assertNull(OFFSET.parse("-5"));
        assertNull(RC.parse("0x6"));
        assertNull(STRICT.parse("yes"));
        assertEquals("one of 0x06 | 0x08", RC.accepted());
        assertEquals("a whole number from 0 to 7", ISC.accepted());
        assertEquals("true or false", STRICT.accepted());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.of(ALL, Map.of("max-isc", "9")));
        assertEquals("option max-isc: '9' is not a whole number from 0 to 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Options.of(ALL, Map.of("max", "1")));
        assertEquals("'max' is not a declared option; declared: [gisc-failure-rc, max-isc, offset, strict]", e.getMessage());
    }

    @Test
    void aGetterOfTheWrongTypeOrAnUndeclaredNameIsTheComponentsMistake() {
        Options o = Options.defaults(ALL);
        assertEquals("option max-isc is not a flag option",
                assertThrows(IllegalArgumentException.class, () -> o.flag("max-isc")).getMessage());
        assertEquals("option nope was not declared; declared: [gisc-failure-rc, max-isc, offset, strict]",
                assertThrows(IllegalArgumentException.class, () -> o.choice("nope")).getMessage());
    }

    @Test
    void declarationsAreCheckedWhenMade() {
        assertEquals("option max-isc: the default 9 is not in 0-7",
                assertThrows(IllegalArgumentException.class, () -> Option.number("max-isc", 9, 0, 7, "d")).getMessage());
        assertEquals("option x: the default c is not one of [a, b]",
                assertThrows(IllegalArgumentException.class, () -> Option.choice("x", "c", List.of("a", "b"), "d")).getMessage());
        assertEquals("option name 'Max_ISC': use lower case, digits and - (max-isc)",
                assertThrows(IllegalArgumentException.class, () -> Option.flag("Max_ISC", true, "d")).getMessage());
    }
}

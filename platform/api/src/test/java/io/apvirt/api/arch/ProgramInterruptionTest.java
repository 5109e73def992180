package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Program-interruption codes, docs/architecture.md#5. */
class ProgramInterruptionTest {

    @ParameterizedTest
    @CsvSource({
            "OPERATION, 1, operation, 0x0001",
            "PRIVILEGED_OPERATION, 2, privileged-operation, 0x0002",
            "EXECUTE, 3, execute, 0x0003",
            "PROTECTION, 4, protection, 0x0004",
            "ADDRESSING, 5, addressing, 0x0005",
            "SPECIFICATION, 6, specification, 0x0006",
            "DATA, 7, data, 0x0007"})
    void everySection5Code(ProgramInterruption p, int code, String id, String hex) {
        assertEquals(code, p.code());
        assertEquals(id, p.id());
        assertEquals(hex, p.hex());
        assertSame(p, ProgramInterruption.ofCode(code));
        assertSame(p, ProgramInterruption.parse(id));
        assertSame(p, ProgramInterruption.parse(hex));
        assertSame(p, ProgramInterruption.parse(Integer.toString(code)));
        assertSame(p, ProgramInterruption.parse(" " + id.toUpperCase() + " "));
    }

    @Test
    void exactlySevenCodes() {
        assertEquals(7, ProgramInterruption.values().length);
        assertNull(ProgramInterruption.ofCode(0));
        assertNull(ProgramInterruption.ofCode(8));
        assertNull(ProgramInterruption.ofCode(-1));
        assertNull(ProgramInterruption.ofCode(0x11));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "", "0x0008", "0", "privileged_operation", "-1", "0x100000006",
            "4294967297", "0xFFFFFFFFFFFFFFFF"})
    void parseUnknownIsNull(String text) {
        assertNull(ProgramInterruption.parse(text));
    }
}

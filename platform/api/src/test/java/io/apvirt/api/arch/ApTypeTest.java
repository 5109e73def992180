package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AP types, TAPQ GR2 AT field (docs/architecture.md#2.4: CEX4=10 ... CEX8=14). */
class ApTypeTest {

    @ParameterizedTest
    @CsvSource({"CEX4, 10", "CEX5, 11", "CEX6, 12", "CEX7, 13", "CEX8, 14"})
    void atCodes(ApType t, int at) {
        assertEquals(at, t.at());
        assertSame(t, ApType.ofAt(at));
    }

    @Test
    void unknownAtIsNull() {
        assertEquals(5, ApType.values().length);
        assertNull(ApType.ofAt(9));
        assertNull(ApType.ofAt(15));
        assertNull(ApType.ofAt(0));
        assertNull(ApType.ofAt(-1));
    }

    @Test
    void atFromTapqGr2() {
        assertSame(ApType.CEX7, ApType.ofAt(TapqInfo.decode(0x000000000D000000L).at()));
        assertSame(ApType.CEX8, ApType.ofAt(TapqInfo.decode(0xFFFFFFFF0EFFFFFFL).at()));
    }
}

package io.apvirt.api.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CPU-model facilities, docs/architecture.md#1. */
class FacilityTest {

    @ParameterizedTest
    @CsvSource({"AP, ap, -1", "APQCI, apqci, 12", "APFT, apft, 15", "APQI, apqi, 65", "APXA, apxa, -1"})
    void idsAndStfleBits(Facility f, String id, int stfle) {
        assertEquals(id, f.id());
        assertEquals(stfle, f.stfleBit());
    }

    @Test
    void exactlyFiveFacilities() {
        assertEquals(5, Facility.values().length);
    }
}

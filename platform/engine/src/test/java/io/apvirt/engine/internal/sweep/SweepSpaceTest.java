package io.apvirt.engine.internal.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSpaceTest {

    private final SweepSpace space = SweepSpace.standard(List.of("vfio-ap", "none"));

    @Test
    void theSpaceHoldsEveryConfigurationQemuCanOfferAndNoOther() {
        // (host AP, ap, apqci, apft, apqi): 8 with ap, 1 with HAP and no ap, 1 without HAP; times 2^7
        assertEquals(10 * 128, space.configurations().size());
        for (int[] c : space.configurations()) {
            boolean ap = space.bool(c, SweepSpace.AP);
            if (!ap) {
                assertFalse(space.bool(c, SweepSpace.APQCI) || space.bool(c, SweepSpace.APFT) || space.bool(c, SweepSpace.APQI));
            } else {
                assertTrue(space.bool(c, SweepSpace.HOST_AP));
            }
        }
    }

    @Test
    void configurationZeroIsTheEmbeddedDefault() {
        Map<String, Object> first = space.conditions(space.configurations().get(0));
        assertEquals("{host.ap-instructions=true, host.outer-interpretation=true, host.ic3=false, guest.facilities.ap=true, "
                + "guest.facilities.apqci=true, guest.facilities.apft=true, guest.facilities.apqi=true, "
                + "guest.facilities.apxa=true, guest.aiv=true, guest.secure-execution=false, hook=vfio-ap, problem-state=false}",
                first.toString());
    }

    @Test
    void withoutAHookTheHookDimensionHasOneValue() {
        SweepSpace noHook = SweepSpace.standard(List.of("none"));
        assertEquals(10 * 64, noHook.configurations().size());
    }
}

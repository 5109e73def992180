package io.apvirt.api.arch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ApModeTest {

    @Test
    void configurationIdsNameTheModes() {
        assertSame(ApMode.ACCELERATOR, ApMode.of("accelerator"));
        assertSame(ApMode.CCA, ApMode.of("cca"));
        assertSame(ApMode.EP11, ApMode.of("ep11"));
        assertNull(ApMode.of("CCA"));
        assertNull(ApMode.of("fast"));
        assertNull(ApMode.of(null));
    }
}

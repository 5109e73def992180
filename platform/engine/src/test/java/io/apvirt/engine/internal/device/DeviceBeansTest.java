package io.apvirt.engine.internal.device;

import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.device.DeviceBehaviour;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviours are CDI beans a device finds by its {@code behaviour:} id. */
@EnableWeld
class DeviceBeansTest {

    @WeldSetup
    public WeldInitiator weld = WeldInitiator.of(AcceleratorBehaviour.class, EchoBehaviour.class);

    @Test
    void selectedByComponentId() {
        var accelerator = weld.select(DeviceBehaviour.class, ComponentId.Literal.of("accelerator"));
        var echo = weld.select(DeviceBehaviour.class, ComponentId.Literal.of("echo"));
        assertTrue(accelerator.isResolvable());
        assertTrue(echo.isResolvable());
        // application-scoped beans come as client proxies, subclasses of the bean class
        assertInstanceOf(AcceleratorBehaviour.class, accelerator.get());
        assertInstanceOf(EchoBehaviour.class, echo.get());
        assertEquals(new AcceleratorBehaviour().description(), accelerator.get().description());
        assertFalse(weld.select(DeviceBehaviour.class, ComponentId.Literal.of("no-such")).isResolvable());
    }
}

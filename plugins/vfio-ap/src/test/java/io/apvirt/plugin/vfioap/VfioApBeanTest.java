package io.apvirt.plugin.vfioap;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldJunit5Extension;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The plugin as a CDI bean archive: the engine finds the hook under {@code @ComponentId("vfio-ap")} and attaches it by default. */
@ExtendWith(WeldJunit5Extension.class)
class VfioApBeanTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().enableDiscovery()).build();

    @Inject
    @ComponentId("vfio-ap")
    PqapHook hook;

    @Inject
    ComponentRegistry registry;

    @Inject
    Machine machine;

    @Test
    void theBeanIsFoundUnderItsComponentId() {
        assertInstanceOf(VfioApHook.class, hook);
        assertEquals(new VfioApHook().rules(), hook.rules());
        assertEquals("vfio-ap/target/classes", registry.catalog().hooks().get("vfio-ap").module());
        assertEquals(List.of("kernel", "nib-zero", "gisc-failure-rc", "max-isc", "disable-retries", "retry-wait-ticks"),
                registry.catalog().hooks().get("vfio-ap").optionNames());
        assertEquals(VfioApHook.Handler.class, registry.hook("vfio-ap").bind(io.apvirt.api.plugin.ComponentContext.of("vfio-ap",
                io.apvirt.api.plugin.Options.defaults(hook.options()))).getClass());
    }

    @Test
    void theDefaultMachineHasTheHookAttached() {
        assertEquals("vfio-ap", machine.hookId());
        Vcpu cpu = machine.newVcpu();
        cpu.setGr(0, PqapGr0.of(FunctionCode.AQIC, Apqn.parse("03.0005")).encode());
        cpu.setGr(1, AqicControl.guest(true, 3).encode());
        cpu.setGr(2, 0x1000);
        Outcome o = cpu.execute(Instruction.PQAP);
        assertEquals(Level.HOOK, o.level());
        assertEquals("vfio-ap.enable", o.rule().id());
        assertEquals(0, cpu.cc());
        assertEquals(0x8100_0000L, cpu.gr(1));
    }
}

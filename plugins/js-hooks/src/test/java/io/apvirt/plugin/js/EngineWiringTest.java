package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.machine.ApMachine;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldJunit5Extension;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine with this module on the class path (bean discovery): {@code behaviour:
 * script:FILE} and {@code apvirt.hook: script:FILE} select the beans and hand them the file
 * (here the examples flaky-busy.js and aqic-audit.js, by absolute path).
 */
@ExtendWith(WeldJunit5Extension.class)
class EngineWiringTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld().enableDiscovery()).build();

    @Inject
    ComponentRegistry registry;

    @Inject
    ApvirtConfiguration configuration;

    @Inject
    MachineFactory factory;

    static final Path HOOKS = Path.of("../../scripts/hooks").toAbsolutePath().normalize();

    @Test
    void aScriptedDeviceAndAScriptedHookFromTheConfiguration() {
        assertEquals("js-hooks/target/classes", registry.catalog().behaviours().get("script").module());
        assertEquals("js-hooks/target/classes", registry.catalog().hooks().get("script").module());
        ApMachine m = factory.create(configuration.resolve(ConfigLayers.defaults()
                .withSet("apvirt.hook", "script:" + HOOKS.resolve("aqic-audit.js"))
                .withSet("apvirt.devices[0].adapter", "3")
                .withSet("apvirt.devices[0].behaviour", "script:" + HOOKS.resolve("flaky-busy.js"))));
        Vcpu cpu = m.newVcpu();
        for (int n = 1; n <= 6; n++) {
            Outcome.Completed c = nqap(m, cpu, 0, Q3_5, n, MESSAGE);
            assertEquals(n % 3 == 0 ? 3 : 0, c.cc(), "NQAP " + n);
            assertEquals(n % 3 == 0 ? 0x05 : 0, rc(c), "NQAP " + n);
            if (c.cc() == 0) {
                assertEquals(0, dqap(m, cpu, 0, Q3_5, 64).cc());
            }
        }
        cpu.setGr(0, PqapGr0.of(FunctionCode.AQIC, Apqn.parse("04.0006")).encode());
        cpu.setGr(1, AqicControl.guest(true, 2).encode());
        cpu.setGr(2, 0x1000);
        Outcome.Completed c = completed(cpu.execute(Instruction.PQAP));
        assertEquals("script.aqic-interrupts", c.rule().id());
        assertEquals(0, c.cc());
        List<String> lines = m.log().stream().filter(l -> !l.startsWith("js-hooks:")).toList();
        assertEquals(List.of(HOOKS.resolve("aqic-audit.js") + ": tick 11: AQIC 04.0006 ir=true isc=2 nib=0x1000 (interrupts off)"),
                lines);
    }
}

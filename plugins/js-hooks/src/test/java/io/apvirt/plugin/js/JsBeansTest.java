package io.apvirt.plugin.js;

import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.plugin.ScriptTool;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.jboss.weld.junit5.auto.EnableAutoWeld;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The module's three beans, found by their qualifiers and type (weld-junit5). */
@EnableAutoWeld
@AddBeanClasses({ScriptBehaviour.class, ScriptHook.class, JsScriptTool.class})
class JsBeansTest {

    @Inject
    @ComponentId("script")
    DeviceBehaviour behaviour;

    @Inject
    @ComponentId("script")
    PqapHook hook;

    @Inject
    ScriptTool tool;

    @Test
    void theBeansAreFoundByComponentIdAndScriptTool() {
        assertInstanceOf(ScriptBehaviour.class, behaviour);
        assertInstanceOf(ScriptHook.class, hook);
        assertInstanceOf(JsScriptTool.class, tool);
        assertEquals(List.of(), tool.check(Path.of("../../scripts/hooks/echo.js")));
        assertEquals(List.of("script.aqic-declined", "script.aqic-rc", "script.aqic-interrupts", "script.failed"),
                hook.rules().stream().map(r -> r.id()).toList());
    }
}

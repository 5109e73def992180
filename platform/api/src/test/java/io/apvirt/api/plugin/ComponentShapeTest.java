package io.apvirt.api.plugin;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.policy.InterceptPolicy;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three extension points have one shape: a {@link Component} each, adding nothing of their own. */
class ComponentShapeTest {

    @Test
    void everyKindIsAComponentThatAddsNoMethodAndBindsToItsWorker() {
        Map<Class<?>, Class<?>> workers = Map.of(InterceptPolicy.class, InterceptHandler.class, PqapHook.class, HookHandler.class,
                DeviceBehaviour.class, AdapterBehaviour.class);
        assertEquals(List.of(InterceptPolicy.class, PqapHook.class, DeviceBehaviour.class),
                Arrays.stream(ComponentKind.values()).map(ComponentKind::type).toList());
        for (ComponentKind kind : ComponentKind.values()) {
            Class<?> type = kind.type();
            assertEquals(List.of(), Arrays.stream(type.getDeclaredMethods()).map(Method::getName).toList(), type + " declares methods");
            Type[] supers = type.getGenericInterfaces();
            assertEquals(1, supers.length, type.toString());
            ParameterizedType component = (ParameterizedType) supers[0];
            assertEquals(Component.class, component.getRawType());
            assertEquals(workers.get(type), component.getActualTypeArguments()[0], type.toString());
        }
    }

    @Test
    void eachKindNamesItsSelectorAndOptionPrefix() {
        assertEquals(List.of("policy (policy) apvirt.policy apvirt.policies.", "hook (hook) apvirt.hook apvirt.hooks.",
                        "behaviour (device behaviour) apvirt.devices[n].behaviour apvirt.behaviours."),
                Arrays.stream(ComponentKind.values()).map(k -> k.label() + " (" + k.noun() + ") " + k.selectedBy() + " "
                        + k.optionPrefix()).toList());
        assertEquals(ComponentKind.HOOK, ComponentKind.ofLabel("hook"));
        assertEquals(null, ComponentKind.ofLabel("plugin"));
    }

    @Test
    void aPolicyOrHookContextHasNoAdapter() {
        ComponentContext context = ComponentContext.of("mainline", Options.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, context::adapter);
        assertEquals("component mainline is not bound to an adapter: only device behaviours are", e.getMessage());
        assertEquals(false, context.hasAdapter());
    }
}

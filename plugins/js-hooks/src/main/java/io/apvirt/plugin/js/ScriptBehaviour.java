package io.apvirt.plugin.js;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.PluginFailure;
import io.apvirt.api.plugin.ScriptSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;


/**
 * Devices written in JavaScript: {@code apvirt.devices[n].behaviour: script:hooks/flaky-busy.js}.
 * Each adapter gets its own {@link ScriptInstance} (its own Context of the shared engine, so
 * the module's variables are that adapter's state); {@code describe()} may replace the
 * configured type, mode, ML and queue depth. The script API is in the README, "Scripting".
 */
@ApplicationScoped
@ComponentId("script")
public class ScriptBehaviour implements DeviceBehaviour {

    @Override
    public String description() {
        return "JavaScript: the ES module of behaviour script:FILE answers requests, resets and tests (README, Scripting)";
    }

    /** A failed call of the script: named beside the rule that decided the instruction (README, Scripting, Failures). */
    @Override
    public List<Rule> rules() {
        return List.of(ScriptHook.FAILED);
    }

    @Override
    public AdapterBehaviour bind(ComponentContext context) {
        return adapter(context.adapter(), context);
    }

    private static ScriptAdapter adapter(AdapterSpec spec, ComponentContext context) {
        ScriptSettings settings = context.scripts() == null ? ScriptSettings.DEFAULTS : context.scripts();
        ScriptInstance script = new ScriptInstance(name(context, "behaviour: script:hooks/echo.js"), file(context),
                settings, context.log(), context.seed(), spec.apid());
        ScriptAdapter adapter = new ScriptAdapter(script, settings.onFailure());
        ScriptFailure notLoaded = script.loadFailure();
        if (notLoaded != null) {
            if (settings.onFailure() == ScriptSettings.OnFailure.FAIL) {
                throw new PluginFailure(notLoaded.getMessage(), notLoaded);
            }
            adapter.failed(notLoaded);
        }
        return adapter;
    }

    /** The script as the user named it. */
    static String name(ComponentContext context, String example) {
        if (context.argument() == null || context.argument().isBlank()) {
            throw new IllegalArgumentException("the script component needs a file: " + example);
        }
        return context.argument();
    }

    static java.nio.file.Path file(ComponentContext context) {
        if (context.file() == null) {
            throw new IllegalArgumentException("script " + context.argument() + " not found; looked in " + context.searchPath());
        }
        return context.file();
    }
}

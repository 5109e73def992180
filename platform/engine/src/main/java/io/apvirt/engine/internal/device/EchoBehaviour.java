package io.apvirt.engine.internal.device;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import io.apvirt.api.outcome.Rule;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** A test device: every request is accepted and its reply is the request bytes, after the adapter latency. */
@ApplicationScoped
@ComponentId("echo")
public class EchoBehaviour implements DeviceBehaviour {

    public static final Rule ECHO = new Rule("echo.reply-is-request", "apvirt test device",
            "every request is accepted; the reply is the request, after the adapter's reply-latency");

    /** The message array belongs to the behaviour (AdapterBehaviour#onRequest), so the reply can be it. */
    private static final AdapterBehaviour ADAPTER = (request, queue) -> Response.Reply.of(request.message());

    @Override
    public String description() {
        return "Echo: the reply is the request message, after the adapter latency";
    }

    @Override
    public List<Rule> rules() {
        return List.of(ECHO);
    }

    @Override
    public AdapterBehaviour bind(ComponentContext context) {
        return ADAPTER;
    }
}

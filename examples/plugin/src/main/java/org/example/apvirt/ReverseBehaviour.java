package org.example.apvirt;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.BehaviourId;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import io.apvirt.api.outcome.Rule;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * An example device: every request is accepted and its reply is the request's bytes in
 * reverse order, after the adapter's reply-latency (docs/architecture.md#11.7). It keeps no
 * state, so one adapter object serves every adapter.
 */
@ApplicationScoped
@BehaviourId("example-reverse")
public class ReverseBehaviour implements DeviceBehaviour {

    public static final Rule REVERSED = new Rule("example-reverse.reply-is-reversed-request",
            "apvirt example plugin (examples/plugin)",
            "every request is accepted; the reply is the request's bytes in reverse order, after the reply-latency");

    /** The message array belongs to the behaviour (AdapterBehaviour#onRequest), so it is reversed in place. */
    private static final AdapterBehaviour ADAPTER = (request, queue) -> Response.Reply.of(reverse(request.message()));

    @Override
    public String description() {
        return "example plugin: the reply is the request message reversed, after the adapter latency";
    }

    @Override
    public List<Rule> rules() {
        return List.of(REVERSED);
    }

    @Override
    public AdapterBehaviour bind(AdapterSpec adapter) {
        return ADAPTER;
    }

    static byte[] reverse(byte[] bytes) {
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
        return bytes;
    }
}

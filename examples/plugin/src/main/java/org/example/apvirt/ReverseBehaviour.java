package org.example.apvirt;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.ComponentId;
import io.apvirt.api.plugin.Option;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * An example device: every request is accepted and its reply is the request's bytes in
 * reverse order, after the adapter's reply-latency (docs/architecture.md#11.7); the option
 * {@code apvirt.behaviours.example-reverse.keep-header} leaves that many leading bytes in place.
 * It keeps no state, so one adapter object serves every adapter with the same option value.
 */
@ApplicationScoped
@ComponentId("example-reverse")
public class ReverseBehaviour implements DeviceBehaviour {

    public static final Rule REVERSED = new Rule("example-reverse.reply-is-reversed-request",
            "apvirt example plugin (examples/plugin)",
            "every request is accepted; the reply is the request's bytes after keep-header in reverse order, after the reply-latency");

    public static final Option.Number KEEP_HEADER = Option.number("keep-header", 0, 0, 64,
            "leading bytes of the request left in place (a message header), the rest reversed");

    @Override
    public String description() {
        return "example plugin: the reply is the request message reversed, after the adapter latency";
    }

    @Override
    public List<Rule> rules() {
        return List.of(REVERSED);
    }

    @Override
    public List<Option> options() {
        return List.of(KEEP_HEADER);
    }

    @Override
    public AdapterBehaviour bind(ComponentContext context) {
        int keep = context.options().integer(KEEP_HEADER.name());
        // the message array belongs to the behaviour (AdapterBehaviour#onRequest), so it is reversed in place
        return (request, queue) -> Response.Reply.of(reverse(request.message(), Math.min(keep, request.message().length)));
    }

    static byte[] reverse(byte[] bytes, int from) {
        for (int i = from, j = bytes.length - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
        return bytes;
    }
}

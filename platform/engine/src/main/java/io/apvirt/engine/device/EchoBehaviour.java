package io.apvirt.engine.device;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.BehaviourId;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code echo}: the reply is the request, after the adapter's reply latency. */
@ApplicationScoped
@BehaviourId("echo")
public class EchoBehaviour implements DeviceBehaviour {

    private static final AdapterBehaviour ECHO = (request, queue) -> Response.Reply.of(request.message());

    @Override
    public String description() {
        return "replies with the request message itself";
    }

    @Override
    public AdapterBehaviour bind(AdapterSpec adapter) {
        return ECHO;
    }
}

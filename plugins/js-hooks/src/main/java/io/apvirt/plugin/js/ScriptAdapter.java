package io.apvirt.plugin.js;

import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.ResetKind;
import io.apvirt.api.device.Response;
import io.apvirt.api.plugin.PluginFailure;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;

/**
 * One adapter whose behaviour is a script: {@code onRequest}, {@code onReset} and
 * {@code onTest} of its module, called through its {@link ScriptInstance}. A failed call
 * (error, deadline, statement limit, a return value that does not fit) has the configured
 * outcome: {@code checkstop} checkstops the adapter (RC 0x04 on all its queues from then on,
 * the failed request refused with RC 0x04), {@code busy} answers this instruction with RC 0x05
 * and goes on, {@code fail} throws {@link PluginFailure}.
 */
final class ScriptAdapter implements AdapterBehaviour {

    private static final Response REFUSED_CHECKSTOPPED = new Response.Refused(ResponseCode.CHECKSTOPPED);
    private static final Response REFUSED_BUSY = new Response.Refused(ResponseCode.BUSY);

    final ScriptInstance script;
    private final OnFailure onFailure;
    private volatile ResponseCode condition;

    ScriptAdapter(ScriptInstance script, OnFailure onFailure) {
        this.script = script;
        this.onFailure = onFailure;
    }

    @Override
    public Response onRequest(Request request, QueueView queue) {
        try {
            return script.call("onRequest", request.tick(),
                    () -> new Object[] {new Views.RequestView(script.host, request), new Views.Queue(script.host, queue)},
                    (fn, result) -> Returns.response(fn, result, queue.adapter()),
                    () -> Response.Reply.of(request.message()));
        } catch (ScriptFailure f) {
            return failed(f) == OnFailure.CHECKSTOP ? REFUSED_CHECKSTOPPED : REFUSED_BUSY;
        }
    }

    /** {@code describe()} of the module: the fields it gives replace the configured ones. */
    @Override
    public AdapterSpec describe(AdapterSpec configured) {
        if (!script.exports("describe")) {
            return configured;
        }
        try {
            return script.call("describe", 0, () -> new Object[0],
                    (fn, result) -> Returns.describe(fn, result, configured), () -> configured);
        } catch (ScriptFailure f) {
            failed(f); // throws for on-failure: fail
            return configured;
        }
    }

    @Override
    public int onReset(QueueView queue, ResetKind kind) {
        try {
            return script.call("onReset", queue.now(),
                    () -> new Object[] {new Views.Queue(script.host, queue), kind.name()},
                    Returns::resetTicks, () -> ADAPTER_RESET_TICKS);
        } catch (ScriptFailure f) {
            failed(f); // the reset has happened; a checkstop shows from the next instruction on
            return ADAPTER_RESET_TICKS;
        }
    }

    @Override
    public ResponseCode onTest(QueueView queue) {
        try {
            return script.call("onTest", queue.now(), () -> new Object[] {new Views.Queue(script.host, queue)},
                    Returns::testRc, () -> null);
        } catch (ScriptFailure f) {
            return failed(f) == OnFailure.CHECKSTOP ? ResponseCode.CHECKSTOPPED : ResponseCode.BUSY;
        }
    }

    @Override
    public ResponseCode condition() {
        return condition;
    }

    /** The configured outcome of a failure: checkstops the adapter, or throws for {@code fail}. */
    OnFailure failed(ScriptFailure f) {
        script.host.callFailed(f.getMessage());
        switch (onFailure) {
            case FAIL -> throw new PluginFailure(f.getMessage(), f);
            case CHECKSTOP -> condition = ResponseCode.CHECKSTOPPED;
            case BUSY -> {
            }
        }
        return onFailure;
    }
}

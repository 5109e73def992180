package io.apvirt.engine.internal.bus;

import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.arch.TapqInfo;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One adapter (card): its configuration, its behaviour and its injected faults. The
 * adapter's condition (deconfigured, checkstopped) applies to all its queues; the
 * counters are atomic because its queues run on several vCPU threads.
 */
public final class ApAdapter {

    private static final Response BUSY = new Response.Refused(ResponseCode.BUSY);

    private final AdapterSpec spec;
    private final AdapterBehaviour behaviour;
    private final FaultPlan faults;
    private final boolean apxa;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean checkstopped;

    public ApAdapter(AdapterSpec spec, AdapterBehaviour behaviour, FaultPlan faults, boolean apxa) {
        this.spec = spec;
        this.behaviour = behaviour;
        this.faults = faults;
        this.apxa = apxa;
    }

    public AdapterSpec spec() {
        return spec;
    }

    public FaultPlan faults() {
        return faults;
    }

    /** The behaviour bound to this adapter (what the queues call; {@code apvirt bench --calls} calls it directly). */
    public AdapterBehaviour behaviour() {
        return behaviour;
    }

    /**
     * The response code every instruction on the adapter's queues answers with, or
     * {@code null} while the adapter is operational (section 3: 0x03 deconfigured, 0x04
     * checkstopped; deconfigured wins; then the behaviour's own condition).
     */
    public ResponseCode condition(long now) {
        if (faults.deconfigureAt() != FaultPlan.NEVER && now >= faults.deconfigureAt()) {
            return ResponseCode.DECONFIGURED;
        }
        if (checkstopped) {
            return ResponseCode.CHECKSTOPPED;
        }
        return behaviour.condition();
    }

    /** Asks the behaviour, after the busy fault; the n-th accepted request checkstops the adapter after it. */
    Response request(Request request, QueueView queue) {
        // the counters are shared by the adapter's queues: touched only when a fault needs them
        if (faults.busyEvery() > 0 && attempts.incrementAndGet() % faults.busyEvery() == 0) {
            return BUSY;
        }
        Response response = behaviour.onRequest(request, queue);
        if (response instanceof Response.Reply && faults.checkstopAfter() > 0
                && accepted.incrementAndGet() >= faults.checkstopAfter()) {
            checkstopped = true;
        }
        return response;
    }

    /** TAPQ GR2 (section 2.4): ND is 256 domains with APXA, else 16. */
    public TapqInfo tapqInfo(int bindState) {
        int nd = apxa ? 0xFF : 0x0F;
        return new TapqInfo(false, true, true, spec.mode() == io.apvirt.api.arch.ApMode.CCA,
                spec.mode() == io.apvirt.api.arch.ApMode.ACCELERATOR, spec.mode() == io.apvirt.api.arch.ApMode.EP11,
                apxa, false, 0, bindState, spec.type().at(), nd, spec.ml(), spec.queueDepth(), 0);
    }

    public int maxMessageBytes() {
        return spec.maxMessageBytes();
    }
}

package io.apvirt.api.device;

import io.apvirt.api.arch.ResponseCode;

/**
 * The behaviour of one adapter. The queue calls it while it holds its own lock, so calls
 * for one queue never overlap; the queues of one adapter may call it from several vCPU
 * threads at once, so state shared between them must be thread-safe.
 */
public interface AdapterBehaviour {

    /**
     * NQAP: the queue has room and is operational. Answer with the reply (ready after a
     * latency in ticks) or refuse the request with a response code (the guest sees cc 3
     * and that RC; the request is not accepted). The message array belongs to the callee.
     */
    Response onRequest(Request request, QueueView queue);

    /**
     * The adapter as this behaviour describes it: the configured spec, or a copy with the
     * fields the behaviour defines (a script's {@code describe()}: type, mode, ML, queue depth).
     * The engine calls it once, right after binding, and builds the adapter from what it returns.
     */
    default AdapterSpec describe(AdapterSpec configured) {
        return configured;
    }

    /** {@link #onReset}: the reset takes the adapter's configured {@code reset-ticks}. */
    int ADAPTER_RESET_TICKS = -1;

    /**
     * RAPQ or ZAPQ was accepted: the queue has dropped its messages and turned interrupts off.
     * Returns the ticks the reset takes (TAPQ answers RC 0x02 meanwhile), or
     * {@link #ADAPTER_RESET_TICKS}.
     */
    default int onReset(QueueView queue, ResetKind kind) {
        return ADAPTER_RESET_TICKS;
    }

    /**
     * The adapter's own condition: {@code null} while it works, or the response code every
     * function of its queues answers with from now on (0x04 checkstopped, 0x03 deconfigured),
     * for example after a script failed.
     */
    default ResponseCode condition() {
        return null;
    }

    /**
     * TAPQ on an operational queue: {@code null} keeps the modelled status word; a response
     * code replaces it (cc 3 with that RC, for example {@link ResponseCode#BUSY}).
     */
    default ResponseCode onTest(QueueView queue) {
        return null;
    }
}

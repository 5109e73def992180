package io.apvirt.engine.internal.workload;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;

/**
 * One thread's calls of a device behaviour, as the engine makes them on NQAP: request {@code n}
 * has PSMID (thread id &lt;&lt; 32 | n), a fresh copy of the thread's {@value QueuePair#MESSAGE_LENGTH}-byte
 * message (the callee owns it) and tick {@code n}. A queue shared by several threads is locked
 * around each call, as the engine does; an unshared one is not. Not thread-safe.
 */
public final class BehaviourCall {

    private final int id;
    private final QueueView queue;
    private final AdapterBehaviour behaviour;
    private final boolean shared;
    private final byte[] message = new byte[QueuePair.MESSAGE_LENGTH];
    private long replies;
    private long refused;
    private Response.Refused lastRefusal;
    private long replyBytes;

    public BehaviourCall(int id, QueueView queue, AdapterBehaviour behaviour, boolean shared) {
        this.id = id;
        this.queue = queue;
        this.behaviour = behaviour;
        this.shared = shared;
        for (int b = 0; b < message.length; b++) {
            message[b] = (byte) (id * 16 + b);
        }
    }

    /** Call number {@code n}; the response. */
    public Response call(long n) {
        Request request = new Request(((long) id << 32) | (n & 0xFFFFFFFFL), message.clone(), n);
        Response response;
        if (shared) {
            synchronized (queue) {
                response = behaviour.onRequest(request, queue);
            }
        } else {
            response = behaviour.onRequest(request, queue);
        }
        switch (response) {
            case Response.Reply reply -> {
                replies++;
                replyBytes += reply.data().length;
            }
            case Response.Refused r -> {
                refused++;
                lastRefusal = r;
            }
            case null, default -> throw new IllegalStateException("onRequest returned " + response);
        }
        return response;
    }

    /** Forgets the counts (after a warm-up). */
    public void resetCounts() {
        replies = 0;
        refused = 0;
        lastRefusal = null;
        replyBytes = 0;
    }

    public QueueView queue() {
        return queue;
    }

    public long replies() {
        return replies;
    }

    public long refused() {
        return refused;
    }

    /** The last refusal, or {@code null}. */
    public Response.Refused lastRefusal() {
        return lastRefusal;
    }

    public long replyBytes() {
        return replyBytes;
    }
}

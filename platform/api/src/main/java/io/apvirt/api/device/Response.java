package io.apvirt.api.device;

import io.apvirt.api.arch.ResponseCode;

/** What a device answers to a request. */
public sealed interface Response permits Response.Reply, Response.Refused {

    /** The ticks a reply takes when the device does not say: the adapter's {@code reply-latency}. */
    int ADAPTER_LATENCY = -1;

    /**
     * The request is accepted; its reply is ready {@code latency} ticks later
     * ({@link #ADAPTER_LATENCY}: the adapter's configured latency).
     */
    record Reply(byte[] data, int latency) implements Response {
        public Reply {
            if (data == null) {
                throw new IllegalArgumentException("a reply needs data (an empty array for none)");
            }
            if (latency < ADAPTER_LATENCY) {
                throw new IllegalArgumentException("latency " + latency + " is negative");
            }
        }

        /** A reply after the adapter's configured latency. */
        public static Reply of(byte[] data) {
            return new Reply(data, ADAPTER_LATENCY);
        }
    }

    /** The request is not accepted: NQAP ends with cc 3 and this response code (BUSY, MESSAGE_TOO_BIG ...). */
    record Refused(ResponseCode code) implements Response {
        public Refused {
            if (code == null || code == ResponseCode.NORMAL) {
                throw new IllegalArgumentException("a refusal needs a non-zero response code");
            }
        }
    }
}

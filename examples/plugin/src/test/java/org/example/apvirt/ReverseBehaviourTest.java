package org.example.apvirt;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The behaviour called directly, as the engine calls it: bind once per adapter, then one call per NQAP. */
class ReverseBehaviourTest {

    private static final AdapterSpec ADAPTER =
            new AdapterSpec(3, ApType.CEX8, ApMode.CCA, 0, 4, List.of(5, 6), 1, 3, "example-reverse");

    private static Response.Reply reply(byte... message) {
        AdapterBehaviour adapter = new ReverseBehaviour().bind(ADAPTER);
        return assertInstanceOf(Response.Reply.class, adapter.onRequest(new Request(1, message, 0), null));
    }

    @Test
    void theReplyIsTheRequestReversedAfterTheAdapterLatency() {
        Response.Reply r = reply((byte) 0x01, (byte) 0x02, (byte) 0x03, (byte) 0xFF);
        assertArrayEquals(new byte[]{(byte) 0xFF, 0x03, 0x02, 0x01}, r.data());
        assertEquals(Response.ADAPTER_LATENCY, r.latency());
    }

    @Test
    void oneAndZeroBytesStayAsTheyAre() {
        assertArrayEquals(new byte[]{0x42}, reply((byte) 0x42).data());
        assertArrayEquals(new byte[0], reply().data());
    }

    @Test
    void theAdapterIsDescribedAsConfiguredAndDeclaresItsRule() {
        ReverseBehaviour behaviour = new ReverseBehaviour();
        assertSame(ADAPTER, behaviour.bind(ADAPTER).describe(ADAPTER));
        assertEquals(List.of(ReverseBehaviour.REVERSED), behaviour.rules());
        assertEquals("example-reverse.reply-is-reversed-request", ReverseBehaviour.REVERSED.id());
    }
}

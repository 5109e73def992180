package org.example.apvirt;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.Options;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The behaviour called directly, as the engine calls it: bind once per adapter, then one call per NQAP. */
class ReverseBehaviourTest {

    private static final AdapterSpec ADAPTER =
            new AdapterSpec(3, ApType.CEX8, ApMode.CCA, 0, 4, List.of(5, 6), 1, 3, "example-reverse");

    private static AdapterBehaviour bind(Map<String, String> options) {
        ReverseBehaviour behaviour = new ReverseBehaviour();
        return behaviour.bind(ComponentContext.of("example-reverse", Options.of(behaviour.options(), options)).forAdapter(ADAPTER));
    }

    private static Response.Reply reply(AdapterBehaviour adapter, byte... message) {
        return assertInstanceOf(Response.Reply.class, adapter.onRequest(new Request(1, message, 0), null));
    }

    @Test
    void theReplyIsTheRequestReversedAfterTheAdapterLatency() {
        Response.Reply r = reply(bind(Map.of()), (byte) 0x01, (byte) 0x02, (byte) 0x03, (byte) 0xFF);
        assertArrayEquals(new byte[]{(byte) 0xFF, 0x03, 0x02, 0x01}, r.data());
        assertEquals(Response.ADAPTER_LATENCY, r.latency());
    }

    @Test
    void keepHeaderLeavesTheLeadingBytesInPlace() {
        AdapterBehaviour adapter = bind(Map.of("keep-header", "0x2"));
        assertArrayEquals(new byte[]{0x01, 0x02, 0x05, 0x04, 0x03}, reply(adapter, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5).data());
        assertArrayEquals(new byte[]{0x01}, reply(adapter, (byte) 1).data(), "a message shorter than the header stays as it is");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bind(Map.of("keep-header", "65")));
        assertEquals("option keep-header: '65' is not a whole number from 0 to 64", e.getMessage());
    }

    @Test
    void oneAndZeroBytesStayAsTheyAre() {
        assertArrayEquals(new byte[]{0x42}, reply(bind(Map.of()), (byte) 0x42).data());
        assertArrayEquals(new byte[0], reply(bind(Map.of())).data());
    }

    @Test
    void theAdapterIsDescribedAsConfiguredAndDeclaresItsRuleAndOption() {
        ReverseBehaviour behaviour = new ReverseBehaviour();
        assertSame(ADAPTER, bind(Map.of()).describe(ADAPTER));
        assertEquals(List.of(ReverseBehaviour.REVERSED), behaviour.rules());
        assertEquals(List.of(ReverseBehaviour.KEEP_HEADER), behaviour.options());
        assertEquals("example-reverse.reply-is-reversed-request", ReverseBehaviour.REVERSED.id());
    }
}

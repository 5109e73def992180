package io.apvirt.engine.internal.device;

import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.Options;
import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.apvirt.engine.internal.device.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class EchoBehaviourTest {

    @Test
    void replyIsTheRequest() {
        AdapterSpec spec = new AdapterSpec(4, ApType.CEX7, ApMode.CCA, 0, 8, List.of(6), 3, 2, "echo");
        var adapter = new EchoBehaviour().bind(ComponentContext.of("echo", Options.NONE).forAdapter(spec));
        var queue = new AcceleratorBehaviourTest.FixedQueue(new Apqn(4, 6), spec);
        byte[] message = hex("00 50 0190 deadbeef");
        Response response = adapter.onRequest(new Request(42, message.clone(), 10), queue);
        Response.Reply reply = assertInstanceOf(Response.Reply.class, response);
        assertArrayEquals(message, reply.data());
        assertEquals(Response.ADAPTER_LATENCY, reply.latency());
        Response.Reply big = assertInstanceOf(Response.Reply.class,
                adapter.onRequest(new Request(43, new byte[12288], 11), queue));
        assertEquals(12288, big.data().length);
    }

    @Test
    void describesItselfOnOneLine() {
        EchoBehaviour echo = new EchoBehaviour();
        assertFalse(echo.description().contains("\n"));
        assertEquals("echo.reply-is-request", echo.rules().getFirst().id());
    }
}

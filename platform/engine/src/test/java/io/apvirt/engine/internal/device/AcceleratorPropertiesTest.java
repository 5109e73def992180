package io.apvirt.engine.internal.device;

import io.apvirt.api.device.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class AcceleratorPropertiesTest {

    /** CRT with (p, q, d mod p-1, d mod q-1, q^-1 mod p) answers what ME with d answers. */
    @Property(tries = 100)
    void crtAgreesWithModExpo(@ForAll long seed, @ForAll @IntRange(min = 16, max = 512) int primeBits) {
        Random random = new Random(seed);
        BigInteger p = BigInteger.probablePrime(primeBits, random);
        BigInteger q = BigInteger.probablePrime(primeBits, random);
        Assume.that(!p.equals(q));
        BigInteger n = p.multiply(q);
        BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        BigInteger e = BigInteger.valueOf(65537);
        Assume.that(e.gcd(phi).equals(BigInteger.ONE));
        BigInteger d = e.modInverse(phi);
        BigInteger c = new BigInteger(n.bitLength() + 8, random).mod(n);

        Type50Request.ModExpo me = Type50Request.meb(d, n, c);
        Type50Request.Crt crt = Type50Request.crb(p, q, d.mod(p.subtract(BigInteger.ONE)),
                d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p), c);
        assertEquals(me.format().sizeClass(), crt.format().sizeClass());
        byte[] meReply = AcceleratorBehaviour.reply(me.encode()).encode();
        assertArrayEquals(meReply, AcceleratorBehaviour.reply(crt.encode()).encode());
        assertEquals(c.modPow(d, n), Type80Reply.decode(meReply).result());
    }

    /** Whatever bytes are enqueued, the answer is a refusal or a well-formed type-80 or type-82 reply. */
    @Property(tries = 500)
    void everyMessageGetsAWellFormedAnswer(@ForAll("messages") byte[] message) {
        Response response = AcceleratorBehaviour.respond(message.clone());
        if (message.length > Type50Format.MAX_LENGTH) {
            assertInstanceOf(Response.Refused.class, response);
            return;
        }
        byte[] data = assertInstanceOf(Response.Reply.class, response).data();
        Type50Reply reply = Type50Reply.decode(data);
        assertArrayEquals(data, reply.encode());
    }

    /** Random bytes, often with a type-50 header that is right up to the keyblock type. */
    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1900);
        Arbitrary<byte[]> headed = Arbitraries.of(Type50Format.class).flatMap(f ->
                Arbitraries.bytes().array(byte[].class).ofSize(f.length()).map(b -> {
                    b[0] = 0;
                    b[1] = 0x50;
                    b[2] = (byte) (f.length() >>> 8);
                    b[3] = (byte) f.length();
                    b[4] = 0;
                    b[6] = 0;
                    b[7] = 0;
                    b[8] = 0;
                    b[9] = (byte) f.keyblockType();
                    java.util.Arrays.fill(b, 10, 16, (byte) 0);
                    return b;
                }));
        return Arbitraries.oneOf(raw, headed);
    }
}

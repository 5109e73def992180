package io.apvirt.engine.internal.device;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static io.apvirt.engine.internal.device.TestBytes.concat;
import static io.apvirt.engine.internal.device.TestBytes.field;
import static io.apvirt.engine.internal.device.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Type50RequestTest {

    static final BigInteger N = BigInteger.valueOf(3233);
    static final BigInteger E = BigInteger.valueOf(17);
    static final BigInteger M = BigInteger.valueOf(65);

    /** Textbook key p 61, q 53: MEB1 request bytes written out field by field. */
    @Test
    void mebEncodesLinuxLayout() throws Exception {
        byte[] expected = concat(
                hex("00 50 0190 00 00 0000"),  // type50_hdr: msg_type_code 0x50, msg_len 400
                hex("0001 000000000000"),       // keyblock_type MEB1, reserved[6]
                field(128, "11"),               // exponent 17
                field(128, "0ca1"),             // modulus 3233
                field(128, "41"));              // message 65
        Type50Request.ModExpo request = Type50Request.meb(E, N, M);
        assertEquals(Type50Format.MEB1, request.format());
        assertArrayEquals(expected, request.encode());
        assertEquals(request, Type50Request.decode(expected));
    }

    @Test
    void crbEncodesLinuxLayout() throws Exception {
        byte[] expected = concat(
                hex("00 50 01d0 00 00 0000"),  // msg_len 464
                hex("0011 000000000000"),       // keyblock_type CRB1
                field(64, "3d"),                // p 61
                field(64, "35"),                // q 53
                field(64, "35"),                // dp 53
                field(64, "31"),                // dq 49
                field(64, "26"),                // u 38
                field(128, "0ae6"));            // message 2790
        Type50Request.Crt request = Type50Request.crb(BigInteger.valueOf(61), BigInteger.valueOf(53),
                BigInteger.valueOf(53), BigInteger.valueOf(49), BigInteger.valueOf(38), BigInteger.valueOf(2790));
        assertEquals(Type50Format.CRB1, request.format());
        assertEquals(N, request.modulus());
        assertArrayEquals(expected, request.encode());
        assertEquals(request, Type50Request.decode(expected));
    }

    @Test
    void largerFormatsFromModulusBits() {
        BigInteger n2048 = BigInteger.ONE.shiftLeft(2047).add(BigInteger.ONE);
        BigInteger n2049 = BigInteger.ONE.shiftLeft(2048).add(BigInteger.ONE);
        assertEquals(Type50Format.MEB2, Type50Request.meb(E, n2048, M).format());
        assertEquals(Type50Format.MEB3, Type50Request.meb(E, n2049, M).format());
        BigInteger p1024 = BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE);
        Type50Request.Crt crt = Type50Request.crb(p1024, p1024, E, E, E, M); // p*q has 2047 bits
        assertEquals(Type50Format.CRB2, crt.format());
        byte[] bytes = crt.encode();
        assertEquals(912, bytes.length);
        assertEquals(0x50, bytes[1] & 0xFF);
        assertEquals(0x0390, (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF);
        assertEquals(0x0012, (bytes[8] & 0xFF) << 8 | bytes[9] & 0xFF);
    }

    @Test
    void rejectsNumbersThatDoNotFit() {
        BigInteger n4097 = BigInteger.ONE.shiftLeft(4096);
        assertThrows(IllegalArgumentException.class, () -> Type50Request.meb(E, n4097, M));
        assertThrows(IllegalArgumentException.class, () -> Type50Request.meb(E, N, M.negate()));
        assertThrows(IllegalArgumentException.class,
                () -> new Type50Request.ModExpo(Type50Format.MEB1, BigInteger.ONE.shiftLeft(1024), N, M));
        // unbalanced primes: p has 600 bits, p*q 1000, but p must fit 64 bytes in CRB1
        BigInteger p600 = BigInteger.ONE.shiftLeft(599).add(BigInteger.ONE);
        BigInteger q400 = BigInteger.ONE.shiftLeft(399).add(BigInteger.ONE);
        assertThrows(IllegalArgumentException.class, () -> Type50Request.crb(p600, q400, E, E, E, M));
        assertThrows(IllegalArgumentException.class,
                () -> new Type50Request.ModExpo(Type50Format.CRB1, E, N, M));
        assertThrows(IllegalArgumentException.class,
                () -> new Type50Request.Crt(Type50Format.MEB1, E, E, E, E, E, M));
    }

    @Test
    void ignoredByteIsIgnored() throws Exception {
        byte[] bytes = Type50Request.meb(E, N, M).encode();
        bytes[5] = (byte) 0xA5;
        assertEquals(Type50Request.meb(E, N, M), Type50Request.decode(bytes));
    }

    @Property(tries = 200)
    void decodeInvertsEncode(@ForAll("requests") Type50Request request) throws Exception {
        byte[] bytes = request.encode();
        assertEquals(request.format().length(), bytes.length);
        assertEquals(request, Type50Request.decode(bytes));
    }

    @Provide
    Arbitrary<Type50Request> requests() {
        Arbitrary<Type50Format> formats = Arbitraries.of(Type50Format.class);
        return formats.flatMap(f -> {
            Arbitrary<BigInteger> part = number(f.partSize());
            Arbitrary<BigInteger> message = number(f.messageSize());
            if (f.isCrt()) {
                return Combinators.combine(part, part, part, part, part, message)
                        .as((p, q, dp, dq, u, m) -> new Type50Request.Crt(f, p, q, dp, dq, u, m));
            }
            return Combinators.combine(part, part, message).as((e, n, m) -> new Type50Request.ModExpo(f, e, n, m));
        });
    }

    /** Non-negative numbers of up to {@code bytes} bytes, often short or at the full width. */
    static Arbitrary<BigInteger> number(int bytes) {
        return Arbitraries.integers().between(0, bytes).flatMap(len ->
                Arbitraries.bytes().array(byte[].class).ofSize(len).map(b -> new BigInteger(1, b)));
    }
}

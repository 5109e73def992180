package io.apvirt.engine.internal.device;

import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.Options;
import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.List;

import static io.apvirt.engine.internal.device.TestBytes.concat;
import static io.apvirt.engine.internal.device.TestBytes.field;
import static io.apvirt.engine.internal.device.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Known answers and every malformed-request path of the accelerator behaviour. */
class AcceleratorBehaviourTest {

    // The textbook key (p 61, q 53, e 17, d 413): 65^17 mod 3233 = 2790.
    static final BigInteger P = BigInteger.valueOf(61);
    static final BigInteger Q = BigInteger.valueOf(53);
    static final BigInteger N = BigInteger.valueOf(3233);
    static final BigInteger E = BigInteger.valueOf(17);
    static final BigInteger D = BigInteger.valueOf(413);
    static final BigInteger DP = BigInteger.valueOf(53);
    static final BigInteger DQ = BigInteger.valueOf(49);
    static final BigInteger U = BigInteger.valueOf(38);

    /** The type-80 header for a 128-byte result field: len 0x0090. */
    static final byte[] T80_144 = hex("00 80 0090 00 000000 0000000000000000");

    static byte[] reply(byte[] request) {
        Response response = AcceleratorBehaviour.respond(request);
        Response.Reply reply = assertInstanceOf(Response.Reply.class, response);
        assertEquals(Response.ADAPTER_LATENCY, reply.latency());
        return reply.data();
    }

    static byte[] error(int code) {
        return hex(String.format("00 82 0000 %02x 000000", code));
    }

    static byte[] textbookMeb() {
        return Type50Request.meb(E, N, BigInteger.valueOf(65)).encode();
    }

    @Test
    void textbookModExpo() {
        assertArrayEquals(concat(T80_144, field(128, "0ae6")), reply(textbookMeb()));
        byte[] decrypt = Type50Request.meb(D, N, BigInteger.valueOf(2790)).encode();
        assertArrayEquals(concat(T80_144, field(128, "41")), reply(decrypt));
    }

    @Test
    void textbookCrt() {
        byte[] request = Type50Request.crb(P, Q, DP, DQ, U, BigInteger.valueOf(2790)).encode();
        assertArrayEquals(concat(T80_144, field(128, "41")), reply(request));
    }

    // A 1024-bit key made with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024`; the
    // results were computed once with `openssl pkeyutl -encrypt|-decrypt -pkeyopt rsa_padding_mode:none`
    // and checked with Python pow().
    static final BigInteger KAT_N = new BigInteger("c7c8124e9506c4276b775339f86654d94b434dae213a2871226b35475af00725"
            + "39a42f8ccc63e0fdcdce3bcaff2dac0ec794f99c39849f6fcdbda20095dd080d0a73714aef06e6d930827dba5a8ea3f2"
            + "4ec4ce7c31a7915591f1234f34bc799e0410763fa2788001a0c9360aba1c3a2875ebe27e1541b412cf3ad244ec0a6c2b", 16);
    static final BigInteger KAT_E = BigInteger.valueOf(65537);
    static final BigInteger KAT_D = new BigInteger("4669535a72d7b1a69b0fb13b8b3ab5c8e7e7cea7027af6e9f8d18433a3ef58f5"
            + "5bbd6c2cd9949225a1b5800969aa752bb857df299a740da56003e7e700eaa7fd20149c3071b6ce733cc33c95b7e6184f"
            + "3dd41339f3664bc3582032270ff39fe42c38c78acaa47f5b2f31a9f7377a4f91843b543a237523447c70b4f0c7da6661", 16);
    static final BigInteger KAT_P = new BigInteger("fef4c2be6bdb85762c2cc6800bb3c6eabba5d578c44ef27fbc82a19ab12aca01"
            + "6223f40a351f712bba8b744576ba1b8990aa285be6d8c5c7ee7f309f1c7f6fc3", 16);
    static final BigInteger KAT_Q = new BigInteger("c8997a612d97dc6e9e62de1e87343c70f3cbdbee45ff7fa1032a84e7c2f51aa7"
            + "dea08c02d1b401bd1c791b11be587cdfcd1055d06f5d92d68790fd77795e7379", 16);
    static final BigInteger KAT_DP = new BigInteger("539e06b8d93af7fc97e45f7de358a4e69b807a10cfa16cdb04027be9f62d286f"
            + "67b68ef54212fbd4f1ab8708b935b48e5b89d30ec1195b54851de5de69444a6d", 16);
    static final BigInteger KAT_DQ = new BigInteger("4fae271e52adefb140d8a4c21b92742fa9a76044d52917d92d18c69208aeb357"
            + "dae68ab6d3f55c7b71c3e92cb31f12fb12c95a4ce0ef9a53fca56b08f9fcba81", 16);
    /** The openssl "coefficient", q^-1 mod p. */
    static final BigInteger KAT_U = new BigInteger("09426645efa70e57ce688ad414e4edde8aff7580bef0e28a957c092f42410380"
            + "96a98353cefad254e10cc15580265d58f4f6a368b1a089a29b848a1d8ba35c27", 16);
    /** "apvirt type-50 known answer" followed by the bytes 01 ... 4f. */
    static final BigInteger KAT_M = new BigInteger("61707669727420747970652d3530206b6e6f776e20616e73776572"
            + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627"
            + "28292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f", 16);
    static final String KAT_C = "83a855fd319ecb9ce10d058e1f9ba4170e4d9ddad351f2673f475dca7a0412ad"
            + "1fd50b2dde67fbe8ea100289d44b504d7fe9fbf9e357ebe9c945cd43bb2e459ac4bf4448d262c55ea6e7c2b85c686d5d"
            + "ef40416dcc39fe5d7da8c8f8115283787b2a2aa73869d993fef5e91ca250cd20975d7405c1a0bc8b7cb3130ac97c0381";
    static final String KAT_S = "7935e4f2b0c6515233c9e36c7497e3e3ad64b6e6625ff0b697451711534c89a6"
            + "03cc97428e04856b21c018d0f8fafd16cfb6c65a4de655addff888bccd943cf4af294bf74d9928da8d9ae72d33796b70"
            + "d07201f78f47cf9647bb7a5b527a8e24a77de490b5b8b2ca2545faa1d21c261712c535574be742330470f739eddf975c";

    @Test
    void opensslKnownAnswers() {
        assertEquals(KAT_N, KAT_P.multiply(KAT_Q));
        assertEquals(BigInteger.ONE, KAT_U.multiply(KAT_Q).mod(KAT_P));
        assertEquals(KAT_D.mod(KAT_P.subtract(BigInteger.ONE)), KAT_DP);
        assertEquals(KAT_D.mod(KAT_Q.subtract(BigInteger.ONE)), KAT_DQ);
        assertArrayEquals(concat(T80_144, hex(KAT_C)), reply(Type50Request.meb(KAT_E, KAT_N, KAT_M).encode()));
        assertArrayEquals(concat(T80_144, hex(KAT_S)), reply(Type50Request.meb(KAT_D, KAT_N, KAT_M).encode()));
        byte[] crt = Type50Request.crb(KAT_P, KAT_Q, KAT_DP, KAT_DQ, KAT_U, KAT_M).encode();
        assertEquals(Type50Format.CRB1.length(), crt.length);
        assertArrayEquals(concat(T80_144, hex(KAT_S)), reply(crt));
        // decrypting the ciphertext gives the message back
        byte[] back = Type50Request.crb(KAT_P, KAT_Q, KAT_DP, KAT_DQ, KAT_U, new BigInteger(KAT_C, 16)).encode();
        assertArrayEquals(concat(T80_144, field(128, KAT_M.toByteArray())), reply(back));
    }

    @Test
    void zeroExponentGivesOne() {
        assertArrayEquals(concat(T80_144, field(128, "01")),
                reply(Type50Request.meb(BigInteger.ZERO, N, BigInteger.valueOf(65)).encode()));
    }

    @Test
    void messageZeroGivesZero() {
        assertArrayEquals(concat(T80_144, new byte[128]),
                reply(Type50Request.meb(E, N, BigInteger.ZERO).encode()));
        assertArrayEquals(concat(T80_144, new byte[128]),
                reply(Type50Request.crb(P, Q, DP, DQ, U, BigInteger.ZERO).encode()));
    }

    // ---- malformed requests: exact type-82 replies

    @Test
    void wrongMessageType() {
        byte[] request = textbookMeb();
        request[1] = 0x51;
        assertArrayEquals(error(0x20), reply(request));
        request[1] = 0x06; // a type-6 CPRB header on an accelerator
        assertArrayEquals(error(0x20), reply(request));
    }

    @Test
    void messageTypeIsCheckedFirst() {
        byte[] request = textbookMeb();
        request[1] = 0x00;
        request[2] = 0x7F;  // msg_len wrong too
        request[0] = 0x01;  // and a reserved field
        request[9] = 0x09;  // and the keyblock type
        assertArrayEquals(error(0x20), reply(request));
    }

    @Test
    void msgLenNotTheEnqueuedLength() {
        byte[] request = textbookMeb();
        request[3] = (byte) 0x91; // 401
        assertArrayEquals(error(0x23), reply(request));
        request[2] = 0;
        request[3] = 0;
        assertArrayEquals(error(0x23), reply(request));
    }

    @Test
    void shorterThanThePrefix() {
        assertArrayEquals(error(0x23), reply(hex("00 50 000f 00 00 0000 0001 0000 0000 00"))); // 15 bytes
        assertArrayEquals(error(0x23), reply(hex("00 50")));
        assertArrayEquals(error(0x23), reply(hex("00")));
        assertArrayEquals(error(0x20), reply(hex("00 40")));
    }

    @Test
    void msgLenIsCheckedBeforeReservedFields() {
        byte[] request = textbookMeb();
        request[3] = (byte) 0x91;
        request[4] = 1;
        assertArrayEquals(error(0x23), reply(request));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 6, 7, 10, 11, 12, 13, 14, 15})
    void reservedFieldNotZero(int offset) {
        byte[] request = textbookMeb();
        request[offset] = (byte) 0x80;
        assertArrayEquals(error(0x24), reply(request));
    }

    @Test
    void ignoredByteIsNotChecked() {
        byte[] request = textbookMeb();
        request[5] = (byte) 0xFF;
        assertArrayEquals(concat(T80_144, field(128, "0ae6")), reply(request));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0004, 0x0010, 0x0014, 0x0101, 0x8001})
    void unknownKeyblockType(int keyblock) {
        byte[] request = textbookMeb();
        request[8] = (byte) (keyblock >>> 8);
        request[9] = (byte) keyblock;
        assertArrayEquals(error(0x29), reply(request));
    }

    @Test
    void reservedIsCheckedBeforeKeyblock() {
        byte[] request = textbookMeb();
        request[9] = 0x07;
        request[15] = 1;
        assertArrayEquals(error(0x24), reply(request));
    }

    @Test
    void lengthNotThatOfTheKeyblockFormat() {
        // a CRB1-sized message (464 bytes, msg_len 464) that says MEB1
        byte[] request = Type50Request.crb(P, Q, DP, DQ, U, BigInteger.TWO).encode();
        request[9] = 0x01;
        assertArrayEquals(error(0x80), reply(request));
        // an MEB1 message cut to 399 bytes with msg_len 399
        byte[] cut = java.util.Arrays.copyOf(textbookMeb(), 399);
        cut[3] = (byte) 0x8F;
        assertArrayEquals(error(0x80), reply(cut));
        // MEB3 keyblock in an MEB2-sized message
        byte[] meb2 = Type50Request.meb(E, BigInteger.ONE.shiftLeft(2047).add(BigInteger.ONE), BigInteger.TWO).encode();
        meb2[9] = 0x03;
        assertArrayEquals(error(0x80), reply(meb2));
    }

    @Test
    void zeroModulus() {
        byte[] request = new Type50Request.ModExpo(Type50Format.MEB1, E, BigInteger.ZERO, BigInteger.ZERO).encode();
        assertArrayEquals(error(0x82), reply(request));
    }

    @Test
    void evenModulus() {
        byte[] request = Type50Request.meb(E, BigInteger.valueOf(3234), BigInteger.valueOf(65)).encode();
        assertArrayEquals(error(0x85), reply(request));
        byte[] big = Type50Request.meb(E, KAT_N.add(BigInteger.ONE), KAT_M).encode();
        assertArrayEquals(error(0x85), reply(big));
    }

    @Test
    void evenModulusIsCheckedBeforeTheOperand() {
        byte[] request = Type50Request.meb(E, BigInteger.valueOf(64), BigInteger.valueOf(65)).encode();
        assertArrayEquals(error(0x85), reply(request));
    }

    @Test
    void operandNotBelowTheModulus() {
        assertArrayEquals(error(0x82), reply(Type50Request.meb(E, N, N).encode()));
        assertArrayEquals(error(0x82), reply(Type50Request.meb(E, N, N.add(BigInteger.ONE)).encode()));
        assertArrayEquals(error(0x82), reply(new Type50Request.ModExpo(Type50Format.MEB1, E, N,
                BigInteger.ONE.shiftLeft(1024).subtract(BigInteger.ONE)).encode()));
        // one below is fine
        assertInstanceOf(Type80Reply.class,
                Type50Reply.decode(reply(Type50Request.meb(E, N, N.subtract(BigInteger.ONE)).encode())));
    }

    @Test
    void crtZeroPrime() {
        Type50Format f = Type50Format.CRB1;
        assertArrayEquals(error(0x82), reply(new Type50Request.Crt(f, BigInteger.ZERO, Q, DP, DQ, U, BigInteger.ZERO).encode()));
        assertArrayEquals(error(0x82), reply(new Type50Request.Crt(f, P, BigInteger.ZERO, DP, DQ, U, BigInteger.ZERO).encode()));
    }

    @Test
    void crtEvenPrime() {
        Type50Format f = Type50Format.CRB1;
        BigInteger m = BigInteger.valueOf(65);
        assertArrayEquals(error(0x85), reply(new Type50Request.Crt(f, BigInteger.valueOf(62), Q, DP, DQ, U, m).encode()));
        assertArrayEquals(error(0x85), reply(new Type50Request.Crt(f, P, BigInteger.valueOf(54), DP, DQ, U, m).encode()));
    }

    @Test
    void crtOperandNotBelowPq() {
        assertArrayEquals(error(0x82), reply(Type50Request.crb(P, Q, DP, DQ, U, N).encode()));
        assertArrayEquals(error(0x82), reply(Type50Request.crb(P, Q, DP, DQ, U, BigInteger.valueOf(4000)).encode()));
        assertArrayEquals(concat(T80_144, field(128, "0ca0")), // (n-1)^d = (-1)^413 = n-1
                reply(Type50Request.crb(P, Q, DP, DQ, U, N.subtract(BigInteger.ONE)).encode()));
    }

    // ---- NQAP refusal

    @ParameterizedTest
    @ValueSource(ints = {1809, 2048, 4096, 12288})
    void longerThanCrb3IsRefused(int length) {
        byte[] request = new byte[length];
        request[1] = 0x50;
        Response.Refused refused = assertInstanceOf(Response.Refused.class, AcceleratorBehaviour.respond(request));
        assertSame(ResponseCode.MESSAGE_TOO_BIG, refused.code());
        assertEquals(0x15, refused.code().code());
    }

    @Test
    void crb3SizedMessageIsAccepted() {
        byte[] request = new byte[1808];
        request[1] = 0x50;
        request[2] = 0x07;
        request[3] = 0x10;
        request[9] = 0x13;
        // all numbers zero: p is zero
        assertArrayEquals(error(0x82), reply(request));
    }

    // ---- the SPI

    @Test
    void boundAdapterAnswersRequests() {
        AcceleratorBehaviour behaviour = new AcceleratorBehaviour();
        AdapterSpec spec = new AdapterSpec(3, ApType.CEX8, ApMode.ACCELERATOR, 0, 8, List.of(5), 4, 2, "accelerator");
        var adapter = behaviour.bind(ComponentContext.of("accelerator", Options.NONE).forAdapter(spec));
        QueueView queue = new FixedQueue(new Apqn(3, 5), spec);
        Response ok = adapter.onRequest(new Request(0x1234L, textbookMeb(), 7), queue);
        Response.Reply reply = assertInstanceOf(Response.Reply.class, ok);
        assertEquals(Response.ADAPTER_LATENCY, reply.latency());
        assertArrayEquals(concat(T80_144, field(128, "0ae6")), reply.data());
        Response refused = adapter.onRequest(new Request(1, new byte[1809], 8), queue);
        assertEquals(new Response.Refused(ResponseCode.MESSAGE_TOO_BIG), refused);
        assertSame(adapter, behaviour.bind(ComponentContext.of("accelerator", Options.NONE).forAdapter(spec)), "stateless: one adapter behaviour for all");
    }

    @Test
    void describesItselfOnOneLine() {
        AcceleratorBehaviour behaviour = new AcceleratorBehaviour();
        assertFalse(behaviour.description().contains("\n"));
        assertEquals(10, behaviour.rules().size());
        assertEquals("accelerator.message-too-big", behaviour.rules().getFirst().id());
    }

    record FixedQueue(Apqn apqn, AdapterSpec adapter) implements QueueView {
        @Override
        public int pending() {
            return 0;
        }

        @Override
        public boolean interrupts() {
            return false;
        }

        @Override
        public long now() {
            return 0;
        }
    }
}

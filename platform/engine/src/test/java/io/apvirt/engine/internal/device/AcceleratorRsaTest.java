package io.apvirt.engine.internal.device;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Cipher;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static io.apvirt.engine.internal.device.TestBytes.concat;
import static io.apvirt.engine.internal.device.TestBytes.field;
import static io.apvirt.engine.internal.device.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The accelerator against the JDK's RSA ({@code RSA/ECB/NoPadding}) with keys made at test time:
 * ME with the public and the private exponent and CRT from the private key's p, q, dP, dQ and
 * qInv, compared byte for byte including the type-80 header, in every size class.
 */
class AcceleratorRsaTest {

    static final Map<Integer, KeyPair> KEYS = new ConcurrentHashMap<>();
    static final Random RANDOM = new SecureRandom();

    @BeforeAll
    static void makeKeys() throws Exception {
        for (int bits : new int[] {1024, 1536, 2048, 3072, 4096}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KEYS.put(bits, generator.generateKeyPair());
        }
    }

    /** {@code 00 80 len 00 000000 0000000000000000} for a result field of {@code size} bytes. */
    static byte[] type80Header(int size) {
        return hex(String.format("00 80 %04x 00 000000 0000000000000000", 16 + size));
    }

    static byte[] jdk(int mode, java.security.Key key, byte[] input) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/NoPadding");
        cipher.init(mode, key);
        return cipher.doFinal(input);
    }

    /** A random message below n, as modulus-length bytes (what libica passes as inputdata). */
    static byte[] message(BigInteger n) {
        int size = (n.bitLength() + 7) / 8;
        byte[] m = new byte[size];
        RANDOM.nextBytes(m);
        m[0] &= 0x7F; // below 2^(bits-1) <= n: n has exactly bits bits
        if (n.bitLength() % 8 != 0) {
            m[0] &= (byte) ((1 << (n.bitLength() % 8 - 1)) - 1);
        }
        return m;
    }

    static byte[] reply(Type50Request request) {
        return AcceleratorBehaviour.reply(request.encode()).encode();
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 1536, 2048, 3072, 4096})
    void modExpoWithThePublicExponent(int bits) throws Exception {
        RSAPublicKey pub = (RSAPublicKey) KEYS.get(bits).getPublic();
        Type50Format format = Type50Format.modExpo(bits);
        for (int i = 0; i < 3; i++) {
            byte[] m = message(pub.getModulus());
            byte[] expected = jdk(Cipher.ENCRYPT_MODE, pub, m);
            byte[] reply = reply(Type50Request.meb(pub.getPublicExponent(), pub.getModulus(), new BigInteger(1, m)));
            assertArrayEquals(concat(type80Header(format.messageSize()), field(format.messageSize(), expected)), reply);
            // what Linux convert_type80() copies for outputdatalength = the modulus length
            assertArrayEquals(expected, Type80Reply.linuxOutput(reply, bits / 8));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 1536, 2048, 3072, 4096})
    void modExpoWithThePrivateExponent(int bits) throws Exception {
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) KEYS.get(bits).getPrivate();
        Type50Format format = Type50Format.modExpo(bits);
        byte[] c = message(priv.getModulus());
        byte[] expected = jdk(Cipher.DECRYPT_MODE, priv, c);
        byte[] reply = reply(Type50Request.meb(priv.getPrivateExponent(), priv.getModulus(), new BigInteger(1, c)));
        assertArrayEquals(concat(type80Header(format.messageSize()), field(format.messageSize(), expected)), reply);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 1536, 2048, 3072, 4096})
    void crtWithThePrivateKey(int bits) throws Exception {
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) KEYS.get(bits).getPrivate();
        Type50Format format = Type50Format.crt(bits);
        for (int i = 0; i < 3; i++) {
            byte[] c = message(priv.getModulus());
            byte[] expected = jdk(Cipher.DECRYPT_MODE, priv, c);
            Type50Request.Crt request = Type50Request.crb(priv.getPrimeP(), priv.getPrimeQ(), priv.getPrimeExponentP(),
                    priv.getPrimeExponentQ(), priv.getCrtCoefficient(), new BigInteger(1, c));
            assertEquals(format, request.format());
            byte[] reply = reply(request);
            assertEquals(16 + format.messageSize(), reply.length);
            assertArrayEquals(concat(type80Header(format.messageSize()), field(format.messageSize(), expected)), reply);
            assertArrayEquals(expected, Type80Reply.linuxOutput(reply, bits / 8));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 2048, 4096})
    void encryptThenDecryptRoundTrips(int bits) throws Exception {
        KeyPair pair = KEYS.get(bits);
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) pair.getPrivate();
        byte[] m = message(pub.getModulus());
        Type80Reply encrypted = (Type80Reply) AcceleratorBehaviour.reply(
                Type50Request.meb(pub.getPublicExponent(), pub.getModulus(), new BigInteger(1, m)).encode());
        Type80Reply decrypted = (Type80Reply) AcceleratorBehaviour.reply(Type50Request.crb(priv.getPrimeP(),
                priv.getPrimeQ(), priv.getPrimeExponentP(), priv.getPrimeExponentQ(), priv.getCrtCoefficient(),
                encrypted.result()).encode());
        assertEquals(new BigInteger(1, m), decrypted.result());
    }
}

package io.apvirt.engine.internal.device;

import java.math.BigInteger;

import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_FORMAT_FIELD;
import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_INVALID_MSG_LEN;
import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_MESSAGE_LENGTH;
import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_MESSAGE_TYPE;
import static io.apvirt.engine.internal.device.Type82ReplyCode.REP82_ERROR_RESERVD_FIELD;

/**
 * A type-50 request (Linux {@code drivers/s390/crypto/zcrypt_msgtype50.c}; layouts in
 * {@link Type50Format}): an RSA modulus-exponent operation ({@link ModExpo}, MEB1-3) or an RSA
 * operation with a CRT key ({@link Crt}, CRB1-3). {@link #encode()} gives the exact bytes Linux
 * builds; {@link #decode(byte[])} parses and checks them.
 */
public sealed interface Type50Request permits Type50Request.ModExpo, Type50Request.Crt {

    /** {@code TYPE50_TYPE_CODE}. */
    int TYPE_CODE = 0x50;

    Type50Format format();

    /** The input number (the message field). */
    BigInteger message();

    /** The modulus the operation works in: the modulus field (ME) or p times q (CRT). */
    BigInteger modulus();

    /** The request bytes, {@code format().length()} of them. */
    byte[] encode();

    /**
     * An ME request for {@code message ^ exponent mod modulus}, in the format Linux picks for the
     * modulus bit length (up to 1024 bits MEB1, up to 2048 MEB2, up to 4096 MEB3).
     */
    static ModExpo meb(BigInteger exponent, BigInteger modulus, BigInteger message) {
        return new ModExpo(Type50Format.modExpo(modulus.bitLength()), exponent, modulus, message);
    }

    /**
     * A CRT request in the format for the bit length of {@code p * q} (up to 1024 bits CRB1, up to
     * 2048 CRB2, up to 4096 CRB3). Parameters as PKCS#1 and Linux/libica name them: p = prime1,
     * q = prime2, dp = d mod (p-1), dq = d mod (q-1), u = q^-1 mod p (the CRT coefficient, Java's
     * {@code RSAPrivateCrtKey.getCrtCoefficient()}); each must fit half the message field.
     */
    static Crt crb(BigInteger p, BigInteger q, BigInteger dp, BigInteger dq, BigInteger u, BigInteger message) {
        return new Crt(Type50Format.crt(p.multiply(q).bitLength()), p, q, dp, dq, u, message);
    }

    /**
     * Parses a request and checks its format, in this order (the first failure wins):
     * <ol>
     * <li>msg_type_code (byte 1) is not 0x50: {@code REP82_ERROR_MESSAGE_TYPE} 0x20;</li>
     * <li>shorter than the 16-byte prefix, or msg_len differs from the length enqueued:
     *     {@code REP82_ERROR_INVALID_MSG_LEN} 0x23;</li>
     * <li>reserved1, reserved2, reserved3 or reserved[6] not zero: {@code REP82_ERROR_RESERVD_FIELD} 0x24;</li>
     * <li>keyblock_type is none of the six: {@code REP82_ERROR_FORMAT_FIELD} 0x29;</li>
     * <li>the length is not the size of the keyblock type's struct: {@code REP82_ERROR_MESSAGE_LENGTH} 0x80.</li>
     * </ol>
     * The {@code ignored} byte (offset 5) is not checked. The numbers are not checked here (see
     * {@link AcceleratorBehaviour}).
     */
    static Type50Request decode(byte[] bytes) throws MalformedRequestException {
        if (bytes.length >= 2 && (bytes[1] & 0xFF) != TYPE_CODE) {
            throw new MalformedRequestException(REP82_ERROR_MESSAGE_TYPE,
                    String.format("msg_type_code 0x%02X, not 0x50", bytes[1] & 0xFF));
        }
        if (bytes.length < Type50Format.PREFIX_LENGTH) {
            throw new MalformedRequestException(REP82_ERROR_INVALID_MSG_LEN,
                    bytes.length + " bytes, shorter than the " + Type50Format.PREFIX_LENGTH + "-byte prefix");
        }
        int msgLen = Fields.getU16(bytes, 2);
        if (msgLen != bytes.length) {
            throw new MalformedRequestException(REP82_ERROR_INVALID_MSG_LEN,
                    "msg_len " + msgLen + " but " + bytes.length + " bytes enqueued");
        }
        if (bytes[0] != 0 || bytes[4] != 0 || bytes[6] != 0 || bytes[7] != 0 || !Fields.allZero(bytes, 10, 6)) {
            throw new MalformedRequestException(REP82_ERROR_RESERVD_FIELD, "a reserved field is not zero");
        }
        int keyblock = Fields.getU16(bytes, 8);
        Type50Format format = Type50Format.ofKeyblock(keyblock);
        if (format == null) {
            throw new MalformedRequestException(REP82_ERROR_FORMAT_FIELD,
                    String.format("keyblock_type 0x%04X is not a type-50 format", keyblock));
        }
        if (bytes.length != format.length()) {
            throw new MalformedRequestException(REP82_ERROR_MESSAGE_LENGTH,
                    format + " is " + format.length() + " bytes, not " + bytes.length);
        }
        int size = format.partSize();
        BigInteger[] parts = new BigInteger[format.partCount()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Fields.getNumber(bytes, Type50Format.PREFIX_LENGTH + i * size, size);
        }
        BigInteger message = Fields.getNumber(bytes, format.messageOffset(), format.messageSize());
        return format.isCrt()
                ? new Crt(format, parts[0], parts[1], parts[2], parts[3], parts[4], message)
                : new ModExpo(format, parts[0], parts[1], message);
    }

    /** Writes the prefix and the number fields of {@code format}. */
    private static byte[] encode(Type50Format format, BigInteger message, BigInteger... parts) {
        byte[] out = new byte[format.length()];
        out[1] = (byte) TYPE_CODE;
        Fields.putU16(out, 2, format.length());
        Fields.putU16(out, 8, format.keyblockType());
        int size = format.partSize();
        for (int i = 0; i < parts.length; i++) {
            Fields.putNumber(out, Type50Format.PREFIX_LENGTH + i * size, size, parts[i]);
        }
        Fields.putNumber(out, format.messageOffset(), format.messageSize(), message);
        return out;
    }

    /** {@code struct type50_meb1_msg} ... {@code type50_meb3_msg}: exponent, modulus, message. */
    record ModExpo(Type50Format format, BigInteger exponent, BigInteger modulus, BigInteger message)
            implements Type50Request {

        public ModExpo {
            if (format == null || format.isCrt()) {
                throw new IllegalArgumentException("a modulus-exponent request needs an MEB format, not " + format);
            }
            Fields.checkFits("exponent", exponent, format.partSize());
            Fields.checkFits("modulus", modulus, format.partSize());
            Fields.checkFits("message", message, format.messageSize());
        }

        @Override
        public byte[] encode() {
            return Type50Request.encode(format, message, exponent, modulus);
        }
    }

    /**
     * {@code struct type50_crb1_msg} ... {@code type50_crb3_msg}: p, q, dp, dq, u, message, with
     * u = q^-1 mod p (PKCS#1 qInv; libica passes prime1 as np_prime, prime2 as nq_prime).
     */
    record Crt(Type50Format format, BigInteger p, BigInteger q, BigInteger dp, BigInteger dq, BigInteger u,
               BigInteger message) implements Type50Request {

        public Crt {
            if (format == null || !format.isCrt()) {
                throw new IllegalArgumentException("a CRT request needs a CRB format, not " + format);
            }
            int size = format.partSize();
            Fields.checkFits("p", p, size);
            Fields.checkFits("q", q, size);
            Fields.checkFits("dp", dp, size);
            Fields.checkFits("dq", dq, size);
            Fields.checkFits("u", u, size);
            Fields.checkFits("message", message, format.messageSize());
        }

        /** p times q. */
        @Override
        public BigInteger modulus() {
            return p.multiply(q);
        }

        @Override
        public byte[] encode() {
            return Type50Request.encode(format, message, p, q, dp, dq, u);
        }
    }
}

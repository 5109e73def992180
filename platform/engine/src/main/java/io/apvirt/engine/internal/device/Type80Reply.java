package io.apvirt.engine.internal.device;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A type-80 reply: the result of a type-50 request. Layout from Linux
 * {@code drivers/s390/crypto/zcrypt_msgtype50.c}, {@code struct type80_hdr}:
 * <pre>
 *   0  reserved1     u8      0
 *   1  type          u8      0x80 (TYPE80_RSP_CODE)
 *   2  len           u16     the length of the whole reply, big-endian
 *   4  code          u8      0x00
 *   5  reserved2[3]          0
 *   8  reserved3[8]          0
 *  16  result, right-justified and left-padded with zeroes in resultSize bytes
 * </pre>
 * Linux {@code convert_type80()} copies the last {@code outputdatalength} bytes of the reply
 * ({@code reply + len - outputdatalength}, see {@link #linuxOutput}) and takes the device offline if
 * {@code len < 16 + outputdatalength}. The accelerator model answers with a result field the size
 * of the request's message field (128, 256 or 512 bytes), so {@code len} is at most
 * {@code CEX3A_MAX_RESPONSE_SIZE} (0x210) and any outputdatalength up to that field size reads the
 * right-aligned result.
 *
 * @param resultSize the size of the result field in bytes
 * @param result     the result number; it must fit {@code resultSize} bytes
 */
public record Type80Reply(int resultSize, BigInteger result) implements Type50Reply {

    /** {@code TYPE80_RSP_CODE}. */
    public static final int TYPE_CODE = 0x80;

    /** {@code sizeof(struct type80_hdr)}. */
    public static final int HEADER_LENGTH = 16;

    public Type80Reply {
        if (resultSize < 0 || HEADER_LENGTH + resultSize > 0xFFFF) {
            throw new IllegalArgumentException("result size " + resultSize + " does not fit the 16-bit len field");
        }
        Fields.checkFits("result", result, resultSize);
    }

    /** The reply length, the len field. */
    public int length() {
        return HEADER_LENGTH + resultSize;
    }

    @Override
    public byte[] encode() {
        byte[] out = new byte[length()];
        out[1] = (byte) TYPE_CODE;
        Fields.putU16(out, 2, length());
        Fields.putNumber(out, HEADER_LENGTH, resultSize, result);
        return out;
    }

    /** Parses a type-80 reply; the type, len and the zero fields must be right. */
    public static Type80Reply decode(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH || (bytes[1] & 0xFF) != TYPE_CODE) {
            throw new IllegalArgumentException("not a type-80 reply");
        }
        int len = Fields.getU16(bytes, 2);
        if (len != bytes.length) {
            throw new IllegalArgumentException("type-80 len " + len + " but " + bytes.length + " bytes");
        }
        if (bytes[0] != 0 || !Fields.allZero(bytes, 4, 12)) {
            throw new IllegalArgumentException("type-80 code or reserved field not zero");
        }
        return new Type80Reply(len - HEADER_LENGTH, Fields.getNumber(bytes, HEADER_LENGTH, len - HEADER_LENGTH));
    }

    /**
     * The bytes Linux {@code convert_type80()} hands to the caller: {@code outputdatalength}
     * bytes ending at {@code len}. Fails where Linux fails ({@code len < 16 + outputdatalength}).
     */
    public static byte[] linuxOutput(byte[] reply, int outputdatalength) {
        int len = Fields.getU16(reply, 2);
        if (len < HEADER_LENGTH + outputdatalength) {
            throw new IllegalArgumentException("len " + len + " is shorter than the header and "
                    + outputdatalength + " bytes: Linux sets the device offline (-EAGAIN)");
        }
        return Arrays.copyOfRange(reply, len - outputdatalength, len);
    }
}

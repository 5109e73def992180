package io.apvirt.engine.internal.device;

/**
 * A type-82 error reply, Linux {@code drivers/s390/crypto/zcrypt_error.h} {@code struct error_hdr}:
 * <pre>
 *   0  reserved1     u8   0
 *   1  type          u8   0x82 (TYPE82_RSP_CODE)
 *   2  reserved2[2]       0
 *   4  reply_code    u8   {@link Type82ReplyCode}
 *   5  reserved3[3]       0
 * </pre>
 * Eight bytes: {@code zcrypt_cex2a_receive()} copies {@code sizeof(struct error_hdr)} of a
 * reply that is not type 80.
 */
public record Type82Error(Type82ReplyCode replyCode) implements Type50Reply {

    /** {@code TYPE82_RSP_CODE}. */
    public static final int TYPE_CODE = 0x82;

    /** {@code sizeof(struct error_hdr)}. */
    public static final int LENGTH = 8;

    public Type82Error {
        if (replyCode == null) {
            throw new IllegalArgumentException("a type-82 reply needs a reply code");
        }
    }

    @Override
    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        out[1] = (byte) TYPE_CODE;
        out[4] = (byte) replyCode.code();
        return out;
    }

    /** Parses a type-82 reply with a reply code zcrypt_error.h names. */
    public static Type82Error decode(byte[] bytes) {
        if (bytes.length != LENGTH || (bytes[1] & 0xFF) != TYPE_CODE) {
            throw new IllegalArgumentException("not an 8-byte type-82 reply");
        }
        Type82ReplyCode code = Type82ReplyCode.of(bytes[4] & 0xFF);
        if (code == null) {
            throw new IllegalArgumentException(String.format("reply code 0x%02X is not named in zcrypt_error.h",
                    bytes[4] & 0xFF));
        }
        return new Type82Error(code);
    }
}

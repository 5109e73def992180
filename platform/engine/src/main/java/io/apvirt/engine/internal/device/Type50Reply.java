package io.apvirt.engine.internal.device;

/**
 * What an accelerator answers to a type-50 request: a type-80 reply with the result or a type-82
 * error reply. The second byte tells them apart, as in Linux {@code convert_response_cex2a()}
 * ({@code drivers/s390/crypto/zcrypt_msgtype50.c}).
 */
public sealed interface Type50Reply permits Type80Reply, Type82Error {

    /** The reply bytes. */
    byte[] encode();

    /** Parses a type-80 or type-82 reply; anything else is an {@link IllegalArgumentException}. */
    static Type50Reply decode(byte[] bytes) {
        if (bytes.length < 2) {
            throw new IllegalArgumentException("a reply of " + bytes.length + " bytes has no type byte");
        }
        int type = bytes[1] & 0xFF;
        return switch (type) {
            case Type80Reply.TYPE_CODE -> Type80Reply.decode(bytes);
            case Type82Error.TYPE_CODE -> Type82Error.decode(bytes);
            default -> throw new IllegalArgumentException(String.format("reply type 0x%02X is not 0x80 or 0x82", type));
        };
    }
}

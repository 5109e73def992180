package io.apvirt.engine.internal.device;

/**
 * The six members of the type-50 request family, as Linux
 * {@code drivers/s390/crypto/zcrypt_msgtype50.c} declares them ({@code struct type50_meb1_msg}
 * ... {@code struct type50_crb3_msg}, {@code TYPE50_MEB1_FMT} ... {@code TYPE50_CRB3_FMT}).
 *
 * <p>Every member starts with the 16-byte prefix
 * <pre>
 *   0  reserved1       u8     0
 *   1  msg_type_code   u8     0x50
 *   2  msg_len         u16    the size of the whole struct, big-endian
 *   4  reserved2       u8     0
 *   5  ignored         u8     (not checked)
 *   6  reserved3       u16    0
 *   8  keyblock_type   u16    0x0001 ... 0x0013, big-endian
 *  10  reserved[6]            0
 * </pre>
 * followed by the number fields, each right-justified and left-padded with zeroes:
 * <pre>
 *   MEB1 0x0001  exponent[128] modulus[128] message[128]                  400 bytes
 *   MEB2 0x0002  exponent[256] modulus[256] message[256]                  784 bytes
 *   MEB3 0x0003  exponent[512] modulus[512] message[512]                 1552 bytes
 *   CRB1 0x0011  p[64]  q[64]  dp[64]  dq[64]  u[64]  message[128]        464 bytes
 *   CRB2 0x0012  p[128] q[128] dp[128] dq[128] u[128] message[256]        912 bytes (MSGTYPE50_CRB2_MAX_MSG_SIZE 0x390)
 *   CRB3 0x0013  p[256] q[256] dp[256] dq[256] u[256] message[512]       1808 bytes (MSGTYPE50_CRB3_MAX_MSG_SIZE 0x710)
 * </pre>
 * In type 50 the CRT fields p, dp and u have the same size as q and dq: the 8 extra bytes the
 * {@code ica_rsa_modexpo_crt} ioctl carries for np_prime, bp_key and u_mult_inv
 * ({@code MSGTYPE_ADJUSTMENT}, "type04 extension (not needed in type50)") are skipped by
 * {@code ICACRT_msg_to_type50CRT_msg()}.
 */
public enum Type50Format {
    MEB1(0x0001, 128, false),
    MEB2(0x0002, 256, false),
    MEB3(0x0003, 512, false),
    CRB1(0x0011, 128, true),
    CRB2(0x0012, 256, true),
    CRB3(0x0013, 512, true);

    /** {@code struct type50_hdr} (8 bytes), keyblock_type (2) and reserved[6]. */
    public static final int PREFIX_LENGTH = 16;

    /** The largest member, {@code sizeof(struct type50_crb3_msg)} = MSGTYPE50_CRB3_MAX_MSG_SIZE. */
    public static final int MAX_LENGTH = 0x710;

    /** Largest modulus of the family in bits (MEB3/CRB3, CEX3A_MAX_MOD_SIZE 512 bytes). */
    public static final int MAX_MODULUS_BITS = 4096;

    private final int keyblockType;
    private final int messageSize;
    private final boolean crt;

    Type50Format(int keyblockType, int messageSize, boolean crt) {
        this.keyblockType = keyblockType;
        this.messageSize = messageSize;
        this.crt = crt;
    }

    /** The keyblock_type value. */
    public int keyblockType() {
        return keyblockType;
    }

    /** Whether this is a CRT (CRBn) format rather than a modulus-exponent (MEBn) one. */
    public boolean isCrt() {
        return crt;
    }

    /** The size of the message field in bytes: the largest modulus this format takes. */
    public int messageSize() {
        return messageSize;
    }

    /** The size of each number field before the message: the modulus size (ME) or half of it (CRT). */
    public int partSize() {
        return crt ? messageSize / 2 : messageSize;
    }

    /** Number fields before the message: exponent and modulus (ME), or p, q, dp, dq and u (CRT). */
    public int partCount() {
        return crt ? 5 : 2;
    }

    /** The size of the whole message, the msg_len value. */
    public int length() {
        return PREFIX_LENGTH + partCount() * partSize() + messageSize;
    }

    /** Offset of the message field. */
    public int messageOffset() {
        return PREFIX_LENGTH + partCount() * partSize();
    }

    /** Size class 1, 2 or 3 (MEB1/CRB1 ...). */
    public int sizeClass() {
        return (keyblockType & 0xF);
    }

    /** The format with this keyblock_type, or {@code null}. */
    public static Type50Format ofKeyblock(int keyblockType) {
        for (Type50Format f : values()) {
            if (f.keyblockType == keyblockType) {
                return f;
            }
        }
        return null;
    }

    /**
     * The size class Linux picks for a modulus ({@code get_rsa_modex_fc}, {@code ICAMEX_msg_to_type50MEX_msg}):
     * up to 1024 bits 1, up to 2048 bits 2, up to 4096 bits 3.
     */
    public static int sizeClass(int modulusBits) {
        if (modulusBits <= 0 || modulusBits > MAX_MODULUS_BITS) {
            throw new IllegalArgumentException("a " + modulusBits + "-bit modulus has no type-50 format (1 to "
                    + MAX_MODULUS_BITS + " bits)");
        }
        return modulusBits <= 1024 ? 1 : modulusBits <= 2048 ? 2 : 3;
    }

    /** The modulus-exponent format for a modulus of this many bits. */
    public static Type50Format modExpo(int modulusBits) {
        return values()[sizeClass(modulusBits) - 1];
    }

    /** The CRT format for a modulus (p times q) of this many bits. */
    public static Type50Format crt(int modulusBits) {
        return values()[sizeClass(modulusBits) + 2];
    }
}

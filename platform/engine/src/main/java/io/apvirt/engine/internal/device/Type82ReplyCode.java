package io.apvirt.engine.internal.device;

/**
 * The reply codes of a type-82 error reply ({@code struct error_hdr} byte 4), with the names and
 * values of Linux {@code drivers/s390/crypto/zcrypt_error.h} ({@code REP82_ERROR_*}), and what
 * Linux {@code convert_error()} in that file makes of each: {@code -EINVAL} (the request is
 * malformed, do not retry), {@code -EAGAIN} with an AP bus rescan, or plain {@code -EAGAIN}
 * (retry, possibly on another device).
 */
public enum Type82ReplyCode {
    REP82_ERROR_MACHINE_FAILURE(0x10, LinuxRc.EAGAIN_RESCAN),
    REP82_ERROR_PREEMPT_FAILURE(0x12, LinuxRc.EAGAIN),
    REP82_ERROR_CHECKPT_FAILURE(0x14, LinuxRc.EAGAIN),
    REP82_ERROR_MESSAGE_TYPE(0x20, LinuxRc.EAGAIN_RESCAN),
    /** Type 84 only. */
    REP82_ERROR_INVALID_COMM_CD(0x21, LinuxRc.EAGAIN),
    REP82_ERROR_INVALID_MSG_LEN(0x23, LinuxRc.EINVAL),
    /** The current value for a reserved field that is not zero (was 0x50, {@link #REP82_ERROR_RESERVED_FIELDO}). */
    REP82_ERROR_RESERVD_FIELD(0x24, LinuxRc.EINVAL),
    REP82_ERROR_FORMAT_FIELD(0x29, LinuxRc.EINVAL),
    REP82_ERROR_INVALID_COMMAND(0x30, LinuxRc.EAGAIN),
    REP82_ERROR_MALFORMED_MSG(0x40, LinuxRc.EINVAL),
    REP82_ERROR_INVALID_SPECIAL_CMD(0x41, LinuxRc.EINVAL),
    /** The old value of {@link #REP82_ERROR_RESERVD_FIELD}. */
    REP82_ERROR_RESERVED_FIELDO(0x50, LinuxRc.EAGAIN),
    REP82_ERROR_WORD_ALIGNMENT(0x60, LinuxRc.EAGAIN),
    REP82_ERROR_MESSAGE_LENGTH(0x80, LinuxRc.EINVAL),
    REP82_ERROR_OPERAND_INVALID(0x82, LinuxRc.EINVAL),
    REP82_ERROR_OPERAND_SIZE(0x84, LinuxRc.EINVAL),
    REP82_ERROR_EVEN_MOD_IN_OPND(0x85, LinuxRc.EINVAL),
    REP82_ERROR_RESERVED_FIELD(0x88, LinuxRc.EAGAIN),
    REP82_ERROR_INVALID_DOMAIN_PENDING(0x8A, LinuxRc.EINVAL),
    REP82_ERROR_FILTERED_BY_HYPERVISOR(0x8B, LinuxRc.EINVAL),
    REP82_ERROR_TRANSPORT_FAIL(0x90, LinuxRc.EAGAIN_RESCAN),
    REP82_ERROR_PACKET_TRUNCATED(0xA0, LinuxRc.EINVAL),
    REP82_ERROR_ZERO_BUFFER_LEN(0xB0, LinuxRc.EAGAIN);

    /** What Linux {@code convert_error()} returns for a reply code. */
    public enum LinuxRc {
        /** {@code -EINVAL}: "RY indicates malformed request". */
        EINVAL,
        /** {@code -EAGAIN} after setting {@code zcrypt_rescan_req}: wrong message type or card failure. */
        EAGAIN_RESCAN,
        /** {@code -EAGAIN}, the default: "assume request is valid and a retry will be worth it". */
        EAGAIN
    }

    private static final Type82ReplyCode[] BY_CODE = new Type82ReplyCode[256];

    static {
        for (Type82ReplyCode c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final LinuxRc linuxRc;

    Type82ReplyCode(int code, LinuxRc linuxRc) {
        this.code = code;
        this.linuxRc = linuxRc;
    }

    /** The reply code byte. */
    public int code() {
        return code;
    }

    public LinuxRc linuxRc() {
        return linuxRc;
    }

    /** The named code, or {@code null} for a value zcrypt_error.h does not name. */
    public static Type82ReplyCode of(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }

    @Override
    public String toString() {
        return name() + String.format("(0x%02X)", code);
    }
}

package io.apvirt.api.arch;

import java.util.Locale;

/**
 * AP response codes, APQSW bits 40-47 (docs/architecture.md#3, from Linux
 * {@code drivers/s390/crypto/ap_bus.h}).
 */
public enum ResponseCode {
    NORMAL(0x00, "success"),
    Q_NOT_AVAIL(0x01, "APQN not available"),
    RESET_IN_PROGRESS(0x02, "reset in progress"),
    DECONFIGURED(0x03, "adapter deconfigured"),
    CHECKSTOPPED(0x04, "adapter checkstopped"),
    BUSY(0x05, "busy"),
    INVALID_ADDRESS(0x06, "invalid address of the AP-queue notification byte"),
    OTHERWISE_CHANGED(0x07, "interruption controls already in the requested state"),
    INVALID_GISA(0x08, "invalid ZONE/GISA designation"),
    Q_BOUND_TO_ANOTHER(0x09, "queue bound to another configuration (SE)"),
    STATE_CHANGE_IN_PROGRESS(0x0A, "state change in progress (SE)"),
    Q_NOT_BOUND(0x0B, "queue not bound (SE)"),
    /** NQAP: queue full; DQAP: no reply pending (same code, section 3). */
    Q_FULL_OR_NO_PENDING_REPLY(0x10, "queue full (NQAP) / no pending reply (DQAP)"),
    INDEX_TOO_BIG(0x11, "index too big"),
    NO_FIRST_PART(0x13, "no first part"),
    MESSAGE_TOO_BIG(0x15, "message too big"),
    REQ_FAC_NOT_INST(0x16, "required facility not installed"),
    Q_BIND_ERROR(0x30, "bind error (SE)"),
    Q_NOT_AVAIL_FOR_ASSOC(0x31, "queue not available for association (SE)"),
    Q_NOT_EMPTY(0x32, "queue not empty (SE)"),
    BIND_LIMIT_EXCEEDED(0x33, "bind limit exceeded (SE)"),
    INVALID_ASSOC_SECRET(0x34, "invalid association secret (SE)"),
    ASSOC_SECRET_NOT_UNIQUE(0x35, "association secret not unique (SE)"),
    ASSOC_FAILED(0x36, "association failed (SE)"),
    INVALID_DOMAIN(0x42, "invalid domain"),
    /** Linux software marker for a partial DQAP; not architected (section 3). */
    LINUX_PARTIAL_MARKER(0xFF, "Linux marker for a partial DQAP (not architected)");

    private static final ResponseCode[] BY_CODE = new ResponseCode[256];

    static {
        for (ResponseCode rc : values()) {
            BY_CODE[rc.code] = rc;
        }
    }

    private final int code;
    private final String meaning;

    ResponseCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The named code, or {@code null} for a code section 3 does not list. */
    public static ResponseCode of(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }

    /** Parses a number ({@code 1}, {@code 0x01}) or a name ({@code Q_NOT_AVAIL}, {@code q-not-avail}). */
    public static int parseCode(String text) {
        String t = text.trim();
        String asName = t.toUpperCase(Locale.ROOT).replace('-', '_');
        for (ResponseCode rc : values()) {
            if (rc.name().equals(asName)) {
                return rc.code;
            }
        }
        long value = Hex.parseUnsigned(t);
        if (value < 0 || value > 0xFF) { // negative: above 2^63 as unsigned
            throw new IllegalArgumentException("response code " + text + " does not fit 8 bits");
        }
        return (int) value;
    }
}

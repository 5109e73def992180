package io.apvirt.api.machine;

/**
 * The response of CHSC store-event-information (SEI) with the event QEMU stored, if any
 * ({@code ioinst_handle_chsc_sei} in target/s390x/ioinst.c and {@code ap_chsc_sei_nt0_get_event}
 * in hw/vfio/ap.c, docs/architecture.md#12.3).
 *
 * <p>With an event: response code 0x0001, length 12 ({@code sizeof(ChscSeiNt0Res)}), content
 * code (nt) 0, reporting source (rs) 5 (AP), content code (cc) 3 (AP configuration change), and
 * flag 0x80 iff more events are pending. Without one: response code 0x0005 and the minimum
 * response length 8 ({@code CHSC_MIN_RESP_LEN}), nothing else.
 *
 * @param code  the CHSC response code: 0x0001 (event stored) or 0x0005 (no event)
 * @param more  flag 0x80: another event is pending
 */
public record EventInformation(int code, boolean more) {

    public static final int STORED = 0x0001;
    public static final int NONE = 0x0005;
    /** ChscSeiNt0Res: nt 0, rs 5 (AP), cc 3 (AP configuration change). */
    public static final int NT = 0, RS_AP = 5, CC_AP_CHANGE = 3;

    public boolean stored() {
        return code == STORED;
    }

    /**
     * The response block as the guest reads it: with an event the 12 bytes of
     * {@code ChscSeiNt0Res} (length, code, 3 reserved, nt, flags, reserved, rs, cc), big-endian;
     * without one the 8-byte minimum response (length 0x0008, code 0x0005, parameter 0).
     */
    public byte[] toBytes() {
        if (!stored()) {
            return new byte[]{0x00, 0x08, 0x00, 0x05, 0, 0, 0, 0};
        }
        return new byte[]{0x00, 0x0C, 0x00, 0x01, 0, 0, 0, NT, (byte) (more ? 0x80 : 0), 0, RS_AP, CC_AP_CHANGE};
    }
}

package io.apvirt.api.instruction;

/** The three AP instructions, RRE format, ILC 2 (docs/architecture.md#1). */
public enum Opcode {
    PQAP(0xB2AF), NQAP(0xB2AD), DQAP(0xB2AE);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The low byte of the IPA that KVM's B2 dispatcher switches on (section 4.2). */
    public int b2Function() {
        return code & 0xFF;
    }
}

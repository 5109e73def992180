package io.apvirt.api.arch;

import java.util.Locale;

/**
 * Program-interruption codes (docs/architecture.md#5). The ids are what scenarios
 * write: {@code operation}, {@code privileged-operation}, {@code specification} ...
 */
public enum ProgramInterruption {
    OPERATION(0x0001),
    PRIVILEGED_OPERATION(0x0002),
    EXECUTE(0x0003),
    PROTECTION(0x0004),
    ADDRESSING(0x0005),
    SPECIFICATION(0x0006),
    DATA(0x0007);

    private final int code;
    private final String id;

    ProgramInterruption(int code) {
        this.code = code;
        this.id = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int code() {
        return code;
    }

    /** {@code privileged-operation}. */
    public String id() {
        return id;
    }

    /** {@code 0x0006}. */
    public String hex() {
        return String.format("0x%04x", code);
    }

    public static ProgramInterruption ofCode(int code) {
        for (ProgramInterruption p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }

    /** By id ({@code specification}) or code ({@code 6}, {@code 0x0006}); {@code null} when unknown. */
    public static ProgramInterruption parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ProgramInterruption p : values()) {
            if (p.id.equals(t)) {
                return p;
            }
        }
        try {
            long code = Hex.parseUnsigned(t);
            return code >= 0 && code <= Integer.MAX_VALUE ? ofCode((int) code) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.apvirt.api.arch;

/**
 * PQAP function codes, GR0 bits 32-39 (docs/architecture.md#2.2).
 */
public enum FunctionCode {
    TAPQ(0, "test AP queue"),
    RAPQ(1, "reset AP queue"),
    ZAPQ(2, "reset and zeroize AP queue"),
    AQIC(3, "AP-queue interruption control"),
    QCI(4, "query configuration information"),
    QACT(5, "query AP compatibility type"),
    /** Unnamed in Linux; semantics unknown (section 2.2), never modelled beyond its specification exception. */
    FC6(6, "unnamed function 6 (not modelled)"),
    BAPQ(7, "bind AP queue (Secure Execution)"),
    AAPQ(8, "associate AP queue (Secure Execution)");

    private static final FunctionCode[] BY_CODE = values();

    private final int code;
    private final String description;

    FunctionCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The function with this code, or {@code null} when the code is not defined (0-8 only). */
    public static FunctionCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Parses a name ({@code aqic}, case-insensitive) or a number ({@code 3}, {@code 0x03}). */
    public static int parseCode(String text) {
        String t = text.trim();
        for (FunctionCode fc : BY_CODE) {
            if (fc.name().equalsIgnoreCase(t)) {
                return fc.code;
            }
        }
        long value = Hex.parseUnsigned(t);
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("function code " + text + " does not fit 8 bits (0-255)");
        }
        return (int) value;
    }
}

package io.apvirt.engine.internal.workload;

/**
 * What the hostile device script of {@code apvirt stress --faults} ({@code scripts/hooks/stress-hostile.js})
 * does with a request that carries this fault in byte 10 ({@link StressMessage}); its code is the byte.
 * Each makes the call fail, so the device answers as {@code apvirt.scripts.on-failure} says.
 */
public enum ScriptFault {
    /** {@code for (;;) {}}: stopped by the call deadline (or the statement limit). */
    LOOP(1, "loop"),
    /** A string doubled until the engine refuses it ({@code RangeError: Invalid string length}). */
    ALLOCATE(2, "allocate"),
    /** {@code throw new Error(...)}. */
    THROW(3, "throw"),
    /** A return value the script API does not take (a string, a byte above 255, an unknown key, an RC that is none). */
    GARBAGE(4, "garbage");

    private final int code;
    private final String id;

    ScriptFault(int code, String id) {
        this.code = code;
        this.id = id;
    }

    public int code() {
        return code;
    }

    /** {@code loop}, {@code allocate}, {@code throw}, {@code garbage}: the key in reports. */
    public String id() {
        return id;
    }

    /** The fault of a code, or {@code null} for 0 (none) or an unknown code. */
    public static ScriptFault of(int code) {
        for (ScriptFault f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }
}

package io.apvirt.api.plugin;

import java.time.Duration;

/**
 * {@code apvirt.scripts.*}: the bounds of every script call and what a failed call does.
 *
 * @param timeout        wall-clock deadline of one call (a watchdog interrupts it)
 * @param statementLimit statements one call may execute
 * @param onFailure      what a failed call (error, timeout, limit, bad return value) does to the device
 * @param watch          reload a script whose file changed, between instructions
 */
public record ScriptSettings(Duration timeout, long statementLimit, OnFailure onFailure, boolean watch) {

    public static final ScriptSettings DEFAULTS = new ScriptSettings(Duration.ofMillis(100), 1_000_000, OnFailure.CHECKSTOP, false);

    /** {@code apvirt.scripts.on-failure}. */
    public enum OnFailure {
        /** The adapter is checkstopped: RC 0x04 on all its queues from then on. */
        CHECKSTOP("checkstop"),
        /** The failed call's instruction gets RC 0x05 (busy); the device goes on. */
        BUSY("busy"),
        /** The run stops with the error ({@link PluginFailure}). */
        FAIL("fail");

        private final String id;

        OnFailure(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static OnFailure of(String id) {
            for (OnFailure f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            return null;
        }
    }
}

package io.apvirt.api.outcome;

import java.util.Locale;

/** The levels a guest AP instruction passes through (docs/architecture.md#11.1). */
public enum Level {
    /** SIE interpretation. */
    FIRMWARE,
    /** The KVM intercept handler: the selected policy. */
    KVM,
    /** The PQAP hook registered for the VM. */
    HOOK,
    /** The VMM (QEMU). */
    USERSPACE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Level parse(String text) {
        for (Level l : values()) {
            if (l.id().equalsIgnoreCase(text.trim())) {
                return l;
            }
        }
        return null;
    }
}

package io.apvirt.api.arch;

/** AP adapter types and their AT codes (TAPQ GR2 bits 32-39, section 2.4; Linux CEX4=10 ... CEX8=14). */
public enum ApType {
    CEX4(10), CEX5(11), CEX6(12), CEX7(13), CEX8(14);

    private final int at;

    ApType(int at) {
        this.at = at;
    }

    public int at() {
        return at;
    }

    public static ApType ofAt(int at) {
        for (ApType t : values()) {
            if (t.at == at) {
                return t;
            }
        }
        return null;
    }
}

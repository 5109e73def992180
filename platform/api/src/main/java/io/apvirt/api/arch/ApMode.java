package io.apvirt.api.arch;

/** Adapter mode as TAPQ GR2 reports it (bits 3-5: D coprocessor/CCA, A accelerator, X XCP/EP11, section 2.4). */
public enum ApMode {
    CCA("cca"), ACCELERATOR("accelerator"), EP11("ep11");

    private final String id;

    ApMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The mode with this configuration id ({@code accelerator}, {@code cca}, {@code ep11}), or {@code null}. */
    public static ApMode of(String id) {
        for (ApMode m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return null;
    }
}

package io.apvirt.api.arch;

/**
 * The guest CPU-model features that matter for AP (docs/architecture.md#1, QEMU
 * {@code target/s390x/cpu_features_def.h.inc}).
 */
public enum Facility {
    /** QEMU "ap": AP instructions installed. No STFLE bit. */
    AP("ap", -1),
    /** Query AP configuration information (PQAP fc 4). */
    APQCI("apqci", 12),
    /** AP facilities test: the T bit of TAPQ. */
    APFT("apft", 15),
    /** AP-queue interruption control (PQAP fc 3). */
    APQI("apqi", 65),
    /** AP extended addressing: not an STFLE bit; CRYCB format 2 in KVM. */
    APXA("apxa", -1);

    private final String id;
    private final int stfleBit;

    Facility(String id, int stfleBit) {
        this.id = id;
        this.stfleBit = stfleBit;
    }

    /** The QEMU feature name. */
    public String id() {
        return id;
    }

    /** The STFLE facility bit, or -1 when the feature has none. */
    public int stfleBit() {
        return stfleBit;
    }
}

package io.apvirt.api.outcome;

/** Where an outcome put the APQSW in GR1 (docs/architecture.md#3 and #4.3 row 10). */
public enum StatusPlacement {
    /** No status word was written. */
    NONE,
    /** GR1 bits 32-63, bits 0-31 zero: the architecture and vfio_ap. */
    ARCHITECTED,
    /** GR1 bits 0-31, low word kept: KVM's no-hook path ({@code memcpy} into the first 4 bytes). */
    KERNEL_HIGH_WORD
}

package io.apvirt.api.device;

/** The PQAP function that reset a queue (section 2.2 and 11.5 step 5). */
public enum ResetKind {
    /** RAPQ, fc 1. */
    RAPQ,
    /** ZAPQ, fc 2: reset and zeroize. */
    ZAPQ
}

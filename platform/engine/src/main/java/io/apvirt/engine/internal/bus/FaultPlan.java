package io.apvirt.engine.internal.bus;

/**
 * Faults injected into one adapter ({@code apvirt.devices[n].faults}), on top of its behaviour.
 *
 * @param busyEvery      every n-th NQAP to the adapter is refused with RC 0x05 (0: never)
 * @param checkstopAfter after n accepted requests the adapter is checkstopped: RC 0x04 (0: never)
 * @param deconfigureAt  from this tick on the adapter is deconfigured: RC 0x03 (-1: never)
 * @param dropInterrupts replies become ready but the NIB is not set and no interrupt is made pending
 */
public record FaultPlan(long busyEvery, long checkstopAfter, long deconfigureAt, boolean dropInterrupts) {

    public static final long NEVER = -1;
    public static final FaultPlan NONE = new FaultPlan(0, 0, NEVER, false);

    public FaultPlan {
        if (busyEvery < 0 || checkstopAfter < 0 || deconfigureAt < NEVER) {
            throw new IllegalArgumentException("fault counts must not be negative");
        }
    }

    public boolean any() {
        return !equals(NONE);
    }
}

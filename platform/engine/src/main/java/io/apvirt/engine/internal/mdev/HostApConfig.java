package io.apvirt.engine.internal.mdev;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.device.AdapterSpec;

import java.util.BitSet;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The host as vfio_ap sees it (docs/architecture.md#12.1): the host's AP configuration
 * ({@code matrix_dev->info}, the host's QCI) and which queue devices are bound to the vfio_ap
 * driver.
 *
 * @param apm   the adapters in the host's configuration (not {@code host.unconfigured-adapters})
 * @param aqm   the domains in it: every domain of a configured adapter
 * @param adm   the control domains in it: all (apvirt has no input for the host's ADM)
 * @param bound the APQNs (16-bit) whose queue device is bound to vfio_ap
 */
public record HostApConfig(ApMask apm, ApMask aqm, ApMask adm, BitSet bound) {

    /**
     * The adapter types vfio_ap drives ({@code ap_queue_ids} of vfio_ap_drv.c: CEX4 to CEX8,
     * "type 10 and later"). Every {@link ApType} apvirt models is one of them, so none is
     * dropped by type; a type outside would leave its queues unbound.
     */
    static final Set<ApType> VFIO_AP_TYPES = EnumSet.of(ApType.CEX4, ApType.CEX5, ApType.CEX6, ApType.CEX7, ApType.CEX8);

    /** Every control domain: {@code vfio_ap_mdev_filter_cdoms} then keeps the assignment's. */
    static final ApMask ALL = all();

    public HostApConfig {
        bound = (BitSet) bound.clone();
    }

    /**
     * The configuration of the host's adapters: an adapter in {@code unconfigured} is not in the
     * host's configuration (and has no queue devices); a queue in {@code unbound} belongs to
     * another driver (zcrypt's default queue driver).
     */
    public static HostApConfig of(Collection<AdapterSpec> adapters, Collection<Integer> unconfigured, Collection<Integer> unbound) {
        ApMask apm = ApMask.EMPTY;
        ApMask aqm = ApMask.EMPTY;
        BitSet bound = new BitSet(1 << 16);
        for (AdapterSpec a : adapters) {
            if (unconfigured.contains(a.apid())) {
                continue;
            }
            apm = apm.with(a.apid());
            for (int domain : a.domains()) {
                aqm = aqm.with(domain);
                int apqn = new Apqn(a.apid(), domain).encode();
                if (VFIO_AP_TYPES.contains(a.type()) && !unbound.contains(apqn)) {
                    bound.set(apqn);
                }
            }
        }
        return new HostApConfig(apm, aqm, ALL, bound);
    }

    /** A queue device of this APQN exists and is bound to vfio_ap ({@code vfio_ap_find_queue} not NULL). */
    public boolean bound(int apqn) {
        return bound.get(apqn);
    }

    private static ApMask all() {
        ApMask m = ApMask.EMPTY;
        for (int i = 0; i < ApMask.BITS; i++) {
            m = m.with(i);
        }
        return m;
    }
}

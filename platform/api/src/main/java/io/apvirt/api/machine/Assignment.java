package io.apvirt.api.machine;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;

import java.util.List;

/**
 * The vfio_ap mediated device of the VM (docs/architecture.md#12.1): what the administrator
 * assigned ({@code matrix_mdev->matrix}) and its queue table ({@code matrix_mdev->qtable}: the
 * assigned APQNs whose queue device is bound to the vfio_ap driver). The guest's masks (the
 * shadow APCB, filtered from these by {@code vfio_ap_mdev_filter_matrix} and
 * {@code vfio_ap_mdev_filter_cdoms}) are {@link GuestModel#apm()}, {@link GuestModel#aqm()} and
 * {@link GuestModel#adm()}.
 *
 * @param adapters       the assigned adapters (APM)
 * @param domains        the assigned usage domains (AQM)
 * @param controlDomains the assigned control domains (ADM)
 * @param queueTable     the assigned APQNs bound to vfio_ap, ascending
 */
public record Assignment(ApMask adapters, ApMask domains, ApMask controlDomains, List<Apqn> queueTable) {

    public Assignment {
        queueTable = List.copyOf(queueTable);
    }
}

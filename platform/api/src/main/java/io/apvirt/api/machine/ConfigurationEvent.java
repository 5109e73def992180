package io.apvirt.api.machine;

/**
 * One AP configuration-change event that QEMU queued for the guest
 * ({@code vfio_ap_cfg_chg_notifier_handler} in hw/vfio/ap.c, docs/architecture.md#12.3): vfio_ap
 * signalled {@code VFIO_AP_CFG_CHG_IRQ_INDEX} after it changed the guest's APCB. The guest
 * takes it with CHSC SEI ({@link Machine#storeEventInformation()}).
 *
 * @param tick the machine's virtual time when the change was made
 */
public record ConfigurationEvent(long tick) {
}

package io.apvirt.api.machine;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.CrycbFormat;
import io.apvirt.api.arch.Facility;

/**
 * The guest CPU model, VM features and AP matrix (docs/architecture.md#1 and #11.2). The masks are the
 * guest's APCB: the mediated device's assignment as vfio_ap filters it (docs/architecture.md#12.1).
 *
 * @param aiv          the VM has a GISA, so KVM sets ECA_AIV on every vCPU (section 1)
 * @param memoryBytes  guest memory size
 * @param apm          AP mask (adapters) of the guest's APCB
 * @param aqm          AP queue mask (usage domains)
 * @param adm          AP domain mask (control domains)
 */
public record GuestModel(boolean ap, boolean apqci, boolean apft, boolean apqi, boolean apxa, boolean aiv,
                         boolean secureExecution, long memoryBytes, ApMask apm, ApMask aqm, ApMask adm) {

    public boolean has(Facility facility) {
        return switch (facility) {
            case AP -> ap;
            case APQCI -> apqci;
            case APFT -> apft;
            case APQI -> apqi;
            case APXA -> apxa;
        };
    }

    /** KVM builds a format-2 CRYCB iff the guest has APXA (section 1). */
    public CrycbFormat crycbFormat() {
        return CrycbFormat.forGuest(apxa);
    }

    /** An APQN is usable iff APM[APID] and AQM[APQI] are set (section 1). */
    public boolean inMatrix(int apid, int apqi) {
        return apm.test(apid) && aqm.test(apqi);
    }

    public boolean inMatrix(Apqn apqn) {
        return inMatrix(apqn.apid(), apqn.apqi());
    }

    /** This model with other masks: the guest's APCB after vfio_ap changed it (docs/architecture.md#12.2). */
    public GuestModel withMasks(ApMask apm, ApMask aqm, ApMask adm) {
        return new GuestModel(ap, apqci, apft, apqi, apxa, aiv, secureExecution, memoryBytes, apm, aqm, adm);
    }
}

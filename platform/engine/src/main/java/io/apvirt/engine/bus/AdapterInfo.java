package io.apvirt.engine.bus;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.TapqInfo;

/**
 * What an adapter reports in TAPQ GR2 (ap-architecture.md section 2.4).
 *
 * @param ml maximum message length in 4 KiB units, 0 meaning 12 KiB
 * @param qd queue depth
 * @param nd number of domains
 */
public record AdapterInfo(ApType type, ApMode mode, int ml, int qd, int nd, boolean apxa) {

    public TapqInfo tapqInfo(int bindState) {
        return new TapqInfo(false, true, true, mode == ApMode.CCA, mode == ApMode.ACCELERATOR, mode == ApMode.EP11,
                apxa, false, 0, bindState, type.at(), nd, ml, qd, 0);
    }

    public int maxMessageBytes() {
        return TapqInfo.maxMessageBytes(ml);
    }
}

package io.apvirt.api.device;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.TapqInfo;

import java.util.List;

/**
 * One configured adapter ({@code apvirt.devices[n]}, docs/architecture.md#2.4).
 *
 * @param apid         the adapter number (card)
 * @param ml           maximum message length in 4 KiB units; 0 means 12 KiB (TAPQ GR2 bits 52-55)
 * @param queueDepth   requests a queue holds (TAPQ GR2 QD, 1-15)
 * @param domains      the usage domains the adapter has; its queues are these times the guest's AQM
 * @param replyLatency ticks from an accepted request to its reply being ready (section 11.7)
 * @param resetTicks   ticks a RAPQ/ZAPQ keeps the queue in reset (section 11.5 step 5)
 * @param behaviour    the behaviour id
 */
public record AdapterSpec(int apid, ApType type, ApMode mode, int ml, int queueDepth, List<Integer> domains,
                          int replyLatency, int resetTicks, String behaviour) {

    public AdapterSpec {
        domains = List.copyOf(domains);
    }

    /** ML x 4 KiB, or 12 KiB when ML is 0 (section 2.4 and 11.5 step 3). */
    public int maxMessageBytes() {
        return TapqInfo.maxMessageBytes(ml);
    }

    /** The adapter number as {@code lszcrypt} prints it: {@code 03}. */
    public String card() {
        return String.format("%02x", apid);
    }
}

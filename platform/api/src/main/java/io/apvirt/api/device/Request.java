package io.apvirt.api.device;

/**
 * A request the guest enqueued with NQAP.
 *
 * @param psmid   the program-supplied message id (R1 high word, R1+1 low word, section 2.6)
 * @param message the message bytes read from guest memory; owned by the receiver
 * @param tick    the virtual time of the NQAP
 */
public record Request(long psmid, byte[] message, long tick) {
}

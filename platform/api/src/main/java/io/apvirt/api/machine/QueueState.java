package io.apvirt.api.machine;

import io.apvirt.api.arch.Apqn;

/**
 * A snapshot of one AP queue for display ({@code lszcrypt}-like).
 *
 * @param status     online, reset (a RAPQ/ZAPQ runs), deconfigured or checkstopped
 * @param requests   requests accepted by NQAP
 * @param replies    replies dequeued in full by DQAP
 * @param dropped    messages dropped by RAPQ/ZAPQ
 * @param refused    NQAPs the device refused (busy, message too big ...)
 * @param pending    messages in the queue
 * @param isc        the guest ISC of the queue's interrupts, or -1 when they are off
 * @param interruptsRaised adapter interruptions made pending for this queue
 * @param interruptsLost   interruptions a fault dropped
 */
public record QueueState(Apqn apqn, String type, String mode, String behaviour, String status, long requests,
                         long replies, long dropped, long refused, int pending, boolean interrupts, int isc,
                         long interruptsRaised, long interruptsLost) {
}

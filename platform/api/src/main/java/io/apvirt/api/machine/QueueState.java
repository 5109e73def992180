package io.apvirt.api.machine;

import io.apvirt.api.arch.Apqn;

/** A snapshot of one AP queue for display (lszcrypt-like). */
public record QueueState(Apqn apqn, String type, String mode, String status, long requests, int pending,
                         boolean interrupts) {
}

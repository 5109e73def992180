package io.apvirt.api.device;

import io.apvirt.api.arch.Apqn;

/** A read-only view of the queue a behaviour is called for. */
public interface QueueView {

    Apqn apqn();

    AdapterSpec adapter();

    /** Messages in the queue (requests in progress and replies not yet dequeued). */
    int pending();

    /** Whether the queue's interrupts are on (TAPQ I). */
    boolean interrupts();

    /** The virtual time of the instruction being executed. */
    long now();
}

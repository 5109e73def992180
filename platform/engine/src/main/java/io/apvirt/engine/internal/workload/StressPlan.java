package io.apvirt.engine.internal.workload;

import io.apvirt.api.arch.Apqn;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@code apvirt stress} runs: {@code vcpus} threads of {@code instructions} guest instructions
 * each, drawn from {@code java.util.SplittableRandom}s split from {@code seed} (one per vCPU, in vCPU
 * order, so one vCPU's stream does not depend on the others).
 *
 * @param matrix        the queues of the guest's matrix at the start (most instructions address one)
 * @param outside       APQNs outside it (on the bus but not assigned, or on no bus at all)
 * @param hostile       adapters whose device is the hostile script: their requests may carry a {@link ScriptFault}
 * @param checkstopping adapters configured to checkstop ({@code faults.checkstop-after}): RC 0x04 is expected there only
 * @param reassignable  adapters and domains the faults unassign and assign again (section 12.2)
 * @param bufferBase    guest address of vCPU 0's {@value #SLOT}-byte slot (message, QCI block, NIB, reply buffer)
 * @param stall         wall time without any vCPU progressing after which the watchdog stops the run
 */
public record StressPlan(int vcpus, long instructions, boolean faults, long seed, List<Apqn> matrix, List<Apqn> outside,
                         Set<Integer> hostile, Set<Integer> checkstopping, List<Integer> reassignableAdapters,
                         List<Integer> reassignableDomains, long bufferBase, Duration stall) {

    /** Guest memory per vCPU: message at +0, QCI block at +0x100, NIB at +0x200, reply buffer at +0x1000. */
    public static final int SLOT = 0x2000;

    public StressPlan {
        if (vcpus < 1 || instructions < 1 || instructions > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("vcpus >= 1 and 1 <= instructions <= 2^32-1");
        }
        if (matrix.isEmpty()) {
            throw new IllegalArgumentException("no queue in the guest's matrix");
        }
        matrix = List.copyOf(matrix);
        outside = List.copyOf(outside);
        hostile = Set.copyOf(hostile);
        checkstopping = Set.copyOf(checkstopping);
        reassignableAdapters = List.copyOf(reassignableAdapters);
        reassignableDomains = List.copyOf(reassignableDomains);
    }

    /** The end of the vCPUs' slots in guest memory. */
    public long memoryEnd() {
        return bufferBase + (long) vcpus * SLOT;
    }
}

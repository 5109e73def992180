package io.apvirt.engine.internal.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a stress run: per vCPU what it did, the two sides of the ledger, the faults, the heap.
 * {@link #lost()} and {@link #duplicated()} are the verdict: a run passes ({@link #passed()}) when
 * both are 0, the ledger balances, every script fault stayed with its device, and no vCPU failed
 * or stalled.
 *
 * @param dropped             messages the model's queues dropped (RAPQ/ZAPQ, vfio_ap's resets), counted there
 * @param pending             messages still in the model's queues at the end
 * @param scriptFailuresLogged script calls the machine recorded as failed ({@code Machine.failedCalls()})
 * @param stalled             the watchdog's report when the run stalled, else {@code null} (then nothing else is counted)
 */
public record StressReport(StressPlan plan, List<Vcpu> vcpus, StressLedger.Counts ledger, long dropped, long pending,
                           Model model, long scriptFailuresLogged, Heap heap, long elapsedNs, String stalled,
                           List<String> failures) {

    /**
     * The model's own counts over every queue, and each adapter's status at the end.
     *
     * @param accepted requests the queues accepted
     * @param replied  replies the queues handed out in full
     * @param adapters APID to {@code online}, {@code reset}, {@code checkstopped} or {@code deconfigured}
     */
    public record Model(long accepted, long replied, Map<Integer, String> adapters) {
        public Model {
            adapters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(adapters));
        }
    }

    /**
     * @param peakUsedBytes     the highest heap use the watchdog sampled (every 20 ms)
     * @param retainedBytes     the heap in use after a collection at the end
     * @param maxBytes          the heap's limit ({@code -Xmx}), -1 when undefined
     */
    public record Heap(long peakUsedBytes, long retainedBytes, long maxBytes) {
    }

    /** One vCPU's counts: the same plan and seed give the same counts on one vCPU. */
    public record Vcpu(int id, long instructions, long nqap, long accepted, long dqap, long delivered,
                       Map<String, Long> faults, Map<String, Long> scriptFaults, long unanswered, long unplanned,
                       long escaped, Map<String, Long> outcomes, long elapsedNs) {

        static Vcpu of(StressVcpu v) {
            Map<String, Long> faults = new LinkedHashMap<>();
            for (StressVcpu.Fault f : StressVcpu.Fault.values()) {
                faults.put(f.id(), v.faults[f.ordinal()]);
            }
            Map<String, Long> script = new LinkedHashMap<>();
            for (ScriptFault f : ScriptFault.values()) {
                script.put(f.id(), v.answered[f.ordinal()]);
            }
            return new Vcpu(v.id(), v.done(), v.nqap, v.accepted, v.dqap, v.delivered, faults, script, v.unanswered,
                    v.unplanned, v.escaped, v.outcomes.asMap(), v.elapsedNs);
        }

        /** Faults this vCPU injected and script faults its requests set off. */
        public long faultCount() {
            return faults.values().stream().mapToLong(Long::longValue).sum()
                    + scriptFaults.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Everything but the wall time: what determinism compares. */
        public Vcpu withoutTime() {
            return new Vcpu(id, instructions, nqap, accepted, dqap, delivered, faults, scriptFaults, unanswered, unplanned,
                    escaped, outcomes, 0);
        }
    }

    static StressReport stalled(StressPlan plan, List<StressVcpu> vcpus, long elapsedNs, long peakHeap, String stacks) {
        return new StressReport(plan, vcpus.stream().map(Vcpu::of).toList(), new StressLedger.Counts(0, 0, 0, 0, 0, 0), 0, 0,
                new Model(0, 0, Map.of()), 0, new Heap(peakHeap, -1, -1), elapsedNs, stacks, List.of());
    }

    public long instructions() {
        return vcpus.stream().mapToLong(Vcpu::instructions).sum();
    }

    /** Accepted messages neither replied nor dropped nor pending. */
    public long lost() {
        return Math.max(0, ledger.accepted() - ledger.replied() - dropped - pending);
    }

    /** Replies seen twice, to the wrong queue, garbled, or of messages never accepted. */
    public long duplicated() {
        return ledger.duplicated();
    }

    /** {@code accepted == replied + dropped + pending}. */
    public boolean balanced() {
        return ledger.accepted() == ledger.replied() + dropped + pending;
    }

    /** The faults by kind, over every vCPU, then the adapters that ended checkstopped or deconfigured by their configured faults. */
    public Map<String, Long> faults() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Vcpu v : vcpus) {
            v.faults().forEach((k, n) -> out.merge(k, n, Long::sum));
        }
        for (Vcpu v : vcpus) {
            v.scriptFaults().forEach((k, n) -> out.merge("script-" + k, n, Long::sum));
        }
        out.put("checkstop", model.adapters().values().stream().filter("checkstopped"::equals).count());
        out.put("deconfigure", model.adapters().values().stream().filter("deconfigured"::equals).count());
        return out;
    }

    public long faultCount() {
        return faults().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Script faults that answered the guest with the failure RC, by kind. */
    public Map<String, Long> scriptFaults() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Vcpu v : vcpus) {
            v.scriptFaults().forEach((k, n) -> out.merge(k, n, Long::sum));
        }
        return out;
    }

    /** RC 0x05 answers of the hostile adapters to requests without a planted fault (their own failed calls). */
    public long unplanned() {
        return vcpus.stream().mapToLong(Vcpu::unplanned).sum();
    }

    /**
     * Every script fault stayed with its device: each failed call the machine logged answered one
     * request of a hostile adapter with the failure RC (a planted fault, or an unplanned one of the
     * same device), no request with a planted fault was accepted, and no other adapter answered
     * RC 0x05 (or RC 0x04 without being configured to checkstop).
     */
    public boolean contained() {
        long answered = scriptFaults().values().stream().mapToLong(Long::longValue).sum() + unplanned();
        return answered == scriptFailuresLogged && vcpus.stream().allMatch(v -> v.unanswered() == 0 && v.escaped() == 0);
    }

    public boolean passed() {
        return stalled == null && failures.isEmpty() && lost() == 0 && duplicated() == 0 && balanced() && contained();
    }
}

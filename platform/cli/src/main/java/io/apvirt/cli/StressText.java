package io.apvirt.cli;

import io.apvirt.cli.render.Table;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.workload.StressReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code apvirt stress}: the report as a table with a SUMMARY line, or as the {@code apvirt.stress/1} document. */
final class StressText {

    private StressText() {
    }

    static String text(StressReport r, ApMachine machine) {
        StringBuilder b = new StringBuilder();
        b.append("stress: ").append(r.plan().vcpus()).append(r.plan().vcpus() == 1 ? " vCPU x " : " vCPUs x ")
                .append(r.plan().instructions()).append(" instructions, faults ").append(r.plan().faults() ? "on" : "off")
                .append(", seed ").append(Long.toUnsignedString(r.plan().seed())).append("; policy ").append(machine.policyId())
                .append(", hook ").append(machine.hookId()).append('\n');
        Table t = new Table("VCPU", "INSTRUCTIONS", "NQAP", "ACCEPTED", "DQAP", "REPLIES", "FAULTS", "ELAPSED-MS");
        for (StressReport.Vcpu v : r.vcpus()) {
            t.row(String.valueOf(v.id()), String.valueOf(v.instructions()), String.valueOf(v.nqap()), String.valueOf(v.accepted()),
                    String.valueOf(v.dqap()), String.valueOf(v.delivered()), String.valueOf(v.faultCount()), ms(v.elapsedNs()));
        }
        t.row("all", String.valueOf(r.instructions()), String.valueOf(sum(r, StressReport.Vcpu::nqap)),
                String.valueOf(sum(r, StressReport.Vcpu::accepted)), String.valueOf(sum(r, StressReport.Vcpu::dqap)),
                String.valueOf(sum(r, StressReport.Vcpu::delivered)), String.valueOf(sum(r, StressReport.Vcpu::faultCount)),
                ms(r.elapsedNs()));
        b.append(t.render());
        if (r.stalled() != null) {
            b.append("SUMMARY: stalled after ").append(r.instructions()).append(" instructions (the watchdog's report is on stderr): FAIL\n");
            return b.toString();
        }
        b.append("faults: ").append(counts(r.faults())).append(" (").append(r.faultCount()).append(" in all)\n");
        b.append("script faults: ").append(counts(r.scriptFaults())).append(", unplanned ").append(r.unplanned())
                .append("; ").append(r.scriptFailuresLogged())
                .append(" failed calls logged; ").append(r.contained() ? "each stayed with its device" : "NOT CONTAINED: "
                        + sum(r, StressReport.Vcpu::unanswered) + " accepted, " + sum(r, StressReport.Vcpu::escaped)
                        + " failure answers elsewhere").append('\n');
        var l = r.ledger();
        b.append("ledger: accepted ").append(l.accepted()).append(r.balanced() ? " = " : " != ").append("replied ").append(l.replied())
                .append(" + dropped ").append(r.dropped()).append(" + pending ").append(r.pending()).append("; lost ").append(r.lost())
                .append(", duplicated ").append(r.duplicated()).append(" (redelivered ").append(l.redelivered()).append(", misrouted ")
                .append(l.misrouted()).append(", garbled ").append(l.garbled()).append(", never accepted ").append(l.unknown())
                .append("); the model: accepted ").append(r.model().accepted()).append(", replied ").append(r.model().replied()).append('\n');
        b.append("heap: peak ").append(mib(r.heap().peakUsedBytes())).append(" used (sampled every 20 ms), ")
                .append(mib(r.heap().retainedBytes())).append(" after a collection at the end, max ").append(mib(r.heap().maxBytes())).append('\n');
        b.append("SUMMARY: ").append(r.instructions()).append(" instructions, ").append(r.faultCount()).append(" faults, ")
                .append(l.accepted()).append(" messages accepted; lost ").append(r.lost()).append(", duplicated ").append(r.duplicated())
                .append(": ").append(r.passed() ? "PASS" : "FAIL").append('\n');
        return b.toString();
    }

    /** {@code apvirt stress --json} (docs/schemas/stress.schema.json). */
    static Map<String, Object> document(StressReport r, ApMachine machine) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schema", StressCommand.SCHEMA);
        d.put("apvirt", ApvirtCli.version());
        d.put("vcpus", r.plan().vcpus());
        d.put("instructions-per-vcpu", r.plan().instructions());
        d.put("seed", Long.toUnsignedString(r.plan().seed()));
        d.put("faults-injected", r.plan().faults());
        d.put("policy", machine.policyId());
        d.put("hook", machine.hookId());
        d.put("instructions", r.instructions());
        d.put("faults", r.stalled() == null ? r.faultCount() : null);
        d.put("faults-by-kind", r.stalled() == null ? r.faults() : null);
        d.put("script-faults", r.stalled() == null ? r.scriptFaults() : null);
        d.put("script-faults-unplanned", r.unplanned());
        d.put("script-failures-logged", r.scriptFailuresLogged());
        d.put("contained", r.contained());
        var l = r.ledger();
        d.put("accepted", l.accepted());
        d.put("replied", l.replied());
        d.put("dropped", r.dropped());
        d.put("pending", r.pending());
        d.put("lost", r.lost());
        d.put("duplicated", r.duplicated());
        Map<String, Object> dup = new LinkedHashMap<>();
        dup.put("redelivered", l.redelivered());
        dup.put("misrouted", l.misrouted());
        dup.put("garbled", l.garbled());
        dup.put("never-accepted", l.unknown());
        d.put("duplicated-by-kind", dup);
        d.put("balanced", r.balanced());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("accepted", r.model().accepted());
        model.put("replied", r.model().replied());
        Map<String, String> adapters = new LinkedHashMap<>();
        r.model().adapters().forEach((apid, status) -> adapters.put(String.format(Locale.ROOT, "%02x", apid), status));
        model.put("adapters", adapters);
        d.put("model", model);
        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("peak-used-bytes", r.heap().peakUsedBytes());
        heap.put("retained-bytes", r.heap().retainedBytes());
        heap.put("max-bytes", r.heap().maxBytes());
        d.put("heap", heap);
        d.put("elapsed-ns", r.elapsedNs());
        List<Object> per = new ArrayList<>();
        for (StressReport.Vcpu v : r.vcpus()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vcpu", v.id());
            m.put("instructions", v.instructions());
            m.put("nqap", v.nqap());
            m.put("accepted", v.accepted());
            m.put("dqap", v.dqap());
            m.put("replies", v.delivered());
            m.put("faults", v.faults());
            m.put("script-faults", v.scriptFaults());
            m.put("unanswered", v.unanswered());
            m.put("unplanned", v.unplanned());
            m.put("escaped", v.escaped());
            m.put("outcomes", v.outcomes());
            m.put("elapsed-ns", v.elapsedNs());
            per.add(m);
        }
        d.put("per-vcpu", per);
        d.put("failures", r.failures());
        d.put("stalled", r.stalled());
        d.put("passed", r.passed());
        d.put("cpus", BenchEnvironment.Environment.cpus());
        d.put("jdk", BenchEnvironment.Environment.jdk());
        return d;
    }

    private static long sum(StressReport r, java.util.function.ToLongFunction<StressReport.Vcpu> f) {
        return r.vcpus().stream().mapToLong(f).sum();
    }

    private static String counts(Map<String, Long> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, n) -> parts.add(k + " " + n));
        return String.join(", ", parts);
    }

    private static String ms(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1e6);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "undefined" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

package io.apvirt.cli.render;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.machine.Assignment;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.VfioApState;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The AP bus of a machine as {@code apvirt devices} and {@code apvirt run --show-devices}
 * show it: one row per queue, in APQN order, {@code lszcrypt}-like ({@code CARD.DOM} as
 * {@code 03.0005}, TYPE with the kernel's mode letter: {@code CEX8A} accelerator,
 * {@code CEX8C} CCA coprocessor, {@code CEX8P} EP11 coprocessor).
 */
public final class DevicesReport {

    /** The columns of the table, in order. */
    public static final String[] HEADER = {"CARD.DOM", "TYPE", "MODE", "STATUS", "REQUESTS", "PENDING", "IRQ", "ISC",
            "SAVED-ISC", "NIB", "REPLIES", "DROPPED", "REFUSED", "BEHAVIOUR", "MATRIX"};

    private DevicesReport() {
    }

    /**
     * The table of every queue of the machine's bus at its current tick (ISC: the queue's live
     * interrupts; SAVED-ISC and NIB: vfio_ap's software state, docs/architecture.md#6.5), then one
     * line with the GISC registration counts and the NIB pins held.
     */
    public static String table(Machine machine) {
        Table t = new Table(HEADER);
        VfioApState vfioAp = machine.vfioAp();
        for (QueueState q : machine.queues()) {
            VfioApState.Saved saved = vfioAp.of(q.apqn());
            t.row(q.apqn().toString(), type(q), q.mode(), q.status(), Long.toString(q.requests()), Integer.toString(q.pending()),
                    q.interrupts() ? "on" : "off", q.interrupts() ? Integer.toString(q.isc()) : "-",
                    saved.isc() < 0 ? "-" : Integer.toString(saved.isc()), saved.nib() == 0 ? "-" : "0x" + Long.toHexString(saved.nib()),
                    Long.toString(q.replies()), Long.toString(q.dropped()), Long.toString(q.refused()), q.behaviour(),
                    machine.guest().inMatrix(q.apqn()) ? "yes" : "no");
        }
        return t.render() + hostLine(vfioAp) + mdev(machine);
    }

    /**
     * The mdev's assignment against the guest's APCB (MATRIX is the latter, docs/architecture.md#12.1),
     * one line after the table when they differ, else nothing:
     * {@code mdev: assigned 03,04 x 0005,0006 (control 0005,0006), guest 04 x 0005,0006 (control 0005,0006); not bound to vfio_ap: 03.0005}.
     */
    static String mdev(Machine machine) {
        Assignment a = machine.assignment();
        var g = machine.guest();
        List<String> unbound = new ArrayList<>();
        a.adapters().indexes().forEach(apid -> a.domains().indexes().forEach(apqi -> {
            Apqn apqn = new Apqn(apid, apqi);
            if (!a.queueTable().contains(apqn)) {
                unbound.add(apqn.toString());
            }
        }));
        if (unbound.isEmpty() && a.adapters().equals(g.apm()) && a.domains().equals(g.aqm()) && a.controlDomains().equals(g.adm())) {
            return "";
        }
        return "mdev: assigned " + masks(a.adapters(), a.domains(), a.controlDomains()) + ", guest "
                + masks(g.apm(), g.aqm(), g.adm()) + (unbound.isEmpty() ? "" : "; not bound to vfio_ap: " + String.join(", ", unbound))
                + "\n";
    }

    private static String masks(ApMask apm, ApMask aqm, ApMask adm) {
        return list(apm, "%02x") + " x " + list(aqm, "%04x") + " (control " + list(adm, "%04x") + ")";
    }

    private static String list(ApMask mask, String format) {
        String s = mask.indexes().mapToObj(i -> String.format(format, i)).collect(java.util.stream.Collectors.joining(","));
        return s.isEmpty() ? "-" : s;
    }

    /** {@code gisc-registrations: 3=1, 5=2; pinned-pages: 3} (ISC=count, ascending; none: {@code none}). */
    static String hostLine(VfioApState vfioAp) {
        List<String> counts = new ArrayList<>();
        vfioAp.giscRegistrations().forEach((isc, n) -> counts.add(isc + "=" + n));
        return "gisc-registrations: " + (counts.isEmpty() ? "none" : String.join(", ", counts)) + "; pinned-pages: "
                + vfioAp.pinnedPages() + "\n";
    }

    /**
     * The bus of a machine for JSON ({@code apvirt devices --json}, {@code run --json
     * --show-devices}): the policy, the tick, the queues in APQN order, the ISCs with an
     * adapter interruption pending, ascending, the GISC registration counts (ISC to count, the
     * ISCs with one or more) and the NIB pins held (docs/architecture.md#6.5).
     */
    public record Bus(String policy, String hook, long tick, List<Queue> queues, List<Integer> pendingInterrupts,
                      SortedMap<Integer, Integer> giscRegistrations, int pinnedPages) {
    }

    /**
     * One queue of {@link Bus}: the table's columns with numbers as numbers.
     *
     * @param type       {@code CEX8C}, the generation with the mode letter
     * @param generation {@code CEX8}
     * @param isc        the ISC while the interrupts are on, else null
     * @param savedIsc   vfio_ap's saved ISC of the queue ({@code q->saved_isc}), else null
     * @param nib        the NIB address vfio_ap holds pinned for the queue ({@code q->saved_iova}), else null
     */
    public record Queue(String apqn, int card, int domain, String type, String generation, String mode, String status,
                        long requests, int pending, boolean irq, Integer isc, Integer savedIsc, Long nib, long replies,
                        long dropped, long refused,
                        long interruptsRaised, long interruptsLost, String behaviour, boolean inMatrix) {
    }

    /** {@code apvirt devices --json}: the bus of the configuration, with the schema it follows (docs/schemas/devices.schema.json). */
    public record Document(String schema, String apvirt, String policy, String hook, long tick, List<Queue> queues,
                           List<Integer> pendingInterrupts, SortedMap<Integer, Integer> giscRegistrations, int pinnedPages) {
        public static final String SCHEMA = "apvirt.devices/2";

        public static Document of(String version, Bus bus) {
            return new Document(SCHEMA, version, bus.policy(), bus.hook(), bus.tick(), bus.queues(), bus.pendingInterrupts(),
                    bus.giscRegistrations(), bus.pinnedPages());
        }
    }

    /** The machine's bus at its current tick. */
    public static Bus bus(Machine machine) {
        List<Queue> queues = new ArrayList<>();
        VfioApState vfioAp = machine.vfioAp();
        for (QueueState q : machine.queues()) {
            VfioApState.Saved saved = vfioAp.of(q.apqn());
            queues.add(new Queue(q.apqn().toString(), q.apqn().apid(), q.apqn().apqi(), type(q), q.type(), q.mode(),
                    q.status(), q.requests(), q.pending(), q.interrupts(), q.interrupts() ? q.isc() : null,
                    saved.isc() < 0 ? null : saved.isc(), saved.nib() == 0 ? null : saved.nib(), q.replies(),
                    q.dropped(), q.refused(), q.interruptsRaised(), q.interruptsLost(), q.behaviour(),
                    machine.guest().inMatrix(q.apqn())));
        }
        return new Bus(machine.policyId(), machine.hookId(), machine.now(), List.copyOf(queues),
                List.copyOf(machine.pendingInterrupts()), new TreeMap<>(vfioAp.giscRegistrations()), vfioAp.pinnedPages());
    }

    /**
     * {@code CEX8C}: the generation and the letter the kernel's zcrypt driver appends for the
     * mode (A accelerator, C CCA coprocessor, P EP11 coprocessor), as {@code lszcrypt} shows it.
     */
    public static String type(QueueState q) {
        String letter = switch (q.mode()) {
            case "accelerator" -> "A";
            case "cca" -> "C";
            case "ep11" -> "P";
            default -> "?";
        };
        return q.type() + letter;
    }
}

package io.apvirt.cli.render;

import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AP bus of a machine as {@code apvirt devices} and {@code apvirt run --show-devices}
 * show it: one row per queue, in APQN order, {@code lszcrypt}-like ({@code CARD.DOM} as
 * {@code 03.0005}, TYPE with the kernel's mode letter: {@code CEX8A} accelerator,
 * {@code CEX8C} CCA coprocessor, {@code CEX8P} EP11 coprocessor).
 */
public final class DevicesReport {

    /** The columns of the table, in order. */
    public static final String[] HEADER = {"CARD.DOM", "TYPE", "MODE", "STATUS", "REQUESTS", "PENDING", "IRQ", "ISC",
            "REPLIES", "DROPPED", "REFUSED", "BEHAVIOUR", "MATRIX"};

    private DevicesReport() {
    }

    /** The table of every queue of the machine's bus at its current tick. */
    public static String table(Machine machine) {
        Table t = new Table(HEADER);
        for (QueueState q : machine.queues()) {
            t.row(q.apqn().toString(), type(q), q.mode(), q.status(), Long.toString(q.requests()), Integer.toString(q.pending()),
                    q.interrupts() ? "on" : "off", q.interrupts() ? Integer.toString(q.isc()) : "-",
                    Long.toString(q.replies()), Long.toString(q.dropped()), Long.toString(q.refused()), q.behaviour(),
                    machine.guest().inMatrix(q.apqn()) ? "yes" : "no");
        }
        return t.render();
    }

    /**
     * The same data as a JSON-ready map, keys in a fixed order: the policy, the tick, the
     * queues and the ISCs with an adapter interruption pending.
     */
    public static Map<String, Object> document(Machine machine) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("policy", machine.policyId());
        doc.put("hook", machine.hookId());
        doc.put("tick", machine.now());
        List<Object> queues = new ArrayList<>();
        for (QueueState q : machine.queues()) {
            queues.add(queue(machine, q));
        }
        doc.put("queues", queues);
        doc.put("pending-interrupts", machine.pendingInterrupts());
        return doc;
    }

    private static Map<String, Object> queue(Machine machine, QueueState q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apqn", q.apqn().toString());
        m.put("card", q.apqn().apid());
        m.put("domain", q.apqn().apqi());
        m.put("type", type(q));
        m.put("generation", q.type());
        m.put("mode", q.mode());
        m.put("status", q.status());
        m.put("requests", q.requests());
        m.put("pending", q.pending());
        m.put("irq", q.interrupts());
        m.put("isc", q.interrupts() ? q.isc() : null);
        m.put("replies", q.replies());
        m.put("dropped", q.dropped());
        m.put("refused", q.refused());
        m.put("interrupts-raised", q.interruptsRaised());
        m.put("interrupts-lost", q.interruptsLost());
        m.put("behaviour", q.behaviour());
        m.put("in-matrix", machine.guest().inMatrix(q.apqn()));
        return m;
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

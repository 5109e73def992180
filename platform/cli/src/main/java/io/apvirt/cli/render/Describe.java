package io.apvirt.cli.render;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.Hex;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.api.plugin.FailedCall;

import java.util.List;

/** Short texts for instructions and outcomes, shared by the table and JSON reports. */
public final class Describe {
    private Describe() {
    }

    /** {@code PQAP(AQIC) 03.0005}, {@code NQAP 4,6 03.0005}. */
    public static String instruction(Execution e) {
        long gr0 = e.before()[0];
        Apqn apqn = Apqn.fromGr0(gr0);
        if (e.instruction() instanceof Instruction.Pqap) {
            FunctionCode fc = FunctionCode.of(PqapGr0.fc(gr0));
            String name = fc == null ? "fc=" + PqapGr0.fc(gr0) : fc.name();
            if (fc == FunctionCode.QCI) {
                return "PQAP(QCI) @" + String.format("0x%x", e.before()[2]);
            }
            return "PQAP(" + name + (PqapGr0.t(gr0) ? ",T" : "") + ") " + apqn;
        }
        return e.instruction().text() + " " + apqn;
    }

    /** {@code host HAP=1 outer=1 ic3=0 | guest ap apqci apft apqi apxa aiv | 2x2 matrix}. */
    public static String configuration(io.apvirt.engine.internal.config.ApvirtSettings s) {
        var f = s.guest().facilities();
        StringBuilder g = new StringBuilder();
        if (f.ap()) g.append(" ap");
        if (f.apqci()) g.append(" apqci");
        if (f.apft()) g.append(" apft");
        if (f.apqi()) g.append(" apqi");
        if (f.apxa()) g.append(" apxa");
        if (s.guest().aiv()) g.append(" aiv");
        if (s.guest().secureExecution()) g.append(" se");
        return "host ap-instructions=" + s.host().apInstructions() + " outer-interpretation=" + s.host().outerInterpretation()
                + " ic3=" + s.host().ic3() + " | guest" + (g.isEmpty() ? " (no AP features)" : g)
                + " | matrix " + s.matrix().adapters().size() + "x" + s.matrix().domains().size();
    }

    /**
     * The rule that decided the outcome and, in parentheses, the rules of the plugin calls that failed
     * during the step and did not decide it themselves: {@code exec.nqap (script.failed)} for a device
     * script that failed and the adapter answered (the firmware's rule decided what the guest saw),
     * {@code script.failed} for a hook script that failed (its failure is the hook's outcome).
     */
    public static String rule(Outcome o, List<FailedCall> failedCalls) {
        String decided = o.rule().id();
        List<String> beside = failedCalls.stream().map(f -> f.rule().id()).filter(id -> !id.equals(decided)).distinct().toList();
        return beside.isEmpty() ? decided : decided + " (" + String.join(", ", beside) + ")";
    }

    public static String cc(Outcome o) {
        return o instanceof Outcome.Completed c ? String.valueOf(c.cc()) : "-";
    }

    /** {@code 0x01}, {@code 0x01@hi} for the kernel's bits 0-31 placement, {@code -} without a status word. */
    public static String rc(Outcome o) {
        if (o instanceof Outcome.Completed c && c.hasStatus()) {
            return Hex.byteHex(c.rc()) + (c.placement() == StatusPlacement.KERNEL_HIGH_WORD ? "@hi" : "");
        }
        return "-";
    }

    public static String program(Outcome o) {
        return o instanceof Outcome.ProgramException p ? p.interruption().id() : "-";
    }

    /** A compact cell for the comparison table: {@code cc3 0x01 kvm}, {@code operation userspace}. */
    public static String brief(Outcome o) {
        return seen(o) + " " + o.level().id();
    }

    /** What the guest sees, in short: {@code cc3 0x01}, {@code cc0} (no status word), {@code spec}, {@code operation}. */
    public static String seen(Outcome o) {
        if (o instanceof Outcome.ProgramException p) {
            return abbreviation(p.interruption().id());
        }
        Outcome.Completed c = (Outcome.Completed) o;
        return "cc" + c.cc() + (c.hasStatus() ? " " + rc(o) : "");
    }

    private static String abbreviation(String program) {
        return switch (program) {
            case "privileged-operation" -> "priv-op";
            case "specification" -> "spec";
            case "addressing" -> "addr";
            default -> program;
        };
    }
}

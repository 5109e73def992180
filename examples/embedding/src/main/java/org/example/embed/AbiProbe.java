package org.example.embed;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.embed.Machines;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The 2019 question, asked from Java: a guest in problem state issues PQAP(AQIC) on a host whose
 * firmware intercepts every AP instruction (EECA.28 off); what does each policy answer? A Weld SE
 * application: it injects {@link Machines}, builds one machine per policy and observes every
 * {@link Execution} the machines fire.
 */
@ApplicationScoped
public class AbiProbe {

    @Inject
    Machines machines;

    private final List<Execution> seen = new ArrayList<>();

    void record(@Observes Execution execution) {
        seen.add(execution);
    }

    /** What the observer saw so far. */
    public List<Execution> seen() {
        return seen;
    }

    /** One line per policy: the outcome of AQIC (enable, ISC 3) in problem state, intercepted. */
    public List<String> probe() {
        List<String> lines = new ArrayList<>();
        for (String policy : machines.policies()) {
            Machine machine = machines.create(MachineSettings.defaults().withPolicy(policy)
                    .with("host.outer-interpretation", "false"));
            Vcpu cpu = machine.newVcpu();
            cpu.setProblemState(true);
            cpu.setGr(0, PqapGr0.of(FunctionCode.AQIC, Apqn.parse("03.0005")).encode());
            cpu.setGr(1, AqicControl.guest(true, 3).encode());
            cpu.setGr(2, 0x1000);                  // the notification byte
            Outcome outcome = cpu.execute(Instruction.PQAP);
            lines.add(String.format("%-10s %-9s %s", policy, outcome.level().id(), outcome));
        }
        return lines;
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        try (WeldContainer container = new Weld().initialize()) {
            AbiProbe probe = container.select(AbiProbe.class).get();
            probe.probe().forEach(out::println);
            out.println(probe.seen().size() + " executions observed");
        }
    }
}

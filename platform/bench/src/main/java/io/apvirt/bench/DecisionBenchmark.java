package io.apvirt.bench;

import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.Apvirt;
import io.apvirt.engine.internal.workload.VectorReplay;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The decision pipeline (decode, firmware stage, policy, hook, outcome) per policy on the decision
 * mix ({@code scripts/bench/decision-mix.yaml}: PQAP that moves no message), one instruction per
 * operation on one vCPU of a machine built through the public API. {@code path=intercepted} turns
 * EECA.28 off, so that every instruction reaches the policy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    @Param({"mainline", "corrected", "legacy-abi"})
    public String policy;

    @Param({"intercepted", "interpreted"})
    public String path;

    private Apvirt apvirt;
    private Machine machine;
    private Vcpu cpu;
    private VectorReplay mix;

    @Setup(Level.Trial)
    public void setUp() {
        apvirt = Apvirt.boot();
        var scenario = Machines4Bench.decisionMix();
        machine = Machines4Bench.machine(apvirt, MachineSettings.defaults().withPolicy(policy)
                .with("host.outer-interpretation", Boolean.toString(path.equals("interpreted"))), scenario);
        cpu = machine.newVcpu();
        mix = VectorReplay.of(scenario);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        apvirt.close();
    }

    @Benchmark
    public Outcome decide() {
        return mix.step(machine, cpu);
    }
}

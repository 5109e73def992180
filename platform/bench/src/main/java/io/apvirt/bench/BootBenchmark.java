package io.apvirt.bench;

import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.Apvirt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** Container boot to the first outcome: Weld SE over the class path, the configuration validated, a machine, one TAPQ. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(3)
public class BootBenchmark {

    @Benchmark
    public Outcome bootToFirstOutcome() {
        try (Apvirt apvirt = Apvirt.boot()) {
            return apvirt.machine(MachineSettings.defaults()).newVcpu().execute(Instruction.PQAP);
        }
    }
}

package io.apvirt.bench;

import io.apvirt.api.device.Response;
import io.apvirt.api.embed.MachineSettings;
import io.apvirt.engine.Apvirt;
import io.apvirt.engine.internal.bus.ApQueue;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.workload.BehaviourCall;
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
 * One device-behaviour call ({@code onRequest}, as NQAP makes it) of the Java echo against the
 * JavaScript one ({@code scripts/hooks/echo.js}, run from the repository root). Whether GraalJS
 * runs optimized depends on the fork's JVM options: {@code scripts/bench} adds the Graal compiler
 * when the JDK can take it (see BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BehaviourCallBenchmark {

    @Param({"echo", "script:hooks/echo.js"})
    public String behaviour;

    private Apvirt apvirt;
    private BehaviourCall call;
    private long n;

    @Setup(Level.Trial)
    public void setUp() {
        apvirt = Apvirt.boot();
        ApMachine machine = (ApMachine) apvirt.machine(MachineSettings.defaults().withHook("none")
                .with("devices[0].adapter", "3").with("devices[0].behaviour", behaviour));
        ApQueue queue = machine.bus().queues().stream().filter(q -> q.apqn().apid() == 3).findFirst().orElseThrow();
        call = new BehaviourCall(0, queue, queue.card().behaviour(), false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (call.refused() > 0) {
            throw new IllegalStateException(behaviour + " refused " + call.refused() + " calls: " + call.lastRefusal());
        }
        apvirt.close();
    }

    @Benchmark
    public Response onRequest() {
        return call.call(n++);
    }
}

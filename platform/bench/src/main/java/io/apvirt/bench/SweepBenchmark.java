package io.apvirt.bench;

import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.ApvirtContainer;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.sweep.Sweep;
import io.apvirt.engine.internal.sweep.SweepResult;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sweep of {@code apvirt diff} over the default space (every installed policy, 99,840
 * classes): milliseconds per sweep; classes per second is 99,840 divided by it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SweepBenchmark {

    @Param({"1", "2"})
    public int threads;

    private ApvirtContainer container;
    private Sweep.Request request;

    @Setup(Level.Trial)
    public void setUp() {
        container = ApvirtContainer.boot();
        ComponentRegistry registry = container.get(ComponentRegistry.class);
        ApvirtConfiguration configuration = container.get(ApvirtConfiguration.class);
        ConfigLayers layers = ConfigLayers.defaults();
        ApvirtSettings base = configuration.resolve(layers);
        List<String> policies = List.copyOf(registry.catalog().policies().keySet());
        request = new Sweep.Request(policies, List.of(), base,
                extra -> configuration.resolve(layers.withScenario("SweepBenchmark", extra)), container.get(MachineFactory.class),
                List.of(), threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        container.close();
    }

    @Benchmark
    public SweepResult sweep() {
        return Sweep.run(request);
    }
}

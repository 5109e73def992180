package io.apvirt.bench;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.machine.Machine;
import io.apvirt.engine.Apvirt;
import io.apvirt.engine.internal.workload.QueuePair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * NQAP+DQAP pairs on the default machine (mainline, vfio-ap, two CEX8 echo adapters): each JMH
 * thread is a vCPU of one shared machine with its own queue (03.0005, 04.0006, ...) and buffers;
 * {@code onePair} on one thread, {@code twoVcpus} on two (the figure is pairs per microsecond for
 * all threads together).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PairBenchmark {

    static final List<Apqn> QUEUES = List.of(new Apqn(3, 5), new Apqn(4, 6), new Apqn(3, 6), new Apqn(4, 5));
    static final long BUFFERS = 0x10000;
    static final int SLOT = 0x2000;

    @State(Scope.Benchmark)
    public static class Shared {
        Apvirt apvirt;
        Machine machine;

        @Setup(Level.Trial)
        public void setUp() {
            apvirt = Apvirt.boot();
            machine = apvirt.machine(MachineSettings.defaults());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            apvirt.close();
        }
    }

    @State(Scope.Thread)
    public static class Vcpu {
        QueuePair pair;
        long n;

        @Setup(Level.Trial)
        public void setUp(Shared shared, ThreadParams thread) {
            int i = thread.getThreadIndex();
            long slot = BUFFERS + (long) i * SLOT;
            shared.machine.write(slot, new byte[QueuePair.MESSAGE_LENGTH]);
            pair = new QueuePair(shared.machine.newVcpu(), QUEUES.get(i % QUEUES.size()), slot, slot + 0x1000);
        }
    }

    @Benchmark
    @Threads(1)
    public long onePair(Vcpu v) {
        v.pair.pair(v.n++);
        return v.n;
    }

    @Benchmark
    @Threads(2)
    public long twoVcpus(Vcpu v) {
        v.pair.pair(v.n++);
        return v.n;
    }
}

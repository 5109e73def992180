package io.apvirt.engine.machine;

import io.apvirt.api.hook.PqapHook;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.engine.arch.ArchitectedSemantics;
import io.apvirt.engine.bus.ApBus;
import io.apvirt.engine.bus.ApQueue;
import io.apvirt.engine.firmware.FirmwareStage;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One virtual machine: host and guest models, the firmware stage, the bound policy, the
 * hook, the AP bus, guest memory and the virtual clock (one tick per instruction, 11.7).
 */
public final class ApMachine implements Machine {

    private final String policyId;
    private final String hookId;
    private final HostModel host;
    private final GuestModel guest;
    private final FirmwareStage firmware;
    private final InterceptHandler handler;
    private final PqapHook hook;
    private final ApBus bus;
    private final GuestMemory memory;
    private final ArchitectedSemantics[] semantics = new ArchitectedSemantics[Level.values().length];
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger vcpus = new AtomicInteger();
    private final Consumer<Execution> listener;

    public ApMachine(String policyId, InterceptHandler handler, String hookId, PqapHook hook, HostModel host,
                     GuestModel guest, int resetTicks, int queueDepth, Consumer<Execution> listener) {
        this.policyId = policyId;
        this.hookId = hookId;
        this.handler = handler;
        this.hook = hook;
        this.host = host;
        this.guest = guest;
        this.firmware = new FirmwareStage(host, guest);
        this.bus = new ApBus(guest, resetTicks, queueDepth);
        this.memory = new GuestMemory(guest.memoryBytes());
        for (Level level : Level.values()) {
            semantics[level.ordinal()] = new ArchitectedSemantics(level);
        }
        this.listener = listener;
    }

    @Override
    public String policyId() {
        return policyId;
    }

    @Override
    public String hookId() {
        return hookId;
    }

    @Override
    public HostModel host() {
        return host;
    }

    @Override
    public GuestModel guest() {
        return guest;
    }

    @Override
    public Vcpu newVcpu() {
        return new EngineVcpu(this, vcpus.getAndIncrement());
    }

    @Override
    public long now() {
        return clock.get();
    }

    long tick() {
        return clock.incrementAndGet();
    }

    @Override
    public List<QueueState> queues() {
        long now = clock.get();
        return bus.queues().stream().map(q -> new QueueState(q.apqn(), q.adapter().type().name(),
                q.adapter().mode().id(), q.status(now), q.accepted(), q.pending(), q.interrupts())).toList();
    }

    public GuestMemory memory() {
        return memory;
    }

    public ApBus bus() {
        return bus;
    }

    public boolean eeca28() {
        return firmware.eeca28();
    }

    FirmwareStage firmware() {
        return firmware;
    }

    InterceptHandler handler() {
        return handler;
    }

    PqapHook hook() {
        return hook;
    }

    ArchitectedSemantics semantics(Level level) {
        return semantics[level.ordinal()];
    }

    Consumer<Execution> listener() {
        return listener;
    }

    /**
     * The message ledger over every queue: each accepted request is replied to, dropped by a
     * reset, or still in its queue ({@code accepted == replied + dropped + pending}).
     */
    public record Ledger(long accepted, long replied, long dropped, long pending) {
        public boolean balanced() {
            return accepted == replied + dropped + pending;
        }
    }

    public Ledger ledger() {
        long a = 0, r = 0, d = 0, p = 0;
        for (ApQueue q : bus.queues()) {
            a += q.accepted();
            r += q.replied();
            d += q.dropped();
            p += q.pending();
        }
        return new Ledger(a, r, d, p);
    }
}

package io.apvirt.engine.internal.machine;

import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Machine;
import io.apvirt.api.machine.QueueState;
import io.apvirt.api.machine.VfioApState;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.engine.internal.arch.ArchitectedSemantics;
import io.apvirt.engine.internal.bus.ApAdapter;
import io.apvirt.engine.internal.bus.ApBus;
import io.apvirt.engine.internal.bus.InterruptController;
import io.apvirt.engine.internal.firmware.FirmwareStage;

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
    private final HookHandler hook;
    private final ApBus bus;
    private final GuestMemory memory;
    private final HostAccess hostAp;
    private final VfioApDevice vfioAp;
    private final MachineLog log;
    /** Stateless (constant outcomes only): one per level for every machine. */
    private static final ArchitectedSemantics[] SEMANTICS = new ArchitectedSemantics[Level.values().length];

    static {
        for (Level level : Level.values()) {
            SEMANTICS[level.ordinal()] = new ArchitectedSemantics(level);
        }
    }
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger vcpus = new AtomicInteger();
    private final Consumer<Execution> listener;
    private boolean hookConsulted;
    /** Set when the instruction being executed reads the PSW problem-state bit (EngineVcpu). */
    boolean problemStateRead;

    /** A machine whose bus has an echoing CEX8 adapter for every adapter of the matrix ({@link ApBus#echoAdapters}). */
    public ApMachine(String policyId, InterceptHandler handler, String hookId, HookHandler hook, HostModel host,
                     GuestModel guest, int resetTicks, int queueDepth, Consumer<Execution> listener) {
        this(policyId, handler, hookId, hook, host, guest, ApBus.echoAdapters(guest, resetTicks, queueDepth), listener);
    }

    public ApMachine(String policyId, InterceptHandler handler, String hookId, HookHandler hook, HostModel host,
                     GuestModel guest, List<ApAdapter> adapters, Consumer<Execution> listener) {
        this(policyId, handler, hookId, hook, host, guest, adapters, listener, new MachineLog());
    }

    public ApMachine(String policyId, InterceptHandler handler, String hookId, HookHandler hook, HostModel host,
                     GuestModel guest, List<ApAdapter> adapters, Consumer<Execution> listener, MachineLog log) {
        this.log = log;
        this.policyId = policyId;
        this.hookId = hookId;
        this.handler = handler;
        this.hook = hook;
        this.host = host;
        this.guest = guest;
        this.firmware = new FirmwareStage(host, guest);
        this.memory = new GuestMemory(guest.memoryBytes());
        this.bus = new ApBus(guest, adapters, new InterruptController(memory));
        this.vfioAp = new VfioApDevice(this);
        this.hostAp = new HostAccess(this, vfioAp);
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

    /** The next instruction's tick; interruptions that became due are delivered first (11.7). */
    long tick() {
        long now = clock.incrementAndGet();
        bus.interrupts().deliverDue(now);
        return now;
    }

    /** Virtual time passes inside an instruction (a hook's retry wait, section 6.2). */
    void advance(long ticks) {
        long now = clock.addAndGet(ticks);
        bus.interrupts().deliverDue(now);
    }

    @Override
    public List<QueueState> queues() {
        long now = clock.get();
        return bus.queues().stream().map(q -> q.state(now)).toList();
    }

    @Override
    public VfioApState vfioAp() {
        return vfioAp.snapshot();
    }

    /** vfio_ap_mdev_reset_queues (docs/architecture.md#6.6): see {@link Machine#reset()}. */
    @Override
    public void reset() {
        vfioAp.resetQueues();
    }

    @Override
    public byte[] read(long address, int length) {
        return memory.read(address, length);
    }

    @Override
    public void write(long address, byte[] data) {
        memory.write(address, data);
    }

    @Override
    public List<String> log() {
        return log.lines();
    }

    @Override
    public List<io.apvirt.api.plugin.FailedCall> failedCalls() {
        return log.failures();
    }

    @Override
    public List<Integer> pendingInterrupts() {
        return bus.interrupts().pendingIscs();
    }

    HostAccess hostAp() {
        return hostAp;
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

    HookHandler hook() {
        hookConsulted = true;
        return hook;
    }

    /**
     * Whether a vCPU asked for the VM's PQAP hook ({@code Intercept.hook()}, the architected
     * AQIC) since the machine was built. When none did, the hook, and whether there is one, can
     * have made no difference to anything the machine did (the diff sweep relies on this). Exact
     * for one vCPU; with several it is only as fresh as their writes.
     */
    public boolean hookConsulted() {
        return hookConsulted;
    }

    /**
     * Whether the latest instruction read the PSW problem-state bit ({@code Intercept.problemState()},
     * the architected privileged-operation check). When it did not, its outcome is the same in
     * either state (the diff sweep relies on this). Exact for one vCPU.
     */
    public boolean lastInstructionReadProblemState() {
        return problemStateRead;
    }

    ArchitectedSemantics semantics(Level level) {
        return SEMANTICS[level.ordinal()];
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
        for (QueueState s : queues()) {
            a += s.requests();
            r += s.replies();
            d += s.dropped();
            p += s.pending();
        }
        return new Ledger(a, r, d, p);
    }
}

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

import io.apvirt.api.machine.Assignment;
import io.apvirt.api.machine.AssignmentChange;
import io.apvirt.api.machine.ConfigurationEvent;
import io.apvirt.api.machine.EventInformation;
import io.apvirt.engine.internal.mdev.HostApConfig;
import io.apvirt.engine.internal.mdev.MatrixMdev;

import java.util.ArrayList;
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
    /** The guest model; its masks are the mdev's shadow APCB and change with the assignment (section 12.2). */
    private volatile GuestModel guest;
    private final MatrixMdev mdev;
    /** QEMU's cfg_chg_events (hw/vfio/ap.c), oldest first. */
    private final List<ConfigurationEvent> configurationEvents = new ArrayList<>();
    /** QEMU's pending CRWs and {@code channel_subsys.sei_pending} (hw/s390x/css.c). */
    private final List<Integer> channelReports = new ArrayList<>();
    private boolean seiPending;
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

    /**
     * A machine whose mdev has the guest's masks as its assignment, unfiltered, every queue of
     * the bus bound to vfio_ap (embedders and tests that build machines without settings).
     */
    public ApMachine(String policyId, InterceptHandler handler, String hookId, HookHandler hook, HostModel host,
                     GuestModel guest, List<ApAdapter> adapters, Consumer<Execution> listener, MachineLog log) {
        this(policyId, handler, hookId, hook, host, guest, adapters, listener, log,
                MatrixMdev.unfiltered(HostApConfig.of(adapters.stream().map(ApAdapter::spec).toList(), List.of(), List.of()),
                        guest.apxa(), guest.apm(), guest.aqm(), guest.adm()));
    }

    /** A machine with its mediated device; {@code guest}'s masks must be the mdev's shadow APCB. */
    public ApMachine(String policyId, InterceptHandler handler, String hookId, HookHandler hook, HostModel host,
                     GuestModel guest, List<ApAdapter> adapters, Consumer<Execution> listener, MachineLog log, MatrixMdev mdev) {
        this.mdev = mdev;
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

    @Override
    public Assignment assignment() {
        return mdev.assignment();
    }

    /**
     * The sysfs writes of the change, one number at a time (section 12.2); each that changed
     * the guest's APCB puts it into the guest ({@code vfio_ap_mdev_update_guest_apcb}) and
     * signals the eventfd. QEMU's handler reads the eventfd once after the writes of one change
     * ({@code event_notifier_test_and_clear} reads the accumulated count), so one change queues at
     * most one event. Queues taken from the guest are reset (ZAPQ) and their AQIC resources freed
     * ({@code vfio_ap_mdev_reset_queue}, {@code vfio_ap_free_aqic_resources}).
     */
    @Override
    public synchronized void changeAssignment(AssignmentChange change) {
        List<MatrixMdev.Update> updates = new ArrayList<>();
        for (int apid : change.adapters()) {
            updates.add(change.assign() ? mdev.assignAdapter(apid) : mdev.unassignAdapter(apid));
        }
        for (int apqi : change.domains()) {
            updates.add(change.assign() ? mdev.assignDomain(apqi) : mdev.unassignDomain(apqi));
        }
        for (int id : change.controlDomains()) {
            updates.add(change.assign() ? mdev.assignControlDomain(id) : mdev.unassignControlDomain(id));
        }
        boolean signalled = false;
        for (MatrixMdev.Update u : updates) {
            if (u.apcbChanged()) {
                guest = guest.withMasks(mdev.shadowApm(), mdev.shadowAqm(), mdev.shadowAdm());
                signalled = true;                    // signal_guest_ap_cfg_changed: eventfd_signal(cfg_chg_trigger)
            }
            // the queues that left the guest are reset and their saved ISC and NIB freed (vfio_ap_mdev_reset_qlist)
            vfioAp.resetQueues(u.resets());
        }
        if (signalled) {                             // vfio_ap_cfg_chg_notifier_handler: queue the event,
            configurationEvents.add(new ConfigurationEvent(now()));
            if (!seiPending) {                       // css_generate_css_crws(0): a CRW unless an SEI is pending
                channelReports.add(CRW_CSS_EVENT);
            }
            seiPending = true;
        }
    }

    /** CRW: RSC 0xB (channel subsystem), ERC 0x00 (event information pending), RSID 0 (css_queue_crw). */
    public static final int CRW_CSS_EVENT = 0x0B000000;

    @Override
    public synchronized List<ConfigurationEvent> pendingConfigurationEvents() {
        return List.copyOf(configurationEvents);
    }

    @Override
    public synchronized List<Integer> channelReports() {
        return List.copyOf(channelReports);
    }

    /**
     * ioinst_handle_chsc_sei: nt0 cannot be masked; {@code chsc_sei_nt0_get_event} asks vfio-ap
     * only when the guest has the {@code ap} feature ({@code s390_has_feat(S390_FEAT_AP)}). An
     * event: code 0x0001, flag 0x80 iff another is pending, and with the last one
     * {@code css_clear_sei_pending}. None: code 0x0005. (nt2, zPCI, is not modelled.)
     */
    @Override
    public synchronized EventInformation storeEventInformation() {
        if (!guest.ap() || configurationEvents.isEmpty()) {
            return new EventInformation(EventInformation.NONE, false);
        }
        configurationEvents.remove(0);
        boolean more = !configurationEvents.isEmpty();
        if (!more) {
            seiPending = false;
        }
        return new EventInformation(EventInformation.STORED, more);
    }

    MatrixMdev mdev() {
        return mdev;
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

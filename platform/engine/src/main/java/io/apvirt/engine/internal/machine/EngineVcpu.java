package io.apvirt.engine.internal.machine;

import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptReason;
import io.apvirt.engine.internal.arch.ArchState;
import io.apvirt.engine.internal.bus.ApBus;
import io.apvirt.engine.internal.userspace.QemuUserspace;

import java.util.function.Consumer;

/**
 * A vCPU: registers as primitives, the PSW's problem-state bit and cc. It is also the
 * {@link io.apvirt.api.policy.Intercept} its policy sees, reused for every instruction.
 * One thread at a time.
 */
final class EngineVcpu implements Vcpu, ArchState {

    private final ApMachine machine;
    private final int id;
    private final long[] gr = new long[16];
    private boolean problemState;
    private int cc;
    // per instruction
    private Instruction instruction;
    private InterceptReason reason;
    private long now;

    EngineVcpu(ApMachine machine, int id) {
        this.machine = machine;
        this.id = id;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public long gr(int register) {
        return gr[register];
    }

    @Override
    public void setGr(int register, long value) {
        gr[register] = value;
    }

    @Override
    public boolean problemState() {
        machine.problemStateRead = true;
        return problemState;
    }

    @Override
    public void setProblemState(boolean problemState) {
        this.problemState = problemState;
    }

    @Override
    public int cc() {
        return cc;
    }

    @Override
    public Outcome execute(Instruction instruction) {
        Consumer<Execution> listener = machine.listener();
        long[] before = listener == null ? null : gr.clone();
        this.instruction = instruction;
        machine.problemStateRead = false;
        this.now = machine.tick();
        this.reason = machine.firmware().interceptReason(instruction, gr[0]);
        Outcome outcome = reason == null ? machine.semantics(Level.FIRMWARE).run(this) : machine.handler().handle(this);
        if (outcome instanceof Outcome.Completed c) {
            cc = c.cc();
        }
        if (listener != null) {
            listener.accept(new Execution(machine.policyId(), id, now, instruction, problemState, reason, outcome, before,
                    gr.clone(), cc));
        }
        this.instruction = null;
        return outcome;
    }

    // ---- Intercept / ArchState -------------------------------------------------------------

    @Override
    public Instruction instruction() {
        return instruction;
    }

    @Override
    public InterceptReason reason() {
        return reason;
    }

    @Override
    public HostModel host() {
        return machine.host();
    }

    @Override
    public GuestModel guest() {
        return machine.guest();
    }

    @Override
    public HookHandler hook() {
        return machine.hook();
    }

    @Override
    public io.apvirt.api.hook.HostAp hostAp() {
        return machine.hostAp();
    }

    @Override
    public Outcome architected(Level level) {
        return machine.semantics(level).run(this);
    }

    @Override
    public Outcome toUserspace(Rule via) {
        return QemuUserspace.handle(via);
    }

    @Override
    public ApBus bus() {
        return machine.bus();
    }

    @Override
    public GuestMemory memory() {
        return machine.memory();
    }

    @Override
    public long now() {
        return now;
    }
}

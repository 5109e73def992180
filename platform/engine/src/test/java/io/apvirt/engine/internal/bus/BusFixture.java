package io.apvirt.engine.internal.bus;

import io.apvirt.api.arch.ApMask;
import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Response;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.GuestModel;
import io.apvirt.api.machine.HostModel;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.engine.internal.machine.ApMachine;

import java.util.ArrayList;
import java.util.List;

/**
 * A machine on an LPAR host (EECA.28 on: firmware interprets NQAP, DQAP and every PQAP but
 * AQIC) with adapters built by the test, and one vCPU with helpers for the AP instructions.
 */
final class BusFixture {

    static final HostModel LPAR = new HostModel(true, true, false);
    static final long MESSAGE = 0x10000;
    static final long BUFFER = 0x20000;
    static final AdapterBehaviour ECHO = (request, queue) -> Response.Reply.of(request.message());

    final ApMachine machine;
    final Vcpu cpu;

    private BusFixture(List<ApAdapter> adapters, GuestModel guest) {
        machine = new ApMachine("arch", intercept -> intercept.architected(Level.KVM), "none", null, LPAR, guest,
                adapters, null);
        cpu = machine.newVcpu();
    }

    static GuestModel guest(boolean apxa, int... adapters) {
        return new GuestModel(true, true, true, true, apxa, true, false, 1L << 20, ApMask.of(adapters), ApMask.of(5, 6),
                ApMask.of(5, 6));
    }

    static AdapterSpec spec(int apid, int queueDepth, int ml, int latency, int resetTicks) {
        return new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, ml, queueDepth, List.of(5, 6), latency, resetTicks, "test");
    }

    static final class Builder {
        private final List<ApAdapter> adapters = new ArrayList<>();

        Builder adapter(AdapterSpec spec, AdapterBehaviour behaviour, FaultPlan faults) {
            adapters.add(new ApAdapter(spec, behaviour, faults, true));
            return this;
        }

        Builder echo(int apid) {
            return adapter(spec(apid, 8, 0, 1, 2), ECHO, FaultPlan.NONE);
        }

        BusFixture build() {
            return new BusFixture(adapters, guest(true, adapters.stream().mapToInt(a -> a.spec().apid()).toArray()));
        }
    }

    static Builder bus() {
        return new Builder();
    }

    Outcome.Completed completed(Outcome o) {
        if (!(o instanceof Outcome.Completed c)) {
            throw new AssertionError("expected a completed instruction, got " + o);
        }
        return c;
    }

    Outcome pqap(FunctionCode fc, Apqn apqn) {
        cpu.setGr(0, PqapGr0.of(fc, apqn).encode());
        return cpu.execute(Instruction.PQAP);
    }

    Outcome tapq(Apqn apqn) {
        return pqap(FunctionCode.TAPQ, apqn);
    }

    /** NQAP R1=4 (PSMID in GR4/GR5), R2=6 (message at {@link #MESSAGE}, length in GR7). */
    Outcome nqap(Apqn apqn, long psmid, byte[] message) {
        machine.write(MESSAGE, message);
        return nqap(apqn, psmid, message.length);
    }

    Outcome nqap(Apqn apqn, long psmid, long length) {
        cpu.setGr(0, QueueGr0.nqap(apqn, true).encode());
        cpu.setGr(4, psmid >>> 32);
        cpu.setGr(5, psmid & 0xFFFFFFFFL);
        cpu.setGr(6, MESSAGE);
        cpu.setGr(7, length);
        return cpu.execute(Instruction.nqap(4, 6));
    }

    /** DQAP R1=4 (PSMID out), R2=8 (buffer at {@link #BUFFER}, length in GR9). */
    Outcome dqap(Apqn apqn, long bufferLength) {
        cpu.setGr(0, QueueGr0.dqap(apqn).encode());
        cpu.setGr(8, BUFFER);
        cpu.setGr(9, bufferLength);
        return cpu.execute(Instruction.dqap(4, 8));
    }

    long psmid() {
        return (cpu.gr(4) << 32) | (cpu.gr(5) & 0xFFFFFFFFL);
    }

    /** The APQSW word the outcome carries. */
    static int word(Outcome o) {
        return (int) ((Outcome.Completed) o).status();
    }
}

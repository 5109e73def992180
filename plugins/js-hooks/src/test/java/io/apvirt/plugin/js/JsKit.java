package io.apvirt.plugin.js;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.arch.PqapGr0;
import io.apvirt.api.arch.QueueGr0;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.DeviceBehaviour;
import io.apvirt.api.device.Response;
import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.plugin.Options;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.engine.internal.bus.ApAdapter;
import io.apvirt.engine.internal.bus.FaultPlan;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.machine.MachineLog;
import io.apvirt.engine.testing.PolicyTestKit;
import io.apvirt.policy.mainline.MainlinePolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Machines under mainline (LPAR host: firmware interprets NQAP, DQAP and TAPQ; AQIC goes to
 * the policy and the hook) whose adapters are script devices or echoing Java devices, with
 * instruction helpers that return the completed outcome.
 */
final class JsKit extends PolicyTestKit {

    static final Apqn Q3_5 = new Apqn(3, 5);
    static final Apqn Q3_6 = new Apqn(3, 6);
    static final Apqn Q4_5 = new Apqn(4, 5);
    static final Apqn Q4_6 = new Apqn(4, 6);
    static final byte[] MESSAGE = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    private JsKit() {
    }

    static ScriptSettings settings(long timeoutMillis, long statementLimit, OnFailure onFailure, boolean watch) {
        return new ScriptSettings(Duration.ofMillis(timeoutMillis), statementLimit, onFailure, watch);
    }

    static ScriptSettings settings(OnFailure onFailure) {
        return settings(100, 1_000_000, onFailure, false);
    }

    /** Writes {@code text} to {@code dir/name} (folders made) and returns the file. */
    static java.nio.file.Path write(java.nio.file.Path dir, String name, String text) {
        try {
            java.nio.file.Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The context the engine would give {@code script:<name>} resolved to {@code file}. */
    static ComponentContext context(String name, java.nio.file.Path file, ScriptSettings settings, long seed, MachineLog log) {
        return new ComponentContext("script", name, file, List.of(file.getParent()), Options.NONE, seed, settings, log, null);
    }

    static AdapterSpec spec(int apid, String behaviour) {
        return new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, 0, QUEUE_DEPTH, List.of(5, 6), 1, RESET_TICKS, behaviour);
    }

    /** A machine with its log and one vCPU. */
    record Rig(ApMachine machine, MachineLog log, Vcpu cpu, List<Object> behaviours) {
        List<String> lines() {
            return log.lines();
        }
    }

    static final class RigBuilder {
        private final MachineLog log = new MachineLog();
        private final List<ApAdapter> adapters = new ArrayList<>();
        private final List<Object> behaviours = new ArrayList<>();
        private HookHandler hook;
        private String hookId = "none";
        private long seed;

        RigBuilder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Adapter {@code apid} (domains 5 and 6) running the script {@code file}, named {@code name} in messages. */
        RigBuilder script(int apid, String name, java.nio.file.Path file, ScriptSettings settings) {
            DeviceBehaviour bean = new ScriptBehaviour();
            ComponentContext context = context(name, file, settings, seed, log);
            var behaviour = bean.bind(context.forAdapter(spec(apid, "script:" + name)));
            AdapterSpec spec = behaviour.describe(spec(apid, "script:" + name));
            behaviours.add(behaviour);
            adapters.add(new ApAdapter(spec, behaviour, FaultPlan.NONE, false));
            return this;
        }

        /** Adapter {@code apid} (domains 5 and 6) with a Java echo. */
        RigBuilder echo(int apid) {
            adapters.add(new ApAdapter(spec(apid, "echo"), (request, queue) -> Response.Reply.of(request.message()),
                    FaultPlan.NONE, false));
            return this;
        }

        RigBuilder hook(String name, java.nio.file.Path file, ScriptSettings settings) {
            hook = new ScriptHook().bind(context(name, file, settings, seed, log));
            hookId = "script:" + name;
            return this;
        }

        Rig build() {
            InterceptPolicy policy = new MainlinePolicy();
            Builder b = PolicyTestKit.machine("mainline", policy);
            ApMachine m = new ApMachine("mainline", policy.bind(ComponentContext.of("mainline", Options.defaults(policy.options()))), hookId, hook,
                    b.host(), b.guest(), adapters, null, log);
            return new Rig(m, log, m.newVcpu(), behaviours);
        }
    }

    static RigBuilder rig() {
        return new RigBuilder();
    }

    // ---- instructions (each vCPU of a test uses its own memory area: index) ---------------------

    static long messageAddress(int area) {
        return 0x40000L + area * 0x10000L;
    }

    static Outcome.Completed completed(Outcome o) {
        return assertInstanceOf(Outcome.Completed.class, o, "a completed instruction");
    }

    /** NQAP R1=4 (PSMID in GR4/GR5), R2=6 (the message at the area's address, its length in GR7). */
    static Outcome.Completed nqap(ApMachine m, Vcpu cpu, int area, Apqn apqn, long psmid, byte[] message) {
        long address = messageAddress(area);
        m.write(address, message);
        cpu.setGr(0, QueueGr0.nqap(apqn, true).encode());
        cpu.setGr(4, psmid >>> 32);
        cpu.setGr(5, psmid & 0xFFFFFFFFL);
        cpu.setGr(6, address);
        cpu.setGr(7, message.length);
        return completed(cpu.execute(Instruction.nqap(4, 6)));
    }

    static Outcome.Completed nqap(Rig r, Apqn apqn, long psmid, byte[] message) {
        return nqap(r.machine(), r.cpu(), 0, apqn, psmid, message);
    }

    /** DQAP R1=4 (PSMID out), R2=8 (the buffer 0x8000 after the area's message, its length in GR9). */
    static Outcome.Completed dqap(ApMachine m, Vcpu cpu, int area, Apqn apqn, long bufferLength) {
        cpu.setGr(0, QueueGr0.dqap(apqn).encode());
        cpu.setGr(8, messageAddress(area) + 0x8000);
        cpu.setGr(9, bufferLength);
        return completed(cpu.execute(Instruction.dqap(4, 8)));
    }

    static Outcome.Completed dqap(Rig r, Apqn apqn) {
        return dqap(r.machine(), r.cpu(), 0, apqn, 4096);
    }

    /** The reply a DQAP of {@code length} bytes wrote for area 0. */
    static byte[] reply(Rig r, int length) {
        return r.machine().read(messageAddress(0) + 0x8000, length);
    }

    static long psmid(Vcpu cpu) {
        return (cpu.gr(4) << 32) | (cpu.gr(5) & 0xFFFFFFFFL);
    }

    static Outcome.Completed pqap(Rig r, FunctionCode fc, Apqn apqn) {
        r.cpu().setGr(0, PqapGr0.of(fc, apqn).encode());
        return completed(r.cpu().execute(Instruction.PQAP));
    }

    static Outcome.Completed tapq(Rig r, Apqn apqn) {
        return pqap(r, FunctionCode.TAPQ, apqn);
    }

    /** PQAP(AQIC): GR1 the guest's IR and ISC, GR2 the NIB. */
    static Outcome aqic(Vcpu cpu, Apqn apqn, boolean ir, int isc, long nib) {
        fill(cpu, PqapGr0.of(FunctionCode.AQIC, apqn).encode());
        cpu.setGr(1, AqicControl.guest(ir, isc).encode());
        cpu.setGr(2, nib);
        return cpu.execute(Instruction.PQAP);
    }

    /** The response code of a status word. */
    static int rc(Outcome.Completed c) {
        return (int) ((c.status() >>> 16) & 0xFF);
    }

    /** Milliseconds {@code action} took. */
    static double millis(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return (System.nanoTime() - t0) / 1e6;
    }
}

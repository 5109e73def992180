package io.apvirt.plugin.vfioap;

import io.apvirt.api.hook.HookHandler;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.Options;
import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.AqicControl;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Response;
import io.apvirt.api.instruction.Instruction;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.policy.InterceptPolicy;
import io.apvirt.engine.internal.bus.ApAdapter;
import io.apvirt.engine.internal.bus.FaultPlan;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.testing.PolicyTestKit;
import io.apvirt.policy.corrected.CorrectedPolicy;
import io.apvirt.policy.mainline.MainlinePolicy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The shared {@link PolicyTestKit}, with machines under mainline or corrected and the vfio-ap hook. */
final class TestMachines extends PolicyTestKit {

    private TestMachines() {
    }

    /** The two policies that call the hook, with the rule each names as {@code via} of a hook outcome. */
    enum Kernel {
        MAINLINE("mainline", "mainline.hook-call"), CORRECTED("corrected", "exec.aqic-hook");

        final String id;
        final String via;

        Kernel(String id, String via) {
            this.id = id;
            this.via = via;
        }

        InterceptPolicy policy() {
            return this == MAINLINE ? new MainlinePolicy() : new CorrectedPolicy();
        }

        /** A machine under this policy with the vfio-ap hook configured by {@code options} (name, value, ...). */
        Builder machine(String... options) {
            return PolicyTestKit.machine(id, policy()).hook(hook(options));
        }
    }

    /** One bean, as the container has one. */
    static final VfioApHook BEAN = new VfioApHook();

    /** The vfio-ap hook with these options (name, value, ...); the others at their defaults. */
    static HookHandler hook(String... options) {
        Map<String, String> configured = new TreeMap<>();
        for (int i = 0; i < options.length; i += 2) {
            configured.put(options[i], options[i + 1]);
        }
        return BEAN.bind(ComponentContext.of("vfio-ap", Options.of(BEAN.options(), configured)));
    }

    /**
     * A mainline machine with the hook whose bus has exactly these echoing adapters (not one
     * per matrix adapter with every matrix domain), deconfigured from tick {@code deconfigureAt}
     * on ({@link FaultPlan#NEVER}: never): APQNs in the matrix without a host queue, and
     * adapters that stop working.
     */
    static ApMachine mainlineWithBus(List<AdapterSpec> adapters, long deconfigureAt, String... options) {
        Builder b = Kernel.MAINLINE.machine(options);
        InterceptPolicy policy = new MainlinePolicy();
        FaultPlan faults = new FaultPlan(0, 0, deconfigureAt, false);
        List<ApAdapter> bus = adapters.stream().map(spec -> new ApAdapter(spec,
                (request, queue) -> Response.Reply.of(request.message()), faults, false)).toList();
        return new ApMachine("mainline", policy.bind(ComponentContext.of("mainline", Options.defaults(policy.options()))), "vfio-ap", hook(options),
                b.host(), b.guest(), bus, null);
    }

    /**
     * A mainline machine with the hook whose bus has these echoing adapters, each deconfigured from
     * the tick {@code deconfigureAt} gives its APID ({@link FaultPlan#NEVER}: never): one adapter
     * that stops working while another keeps going.
     */
    static ApMachine mainlineWithBus(List<AdapterSpec> adapters, java.util.function.LongUnaryOperator deconfigureAt,
                                     String... options) {
        Builder b = Kernel.MAINLINE.machine(options);
        InterceptPolicy policy = new MainlinePolicy();
        List<ApAdapter> bus = adapters.stream().map(spec -> new ApAdapter(spec,
                (request, queue) -> Response.Reply.of(request.message()),
                new FaultPlan(0, 0, deconfigureAt.applyAsLong(spec.apid()), false), false)).toList();
        return new ApMachine("mainline", policy.bind(ComponentContext.of("mainline", Options.defaults(policy.options()))), "vfio-ap", hook(options),
                b.host(), b.guest(), bus, null);
    }

    static AdapterSpec echoAdapter(int apid, List<Integer> domains) {
        return new AdapterSpec(apid, ApType.CEX8, ApMode.CCA, 0, QUEUE_DEPTH, domains, 1, RESET_TICKS, "echo");
    }

    // ---- instructions ------------------------------------------------------------------------

    /** PQAP(AQIC) on {@code apqn}: GR1 the guest's control word (IR, ISC), GR2 the NIB; other registers filled. */
    static Step aqic(Vcpu cpu, io.apvirt.api.arch.Apqn apqn, boolean ir, int isc, long nib) {
        fill(cpu, pqap(FunctionCode.AQIC, apqn));
        cpu.setGr(1, AqicControl.guest(ir, isc).encode());
        cpu.setGr(2, nib);
        return step(cpu, Instruction.PQAP);
    }

    static Step enable(Vcpu cpu, int isc, long nib) {
        return aqic(cpu, CONFIGURED, true, isc, nib);
    }

    static Step disable(Vcpu cpu) {
        return aqic(cpu, CONFIGURED, false, 0, 0);
    }

    static Step pqap(Vcpu cpu, FunctionCode fc, io.apvirt.api.arch.Apqn apqn) {
        fill(cpu, pqap(fc, apqn));
        return step(cpu, Instruction.PQAP);
    }

    static Step tapq(Vcpu cpu) {
        return pqap(cpu, FunctionCode.TAPQ, CONFIGURED);
    }
}

package io.apvirt.engine.internal.userspace;

import io.apvirt.api.arch.ProgramInterruption;
import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.Rule;

import java.util.List;

/**
 * The VMM model: QEMU's {@code handle_b2()} knows no AP instruction, so B2AF, B2AD and B2AE
 * hit {@code default} and get an operation exception, no cc and no register change
 * (docs/architecture.md#4.5 and #11.1; QEMU {@code target/s390x/kvm/kvm.c}).
 */
public final class QemuUserspace {

    public static final Rule UNKNOWN_INSTRUCTION = new Rule("userspace.unknown-instruction",
            "QEMU target/s390x/kvm/kvm.c handle_b2 default; docs/architecture.md#4.5",
            "QEMU does not know AP instructions: operation exception (0x0001), no cc or register change");
    public static final List<Rule> RULES = List.of(UNKNOWN_INSTRUCTION);

    private static final Outcome.ProgramException OPERATION =
            Outcome.program(Level.USERSPACE, UNKNOWN_INSTRUCTION, ProgramInterruption.OPERATION);

    /** The operation exception by the rule that handed it on: made once per rule, not per instruction. */
    private static final io.apvirt.api.outcome.OutcomeCache HANDED_ON = new io.apvirt.api.outcome.OutcomeCache(6);

    private QemuUserspace() {
    }

    public static Outcome handle(Rule via) {
        return HANDED_ON.via(OPERATION, via);
    }
}

package io.apvirt.policy.corrected;

import io.apvirt.engine.testing.PolicyTestKit;

/** The shared {@link PolicyTestKit}, with machines under the corrected policy. */
final class TestMachines extends PolicyTestKit {

    private TestMachines() {
    }

    static Builder machine() {
        return machine("corrected", new CorrectedPolicy());
    }

    /** A corrected machine reached the given way: intercepted (kvm) or interpreted (firmware). */
    static Builder machine(Path path) {
        return machine().on(path);
    }
}

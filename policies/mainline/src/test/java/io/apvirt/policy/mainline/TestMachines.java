package io.apvirt.policy.mainline;

import io.apvirt.engine.testing.PolicyTestKit;

/** The shared {@link PolicyTestKit}, with machines under the mainline policy. */
final class TestMachines extends PolicyTestKit {

    private TestMachines() {
    }

    static Builder machine() {
        return machine("mainline", new MainlinePolicy());
    }
}

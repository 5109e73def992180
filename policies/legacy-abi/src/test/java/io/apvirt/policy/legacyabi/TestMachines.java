package io.apvirt.policy.legacyabi;

import io.apvirt.engine.testing.PolicyTestKit;

/** The shared {@link PolicyTestKit}, with machines under the legacy-abi policy. */
final class TestMachines extends PolicyTestKit {

    private TestMachines() {
    }

    static Builder machine() {
        return machine("legacy-abi", new LegacyAbiPolicy());
    }
}

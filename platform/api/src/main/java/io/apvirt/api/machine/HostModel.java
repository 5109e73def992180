package io.apvirt.api.machine;

/**
 * The host as KVM sees it (docs/architecture.md#11.2).
 *
 * @param apInstructions      HAP: the host has AP instructions ({@code ap_instructions_available()})
 * @param outerInterpretation the level below KVM grants ECA.28 (LPAR: true; under a hypervisor that turned it off: false)
 * @param ic3                 the host sets IC.3: TAPQ with T=1 intercepts
 */
public record HostModel(boolean apInstructions, boolean outerInterpretation, boolean ic3) {
}

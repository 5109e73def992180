package io.apvirt.engine.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;

/**
 * The validated configuration tree under {@code apvirt.*}. Component names map to property
 * names in kebab case ({@code host.apInstructions} is {@code apvirt.host.ap-instructions}).
 * Field constraints are checked by Hibernate Validator; the cross-field rules (known
 * policy and hook ids, policy options, the matrix against APXA) by {@link ValidSettings}.
 */
@ValidSettings
public record ApvirtSettings(
        @NotBlank String policy,
        @NotBlank String hook,
        @NotNull @Valid Host host,
        @NotNull @Valid Guest guest,
        @NotNull @Valid Matrix matrix,
        @NotNull @Valid Bus bus,
        @NotNull Map<String, Map<String, String>> policies) {

    /** Section 11.2: HAP, ECA.28 of the level below, IC.3. */
    public record Host(boolean apInstructions, boolean outerInterpretation, boolean ic3) {
    }

    public record Guest(@NotNull @Valid Facilities facilities, boolean aiv, boolean secureExecution,
                        @Min(value = 4096, message = "must be at least 4KiB")
                        @Max(value = 1L << 40, message = "must be at most 1TiB") long memory) {
    }

    /** QEMU CPU features: ap, apqci (12), apft (15), apqi (65); apxa (CRYCB format 2). */
    public record Facilities(boolean ap, boolean apqci, boolean apft, boolean apqi, boolean apxa) {
    }

    /** The guest's AP matrix: APM (adapters), AQM (usage domains), ADM (control domains). */
    public record Matrix(@NotNull List<@NotNull @Min(0) @Max(255) Integer> adapters,
                         @NotNull List<@NotNull @Min(0) @Max(255) Integer> domains,
                         @NotNull List<@NotNull @Min(0) @Max(255) Integer> controlDomains) {
    }

    /** The simple in-memory AP bus (section 11.5 step 5, 11.7). */
    public record Bus(@Min(0) @Max(1_000_000) int resetTicks,
                      @Min(value = 1, message = "must be between 1 and 15 (the 4-bit QD field of TAPQ)")
                      @Max(value = 15, message = "must be between 1 and 15 (the 4-bit QD field of TAPQ)") int queueDepth) {
    }

    /** A copy with another policy id. */
    public ApvirtSettings withPolicy(String id) {
        return new ApvirtSettings(id, hook, host, guest, matrix, bus, policies);
    }
}

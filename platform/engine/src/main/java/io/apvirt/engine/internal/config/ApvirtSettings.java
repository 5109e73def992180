package io.apvirt.engine.internal.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Map;

/**
 * The validated configuration tree under {@code apvirt.*}, made from the mapping
 * {@link ApvirtConfig} (which defines the names, types and defaults). Component names map to
 * property names in kebab case ({@code host.apInstructions} is {@code apvirt.host.ap-instructions}).
 * Field constraints are checked by Hibernate Validator; the cross-field rules (known
 * policy and hook ids, component options against the options each declares, the matrix against APXA) by {@link ValidSettings}.
 *
 * @param policies   {@code apvirt.policies.<id>.<option>}: policy id to option name to raw text
 * @param hooks      {@code apvirt.hooks.<id>.<option>}: hook id to option name to raw text
 * @param behaviours {@code apvirt.behaviours.<id>.<option>}: device behaviour id to option name to raw text
 * @param seed       all 64 bits of {@code apvirt.seed} (0 to 2^64-1; above 2^63-1 the long is negative)
 */
@ValidSettings
public record ApvirtSettings(
        @NotBlank String policy,
        @NotBlank String hook,
        @NotNull @Valid Host host,
        @NotNull @Valid Guest guest,
        @NotNull @Valid Matrix matrix,
        @NotNull @Valid Bus bus,
        @NotNull List<@NotNull @Valid Device> devices,
        @NotNull Map<String, Map<String, String>> policies,
        @NotNull Map<String, Map<String, String>> hooks,
        @NotNull Map<String, Map<String, String>> behaviours,
        long seed,
        @NotNull @Valid Scripts scripts,
        @NotNull List<java.nio.file.Path> searchPath) {

    /**
     * Section 11.2: HAP, ECA.28 of the level below, IC.3; section 12.1: the queues bound to another
     * driver than vfio_ap (16-bit APQNs) and the adapters not in the host's AP configuration.
     */
    public record Host(boolean apInstructions, boolean outerInterpretation, boolean ic3,
                       @NotNull List<@NotNull Integer> unboundQueues,
                       @NotNull List<@NotNull @Min(0) @Max(255) Integer> unconfiguredAdapters) {

        /** Every queue bound to vfio_ap, every adapter configured. */
        public Host(boolean apInstructions, boolean outerInterpretation, boolean ic3) {
            this(apInstructions, outerInterpretation, ic3, List.of(), List.of());
        }

        public Host {
            unboundQueues = List.copyOf(unboundQueues);
            unconfiguredAdapters = List.copyOf(unconfiguredAdapters);
        }
    }

    public record Guest(@NotNull @Valid Facilities facilities, boolean aiv, boolean secureExecution,
                        @Min(value = 4096, message = "must be at least 4KiB")
                        @Max(value = 1L << 40, message = "must be at most 1TiB") long memory) {
    }

    /** QEMU CPU features: ap, apqci (12), apft (15), apqi (65); apxa (CRYCB format 2). */
    public record Facilities(boolean ap, boolean apqci, boolean apft, boolean apqi, boolean apxa) {
    }

    /**
     * The mediated device's assignment (vfio_ap's {@code matrix_mdev->matrix}): APM (adapters), AQM
     * (usage domains), ADM (control domains); the guest's masks are filtered from it (section 12.1).
     */
    public record Matrix(@NotNull List<@NotNull @Min(0) @Max(255) Integer> adapters,
                         @NotNull List<@NotNull @Min(0) @Max(255) Integer> domains,
                         @NotNull List<@NotNull @Min(0) @Max(255) Integer> controlDomains) {
    }

    /**
     * Defaults of every device (section 11.5 step 5, 11.7); a matrix adapter without a
     * {@code devices} entry is a CEX8 in CCA mode with the {@code echo} behaviour and these.
     */
    public record Bus(@Min(0) @Max(1_000_000) int resetTicks,
                      @Min(value = 1, message = QUEUE_DEPTH_MESSAGE) @Max(value = 15, message = QUEUE_DEPTH_MESSAGE) int queueDepth,
                      @Min(0) @Max(1_000_000) int replyLatency) {
    }

    static final String QUEUE_DEPTH_MESSAGE = "must be between 1 and 15 (the 4-bit QD field of TAPQ)";

    /**
     * One adapter ({@code apvirt.devices[n]}, section 2.4): its queues are the adapter times
     * {@code domains} (empty: the matrix's domains).
     *
     * @param maxMessageLength ML, in 4 KiB units; 0 means 12 KiB
     */
    public record Device(@Min(0) @Max(255) int adapter,
                         @Pattern(regexp = "CEX[4-8]", message = "must be one of CEX4, CEX5, CEX6, CEX7, CEX8") String type,
                         @Pattern(regexp = "accelerator|cca|ep11", message = "must be one of accelerator, cca, ep11") String mode,
                         @Min(value = 1, message = QUEUE_DEPTH_MESSAGE) @Max(value = 15, message = QUEUE_DEPTH_MESSAGE) int queueDepth,
                         @Min(value = 0, message = ML_MESSAGE) @Max(value = 15, message = ML_MESSAGE) int maxMessageLength,
                         @NotNull List<@NotNull @Min(0) @Max(255) Integer> domains,
                         @Min(0) @Max(1_000_000) int replyLatency,
                         @Min(0) @Max(1_000_000) int resetTicks,
                         @NotBlank String behaviour,
                         @NotNull @Valid Faults faults) {
    }

    static final String ML_MESSAGE = "must be between 0 and 15 (ML, in 4KiB units; 0 means 12KiB)";

    /**
     * Faults layered on a device's behaviour.
     *
     * @param deconfigureAt -1: never
     */
    public record Faults(@Min(0) long busyEvery, @Min(0) long checkstopAfter,
                         @Min(value = -1, message = "must be a tick (0 or more), or never") long deconfigureAt,
                         boolean dropInterrupts) {
        public static final Faults NONE = new Faults(0, 0, -1, false);
    }

    /**
     * {@code apvirt.scripts.*}: the bounds of every script call.
     *
     * @param timeout wall-clock deadline of one call, in ms
     */
    public record Scripts(@Min(value = 1, message = TIMEOUT_MESSAGE) @Max(value = 600_000, message = TIMEOUT_MESSAGE) long timeout,
                          @Min(value = 1, message = "must be at least 1") long statementLimit,
                          @Pattern(regexp = "checkstop|busy|fail", message = "must be one of checkstop, busy, fail") String onFailure,
                          boolean watch) {
    }

    static final String TIMEOUT_MESSAGE = "must be between 1ms and 10min (a number of ms, or with ms, s or min)";

    /** A copy with another policy id. */
    public ApvirtSettings withPolicy(String id) {
        return new ApvirtSettings(id, hook, host, guest, matrix, bus, devices, policies, hooks, behaviours, seed, scripts, searchPath);
    }
}

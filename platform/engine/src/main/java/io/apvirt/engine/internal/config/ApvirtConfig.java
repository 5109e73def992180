package io.apvirt.engine.internal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of the configuration tree {@code apvirt.*}, bound by SmallRye Config
 * (docs/design.md#configuration): the property names (the method names in kebab case), their
 * types (each read by a converter of {@link ConfigConverters}) and the defaults of device
 * fields. The defaults of everything else are in {@code apvirt-defaults.yaml}. The list of
 * known names ({@link ConfigKeys}), the "did you mean" candidates and the README's
 * configuration reference follow from this interface ({@link ConfigSchema}).
 *
 * <p>Plain {@code String}, {@code int}, {@code long} and {@code boolean} values are read by the
 * converters the builder registers ({@link ConfigConverters#BY_TYPE}): whole numbers in decimal
 * or {@code 0x} hex everywhere, booleans {@code true} or {@code false}.
 */
@ConfigMapping(prefix = "apvirt")
public interface ApvirtConfig {

    /** The intercept policy id. */
    String policy();

    /** The PQAP(AQIC) hook: {@code none}, a hook id or {@code id:FILE}. */
    String hook();

    Host host();

    Guest guest();

    Matrix matrix();

    Bus bus();

    /** {@code apvirt.devices[n].*}, numbered from 0 without gaps. */
    List<Device> devices();

    /** {@code apvirt.policies.<id>.<option>}: raw option text by policy id. */
    Map<String, Map<String, String>> policies();

    /** {@code apvirt.hooks.<id>.<option>}: raw option text by hook id. */
    Map<String, Map<String, String>> hooks();

    /** {@code apvirt.behaviours.<id>.<option>}: raw option text by device behaviour id. */
    Map<String, Map<String, String>> behaviours();

    /** 64 bits: 0 to 2^64-1, decimal or 0x hex. */
    @WithConverter(ConfigConverters.Seed.class)
    long seed();

    Scripts scripts();

    /** Section 11.2: HAP, ECA.28 of the level below, IC.3; section 12.1: the host's AP configuration and driver binding. */
    interface Host {
        boolean apInstructions();

        boolean outerInterpretation();

        boolean ic3();

        /** APQNs ({@code 03.0005}) whose queue device is bound to another driver than vfio_ap. */
        @WithConverter(ConfigConverters.Apqns.class)
        NumberList unboundQueues();

        /** Adapters not in the host's AP configuration. */
        @WithConverter(ConfigConverters.Numbers.class)
        NumberList unconfiguredAdapters();
    }

    interface Guest {
        Facilities facilities();

        boolean aiv();

        boolean secureExecution();

        @WithConverter(ConfigConverters.Size.class)
        long memory();
    }

    /** QEMU CPU features: ap, apqci (12), apft (15), apqi (65); apxa (CRYCB format 2). */
    interface Facilities {
        boolean ap();

        boolean apqci();

        boolean apft();

        boolean apqi();

        boolean apxa();
    }

    /** The mediated device's assignment: APM, AQM, ADM (the guest's masks are filtered from it, section 12.1). */
    interface Matrix {
        @WithConverter(ConfigConverters.Numbers.class)
        NumberList adapters();

        @WithConverter(ConfigConverters.Numbers.class)
        NumberList domains();

        @WithConverter(ConfigConverters.Numbers.class)
        NumberList controlDomains();
    }

    /** The defaults of every device (section 11.5 step 5, 11.7). */
    interface Bus {
        int resetTicks();

        int queueDepth();

        int replyLatency();
    }

    /** One adapter (section 2.4); an absent field takes the {@code bus.*} default or the one given here. */
    interface Device {
        @WhenMissing("each device needs its adapter number (0-255)")
        int adapter();

        @WithDefault("CEX8")
        @WithConverter(ConfigConverters.UpperCase.class)
        String type();

        @WithDefault("cca")
        @WithConverter(ConfigConverters.LowerCase.class)
        String mode();

        /** Absent: {@code bus.queue-depth}. */
        Optional<Integer> queueDepth();

        @WithDefault("0")
        int maxMessageLength();

        /** Absent: the matrix's domains. */
        @WithConverter(ConfigConverters.Numbers.class)
        Optional<NumberList> domains();

        /** Absent: {@code bus.reply-latency}. */
        Optional<Integer> replyLatency();

        /** Absent: {@code bus.reset-ticks}. */
        Optional<Integer> resetTicks();

        @WithDefault("echo")
        String behaviour();

        Faults faults();
    }

    /** Faults layered on a device's behaviour; the defaults are "none". */
    interface Faults {
        @WithDefault("0")
        long busyEvery();

        @WithDefault("0")
        long checkstopAfter();

        /** A tick, or {@code never} (-1). */
        @WithDefault("never")
        @WithConverter(ConfigConverters.TickOrNever.class)
        long deconfigureAt();

        @WithDefault("false")
        boolean dropInterrupts();
    }

    /** The bounds of every script call. */
    interface Scripts {
        /** In ms: a number of ms, or with ms, s or min. */
        @WithConverter(ConfigConverters.Millis.class)
        long timeout();

        long statementLimit();

        String onFailure();

        boolean watch();
    }

    /** A list of whole numbers: a YAML list, {@code 3,4} or {@code [3,4]}; empty is allowed. */
    record NumberList(List<Integer> values) {
        public NumberList {
            values = List.copyOf(values);
        }
    }
}

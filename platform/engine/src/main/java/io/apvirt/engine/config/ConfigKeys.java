package io.apvirt.engine.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The property names of the public configuration interface (README, "Configuration reference"). */
public final class ConfigKeys {
    public static final String PREFIX = "apvirt.";
    public static final String POLICY = "apvirt.policy";
    public static final String HOOK = "apvirt.hook";
    public static final String HOST_AP_INSTRUCTIONS = "apvirt.host.ap-instructions";
    public static final String HOST_OUTER_INTERPRETATION = "apvirt.host.outer-interpretation";
    public static final String HOST_IC3 = "apvirt.host.ic3";
    public static final String FACILITY_PREFIX = "apvirt.guest.facilities.";
    public static final List<String> FACILITIES = List.of("ap", "apqci", "apft", "apqi", "apxa");
    public static final String GUEST_AIV = "apvirt.guest.aiv";
    public static final String GUEST_SECURE_EXECUTION = "apvirt.guest.secure-execution";
    public static final String GUEST_MEMORY = "apvirt.guest.memory";
    public static final String MATRIX_ADAPTERS = "apvirt.matrix.adapters";
    public static final String MATRIX_DOMAINS = "apvirt.matrix.domains";
    public static final String MATRIX_CONTROL_DOMAINS = "apvirt.matrix.control-domains";
    public static final String BUS_RESET_TICKS = "apvirt.bus.reset-ticks";
    public static final String BUS_QUEUE_DEPTH = "apvirt.bus.queue-depth";
    public static final String BUS_REPLY_LATENCY = "apvirt.bus.reply-latency";
    public static final String POLICIES_PREFIX = "apvirt.policies.";
    public static final String HOOKS_PREFIX = "apvirt.hooks.";
    public static final String BEHAVIOURS_PREFIX = "apvirt.behaviours.";
    public static final String DEVICES = "apvirt.devices";
    public static final String SEED = "apvirt.seed";
    public static final String SCRIPTS_TIMEOUT = "apvirt.scripts.timeout";
    public static final String SCRIPTS_STATEMENT_LIMIT = "apvirt.scripts.statement-limit";
    public static final String SCRIPTS_ON_FAILURE = "apvirt.scripts.on-failure";
    public static final String SCRIPTS_WATCH = "apvirt.scripts.watch";

    /** The fields of one {@code apvirt.devices[n]} entry; {@code domains} is a list. */
    public static final List<String> DEVICE_FIELDS = List.of("adapter", "type", "mode", "queue-depth",
            "max-message-length", "domains", "reply-latency", "reset-ticks", "behaviour", "faults.busy-every",
            "faults.checkstop-after", "faults.deconfigure-at", "faults.drop-interrupts");

    /** {@code apvirt.devices[<n>].<field>}, the field possibly indexed ({@code domains[0]}). */
    public static final Pattern DEVICE_PROPERTY = Pattern.compile("apvirt\\.devices\\[(\\d+)]\\.([a-z.-]+)(\\[\\d+])?");

    /** {@code apvirt.hooks.<hook>.<option>}. */
    public static final Pattern HOOK_OPTION = Pattern.compile("apvirt\\.hooks\\.([a-z0-9-]+)\\.([a-z0-9-]+)");

    /** {@code apvirt.behaviours.<behaviour>.<option>}. */
    public static final Pattern BEHAVIOUR_OPTION = Pattern.compile("apvirt\\.behaviours\\.([a-z0-9-]+)\\.([a-z0-9-]+)");

    /** Before typed options for every component: {@code apvirt.plugins.<hook>.<option>}, now {@code apvirt.hooks.}. */
    public static final Pattern OLD_PLUGIN_OPTION = Pattern.compile("apvirt\\.plugins\\.([a-z0-9-]+)\\.([a-z0-9-]+)");

    /** {@code apvirt.policies.<policy>.<option>}. */
    public static final Pattern POLICY_OPTION = Pattern.compile("apvirt\\.policies\\.([a-z0-9-]+)\\.([a-z0-9-]+)");

    public static final Set<String> SCALARS = Set.of(POLICY, HOOK, HOST_AP_INSTRUCTIONS, HOST_OUTER_INTERPRETATION,
            HOST_IC3, FACILITY_PREFIX + "ap", FACILITY_PREFIX + "apqci", FACILITY_PREFIX + "apft",
            FACILITY_PREFIX + "apqi", FACILITY_PREFIX + "apxa", GUEST_AIV, GUEST_SECURE_EXECUTION, GUEST_MEMORY,
            BUS_RESET_TICKS, BUS_QUEUE_DEPTH, BUS_REPLY_LATENCY, SEED, SCRIPTS_TIMEOUT, SCRIPTS_STATEMENT_LIMIT,
            SCRIPTS_ON_FAILURE, SCRIPTS_WATCH);
    public static final Set<String> LISTS = Set.of(MATRIX_ADAPTERS, MATRIX_DOMAINS, MATRIX_CONTROL_DOMAINS);

    private static final Pattern INDEXED = Pattern.compile("(.*)\\[\\d+]");

    private ConfigKeys() {
    }

    /** Whether a property name (possibly indexed, {@code apvirt.matrix.adapters[0]}) belongs to the interface. */
    public static boolean isKnown(String name) {
        var m = INDEXED.matcher(name);
        String base = m.matches() ? m.group(1) : name;
        if (SCALARS.contains(base) || LISTS.contains(base) || DEVICES.equals(name) || POLICY_OPTION.matcher(base).matches()
                || HOOK_OPTION.matcher(base).matches() || BEHAVIOUR_OPTION.matcher(base).matches()) {
            return true;
        }
        var device = DEVICE_PROPERTY.matcher(name);
        return device.matches() && DEVICE_FIELDS.contains(device.group(2))
                && (device.group(3) == null || device.group(2).equals("domains"));
    }

    /** {@code apvirt.devices[n].field}. */
    public static String device(int index, String field) {
        return DEVICES + "[" + index + "]." + field;
    }

    /** Every known name, for "did you mean" and the README. */
    public static List<String> all() {
        return java.util.stream.Stream.concat(SCALARS.stream(), LISTS.stream()).sorted().toList();
    }
}

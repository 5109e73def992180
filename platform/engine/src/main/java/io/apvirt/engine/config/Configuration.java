package io.apvirt.engine.config;

import io.apvirt.api.plugin.ComponentKind;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration layers with SmallRye Config, binds them to {@link ApvirtSettings}
 * and validates the result with Hibernate Validator. Every problem is collected; nothing
 * is used until all of them are gone.
 */
public final class Configuration {

    static final int ORDINAL_DEFAULTS = 100;
    static final int ORDINAL_FILE = 250;
    static final int ORDINAL_SCENARIO = 270;
    static final int ORDINAL_ENV = 300;
    static final int ORDINAL_SYSPROPS = 400;
    static final int ORDINAL_SET = 500;
    static final String DEFAULTS_RESOURCE = "apvirt-defaults.yaml";
    static final String DEFAULTS_NAME = "built-in defaults";
    private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");

    private static volatile Validator validatorWithoutPayload;

    private final SmallRyeConfig config;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, String> rawValues = new TreeMap<>();
    private final Map<String, String> sourceNames = new TreeMap<>();
    private List<java.nio.file.Path> searchPath = List.of();

    private Configuration(SmallRyeConfig config) {
        this.config = config;
    }

    /**
     * Resolves and validates.
     *
     * @throws InvalidConfigurationException with every problem found
     */
    public static ApvirtSettings resolve(ConfigLayers layers, ComponentCatalog catalog) {
        List<ConfigProblem> problems = new ArrayList<>();
        SmallRyeConfig config = build(layers, problems);
        Configuration reader = new Configuration(config);
        reader.searchPath = ComponentRef.searchPath(layers.configFile(),
                layers.scenarioName() == null ? null : java.nio.file.Path.of(layers.scenarioName()), System.getenv("APVIRT_HOME"));
        reader.problems.addAll(problems);
        reader.checkNames(catalog);
        ApvirtSettings settings = reader.bind(catalog);
        reader.validate(settings, catalog);
        if (!reader.problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(new TreeSet<>(reader.problems));
            throw new InvalidConfigurationException(sorted);
        }
        return settings;
    }

    /**
     * Where the value of {@code property} comes from in {@code layers}, named as a configuration
     * problem names it ({@code cfg.yaml}, {@code --set}, {@code scenario s.yaml}); {@code null}
     * when no layer sets it.
     */
    public static String sourceOf(ConfigLayers layers, String property) {
        ConfigValue v = build(layers, new ArrayList<>()).getConfigValue(property);
        return v.getValue() == null ? null : label(v.getSourceName());
    }

    private static SmallRyeConfig build(ConfigLayers layers, List<ConfigProblem> problems) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder();
        try (InputStream in = Configuration.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the engine jar");
            }
            builder.withSources(new YamlConfigSource(DEFAULTS_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8), ORDINAL_DEFAULTS));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        if (layers.configFile() != null) {
            String name = layers.configFile().toString();
            try {
                String text = Files.readString(layers.configFile(), StandardCharsets.UTF_8);
                builder.withSources(new YamlConfigSource(name, text, ORDINAL_FILE));
            } catch (IOException e) {
                problems.add(new ConfigProblem("--config", name, null, "cannot read the file (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give an existing YAML file"));
            } catch (RuntimeException e) {
                problems.add(new ConfigProblem("--config", name, null, "is not valid YAML: " + yamlMessage(e)));
            }
        }
        if (!layers.scenario().isEmpty()) {
            builder.withSources(new PropertiesConfigSource(layers.scenario(), "scenario " + layers.scenarioName(), ORDINAL_SCENARIO));
        }
        builder.withSources(new EnvConfigSource(layers.environment(), ORDINAL_ENV));
        builder.withSources(new PropertiesConfigSource(layers.systemProperties(), "system property", ORDINAL_SYSPROPS));
        builder.withSources(new PropertiesConfigSource(layers.sets(), "--set", ORDINAL_SET));
        return builder.build();
    }

    private static String yamlMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).replaceAll("\\s+", " ").trim();
    }

    // ---- names -----------------------------------------------------------------------------

    /** Every name a user wrote (file, scenario, -D, --set) must be a known property. */
    private void checkNames(ComponentCatalog catalog) {
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof EnvConfigSource || DEFAULTS_NAME.equals(label(source.getName()))) {
                continue;
            }
            for (String name : new TreeSet<>(source.getPropertyNames())) {
                if (!name.startsWith(ConfigKeys.PREFIX) && !(source.getOrdinal() == ORDINAL_FILE)) {
                    continue;
                }
                if (!ConfigKeys.isKnown(name)) {
                    String hint = nearest(name);
                    problems.add(new ConfigProblem(name, source.getValue(name), label(source.getName()),
                            "is not a configuration property" + (hint == null ? "; see the README's configuration reference"
                                    : "; did you mean " + hint + "?")));
                }
            }
        }
    }

    private static String nearest(String name) {
        Matcher old = ConfigKeys.OLD_PLUGIN_OPTION.matcher(name);
        if (old.matches()) {
            return ConfigKeys.HOOKS_PREFIX + old.group(1) + "." + old.group(2);
        }
        Matcher device = Pattern.compile("(apvirt\\.devices\\[\\d+]\\.)([a-z.-]+).*").matcher(name);
        if (device.matches()) {
            String field = device.group(2);
            return DidYouMean.nearest(field, ConfigKeys.DEVICE_FIELDS).map(k -> device.group(1) + k).orElse(null);
        }
        String base = name.replaceAll("\\[\\d+]$", "");
        return DidYouMean.nearest(base, ConfigKeys.all()).orElse(null);
    }

    // ---- binding ---------------------------------------------------------------------------

    private ApvirtSettings bind(ComponentCatalog catalog) {
        var host = new ApvirtSettings.Host(bool(ConfigKeys.HOST_AP_INSTRUCTIONS), bool(ConfigKeys.HOST_OUTER_INTERPRETATION),
                bool(ConfigKeys.HOST_IC3));
        var facilities = new ApvirtSettings.Facilities(bool(ConfigKeys.FACILITY_PREFIX + "ap"),
                bool(ConfigKeys.FACILITY_PREFIX + "apqci"), bool(ConfigKeys.FACILITY_PREFIX + "apft"),
                bool(ConfigKeys.FACILITY_PREFIX + "apqi"), bool(ConfigKeys.FACILITY_PREFIX + "apxa"));
        var guest = new ApvirtSettings.Guest(facilities, bool(ConfigKeys.GUEST_AIV), bool(ConfigKeys.GUEST_SECURE_EXECUTION),
                size(ConfigKeys.GUEST_MEMORY));
        var matrix = new ApvirtSettings.Matrix(ints(ConfigKeys.MATRIX_ADAPTERS), ints(ConfigKeys.MATRIX_DOMAINS),
                ints(ConfigKeys.MATRIX_CONTROL_DOMAINS));
        var bus = new ApvirtSettings.Bus(integer(ConfigKeys.BUS_RESET_TICKS), integer(ConfigKeys.BUS_QUEUE_DEPTH),
                integer(ConfigKeys.BUS_REPLY_LATENCY));
        var scripts = new ApvirtSettings.Scripts(millis(ConfigKeys.SCRIPTS_TIMEOUT), longOr(ConfigKeys.SCRIPTS_STATEMENT_LIMIT, 0),
                stringOr(ConfigKeys.SCRIPTS_ON_FAILURE, ""), bool(ConfigKeys.SCRIPTS_WATCH));
        return new ApvirtSettings(string(ConfigKeys.POLICY), string(ConfigKeys.HOOK), host, guest, matrix, bus,
                devices(bus), options(ConfigKeys.POLICY_OPTION, ConfigKeys.POLICIES_PREFIX, optionNames(catalog, ComponentKind.POLICY)),
                options(ConfigKeys.HOOK_OPTION, ConfigKeys.HOOKS_PREFIX, optionNames(catalog, ComponentKind.HOOK)),
                options(ConfigKeys.BEHAVIOUR_OPTION, ConfigKeys.BEHAVIOURS_PREFIX, optionNames(catalog, ComponentKind.BEHAVIOUR)),
                longOr(ConfigKeys.SEED, 0), scripts, searchPath);
    }

    /** A duration in ms: {@code 100}, {@code 100ms}, {@code 2s}, {@code 1min}. */
    private long millis(String name) {
        String v = value(name).getValue();
        if (v == null) {
            problem(name, "is missing");
            return 1;
        }
        java.util.regex.Matcher m = Pattern.compile("\\s*(\\d+)\\s*(ms|s|min)?\\s*").matcher(v);
        if (!m.matches()) {
            problem(name, "must be a duration: a number of ms, or with ms, s or min (100ms, 2s)");
            return 1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> n * 1000;
            case "min" -> n * 60_000;
            default -> n;
        };
    }

    /** Component id to the names of its options, for one kind. */
    private static Map<String, List<String>> optionNames(ComponentCatalog catalog, ComponentKind kind) {
        Map<String, List<String>> out = new TreeMap<>();
        if (catalog != null) {
            catalog.of(kind).forEach((id, e) -> out.put(id, e.optionNames()));
        }
        return out;
    }

    // ---- devices ---------------------------------------------------------------------------

    /** {@code apvirt.devices[n].*}, numbered from 0 without gaps; absent fields take the bus defaults. */
    private List<ApvirtSettings.Device> devices(ApvirtSettings.Bus bus) {
        Set<Integer> indexes = new TreeSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            for (String prop : source.getPropertyNames()) {
                Matcher m = ConfigKeys.DEVICE_PROPERTY.matcher(prop);
                if (m.matches()) {
                    indexes.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        List<ApvirtSettings.Device> out = new ArrayList<>();
        int expected = 0;
        for (int i : indexes) {
            if (i != expected) {
                problems.add(new ConfigProblem(ConfigKeys.DEVICES + "[" + expected + "]", null, null,
                        "is missing: number the devices 0, 1, 2 ... without gaps (found devices[" + i + "])"));
                break;
            }
            expected++;
            String adapterKey = ConfigKeys.device(i, "adapter");
            int adapter;
            if (value(adapterKey).getValue() == null) {
                problems.add(new ConfigProblem(adapterKey, null, null, "is missing: each device needs its adapter number (0-255)"));
                adapter = 0;
            } else {
                adapter = (int) longOr(adapterKey, 0);
            }
            var faults = new ApvirtSettings.Faults(longOr(ConfigKeys.device(i, "faults.busy-every"), 0),
                    longOr(ConfigKeys.device(i, "faults.checkstop-after"), 0), tickOrNever(ConfigKeys.device(i, "faults.deconfigure-at")),
                    boolOr(ConfigKeys.device(i, "faults.drop-interrupts"), false));
            out.add(new ApvirtSettings.Device(adapter, stringOr(ConfigKeys.device(i, "type"), "CEX8").toUpperCase(Locale.ROOT),
                    stringOr(ConfigKeys.device(i, "mode"), "cca").toLowerCase(Locale.ROOT),
                    (int) longOr(ConfigKeys.device(i, "queue-depth"), bus.queueDepth()),
                    (int) longOr(ConfigKeys.device(i, "max-message-length"), 0), ints(ConfigKeys.device(i, "domains")),
                    (int) longOr(ConfigKeys.device(i, "reply-latency"), bus.replyLatency()),
                    (int) longOr(ConfigKeys.device(i, "reset-ticks"), bus.resetTicks()),
                    stringOr(ConfigKeys.device(i, "behaviour"), "echo"), faults));
        }
        return out;
    }

    private String stringOr(String name, String fallback) {
        String v = value(name).getValue();
        return v == null ? fallback : v.trim();
    }

    private long longOr(String name, long fallback) {
        String v = value(name).getValue();
        if (v == null) {
            return fallback;
        }
        try {
            long n = io.apvirt.api.arch.Hex.parseUnsigned(v.trim());
            return Math.min(n, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            problem(name, "must be a whole number (decimal or 0x hex)");
            return fallback;
        }
    }

    private long tickOrNever(String name) {
        String v = value(name).getValue();
        if (v == null || v.trim().equalsIgnoreCase("never")) {
            return -1;
        }
        return longOr(name, -1);
    }

    private boolean boolOr(String name, boolean fallback) {
        return value(name).getValue() == null ? fallback : bool(name);
    }

    private ConfigValue value(String name) {
        ConfigValue v = config.getConfigValue(name);
        if (v.getValue() != null) {
            rawValues.put(name, v.getValue());
            sourceNames.put(name, label(v.getSourceName()));
        }
        return v;
    }

    private static final Pattern WRAPPED_SOURCE = Pattern.compile(".*\\[source=(.*)]");

    /** SmallRye names sources {@code PropertiesConfigSource[source=--set]}: keep what the user knows. */
    static String label(String sourceName) {
        if (sourceName == null) {
            return null;
        }
        Matcher m = WRAPPED_SOURCE.matcher(sourceName);
        String label = m.matches() ? m.group(1) : sourceName;
        return label.startsWith("EnvConfigSource") ? "environment" : label;
    }

    private String string(String name) {
        String v = value(name).getValue();
        return v == null ? "" : v.trim();
    }

    private boolean bool(String name) {
        String v = value(name).getValue();
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(name, "must be true or false");
                yield false;
            }
        };
    }

    private int integer(String name) {
        String v = value(name).getValue();
        if (v == null) {
            problem(name, "is missing");
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            problem(name, "must be a whole number");
            return 0;
        }
    }

    private long size(String name) {
        String v = value(name).getValue();
        if (v == null) {
            problem(name, "is missing");
            return 0;
        }
        try {
            return ByteSize.parse(v);
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return 1L << 26;
        }
    }

    /** A list: the highest-precedence source that has it wins, as a YAML list or as {@code 3,4}. */
    private List<Integer> ints(String name) {
        for (ConfigSource source : config.getConfigSources()) {
            Map<Integer, String> indexed = new TreeMap<>();
            for (String prop : source.getPropertyNames()) {
                Matcher m = INDEXED.matcher(prop);
                if (m.matches() && m.group(1).equals(name)) {
                    indexed.put(Integer.parseInt(m.group(2)), source.getValue(prop));
                }
            }
            List<String> items;
            if (!indexed.isEmpty()) {
                items = new ArrayList<>(indexed.values());
            } else {
                String plain = source.getValue(name);
                if (plain == null) {
                    continue;
                }
                String trimmed = plain.trim();
                if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                    trimmed = trimmed.substring(1, trimmed.length() - 1);
                }
                items = trimmed.isEmpty() ? List.of() : Arrays.stream(trimmed.split(",")).map(String::trim).toList();
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                String path = name + "[" + i + "]";
                rawValues.put(path, item);
                sourceNames.put(path, label(source.getName()));
                try {
                    long v = io.apvirt.api.arch.Hex.parseUnsigned(item);
                    out.add(v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v);
                } catch (NumberFormatException e) {
                    problem(path, "must be a number (decimal or 0x hex)");
                }
            }
            rawValues.put(name, String.join(",", items));
            sourceNames.put(name, label(source.getName()));
            return out;
        }
        return List.of();
    }

    /** {@code <prefix><component>.<option>} for every name written and every option a component declares. */
    private Map<String, Map<String, String>> options(Pattern pattern, String prefix, Map<String, List<String>> declared) {
        Set<String> names = new TreeSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            for (String prop : source.getPropertyNames()) {
                if (pattern.matcher(prop).matches()) {
                    names.add(prop);
                }
            }
        }
        declared.forEach((id, options) -> options.forEach(o -> names.add(prefix + id + "." + o)));
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String name : names) {
            Matcher m = pattern.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String v = value(name).getValue();
            if (v != null) {
                out.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), v.trim());
            }
        }
        return out;
    }

    private void problem(String name, String message) {
        problems.add(new ConfigProblem(name, rawValues.get(name), sourceNames.get(name), message));
    }

    // ---- validation ------------------------------------------------------------------------

    private void validate(ApvirtSettings settings, ComponentCatalog catalog) {
        for (ConstraintViolation<ApvirtSettings> v : validator(catalog).validate(settings)) {
            String name = propertyName(v.getPropertyPath());
            String raw = rawValues.get(name);
            if (raw == null && !(v.getConstraintDescriptor().getAnnotation() instanceof ValidSettings)) {
                raw = String.valueOf(v.getInvalidValue());
            }
            problems.add(new ConfigProblem(name, raw, sourceNames.get(name), v.getMessage()));
        }
    }

    private static Validator validator(ComponentCatalog catalog) {
        if (catalog == null) {
            Validator v = validatorWithoutPayload;
            if (v == null) {
                v = factory().getValidator();
                validatorWithoutPayload = v;
            }
            return v;
        }
        return factory().unwrap(HibernateValidatorFactory.class).usingContext()
                .constraintValidatorPayload(catalog).getValidator();
    }

    private static volatile jakarta.validation.ValidatorFactory factory;

    private static jakarta.validation.ValidatorFactory factory() {
        var f = factory;
        if (f == null) {
            synchronized (Configuration.class) {
                f = factory;
                if (f == null) {
                    f = Validation.byProvider(HibernateValidator.class).configure()
                            .messageInterpolator(new ParameterMessageInterpolator())
                            .buildValidatorFactory();
                    factory = f;
                }
            }
        }
        return f;
    }

    /**
     * {@code matrix.controlDomains[2].<list element>} to {@code apvirt.matrix.control-domains[2]},
     * {@code devices[1].queueDepth} to {@code apvirt.devices[1].queue-depth}. A node's index
     * belongs to the container it is in, which is the node before it.
     */
    static String propertyName(Path path) {
        StringBuilder b = new StringBuilder("apvirt");
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                b.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT || name == null) {
                continue;
            }
            b.append('.').append(kebab(name));
        }
        return b.toString();
    }

    static String kebab(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

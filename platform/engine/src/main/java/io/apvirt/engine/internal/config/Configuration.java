package io.apvirt.engine.internal.config;

import io.apvirt.api.plugin.ComponentKind;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValue;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration layers with SmallRye Config, binds them to the mapping
 * {@link ApvirtConfig}, makes the {@link ApvirtSettings} of it and validates those with
 * Hibernate Validator (docs/design.md#configuration). Every problem is collected; nothing is
 * used until all of them are gone.
 *
 * <p>Before the binding, {@link Check} reads every property of the schema where a layer sets
 * it: the name must be known, the value must convert, a required value must be there. It keeps
 * each value's text and source for the messages, and puts a placeholder in place of each
 * refused value, so that the binding succeeds and the constraints can report the rest at once.
 * SmallRye's own messages never reach the user.
 */
public final class Configuration {

    static final int ORDINAL_DEFAULTS = 100;
    static final int ORDINAL_FILE = 250;
    static final int ORDINAL_SCENARIO = 270;
    static final int ORDINAL_ENV = 300;
    static final int ORDINAL_SYSPROPS = 400;
    static final int ORDINAL_SET = 500;
    static final int ORDINAL_OPTIONS = 600;
    static final int ORDINAL_PLACEHOLDERS = Integer.MAX_VALUE;
    static final String DEFAULTS_RESOURCE = "apvirt-defaults.yaml";
    static final String DEFAULTS_NAME = "built-in defaults";
    static final String ENVIRONMENT = "environment";

    private static volatile Validator validatorWithoutPayload;
    private static volatile String defaultsText;

    private Configuration() {
    }

    /**
     * Resolves and validates.
     *
     * @throws InvalidConfigurationException with every problem found
     */
    public static ApvirtSettings resolve(ConfigLayers layers, ComponentCatalog catalog) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<ConfigSource> sources = sources(layers, catalog, problems);
        Check check = new Check(builder(sources).build(), problems);
        check.names();
        check.values();
        List<java.nio.file.Path> searchPath = ComponentRef.searchPath(layers.configFile(),
                layers.scenarioName() == null ? null : java.nio.file.Path.of(layers.scenarioName()), System.getenv("APVIRT_HOME"));
        ApvirtConfig mapping = check.bindable ? bind(sources, check.placeholders, problems) : null;
        ApvirtSettings settings = mapping == null ? null : settings(mapping, check.deviceCount, searchPath);
        if (settings != null) {
            validate(settings, catalog, check, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(new ArrayList<>(new TreeSet<>(problems)));
        }
        return settings;
    }

    /**
     * Where the value of {@code property} comes from in {@code layers}, named as a configuration
     * problem names it ({@code cfg.yaml}, {@code --set}, {@code scenario s.yaml}); {@code null}
     * when no layer sets it.
     */
    public static String sourceOf(ConfigLayers layers, String property) {
        ConfigValue v = builder(sources(layers, null, new ArrayList<>())).build().getConfigValue(property);
        return v.getValue() == null ? null : label(v.getSourceName());
    }

    // ---- sources ---------------------------------------------------------------------------

    private static List<ConfigSource> sources(ConfigLayers layers, ComponentCatalog catalog, List<ConfigProblem> problems) {
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(new YamlConfigSource(DEFAULTS_NAME, defaults(), ORDINAL_DEFAULTS));
        if (layers.configFile() != null) {
            String name = layers.configFile().toString();
            try {
                String text = Files.readString(layers.configFile(), StandardCharsets.UTF_8);
                ConfigProblem notAMapping = notAMapping(name, text);
                if (notAMapping != null) {
                    problems.add(notAMapping);
                } else {
                    sources.add(new YamlConfigSource(name, text, ORDINAL_FILE));
                }
            } catch (java.nio.charset.MalformedInputException e) {
                // found by ConfigurationJazzerFuzzTest: was "cannot read the file (MalformedInputException ...)"
                problems.add(new ConfigProblem(name, null, null, "is not UTF-8 text (it has a byte sequence that is not UTF-8); "
                        + "save it as UTF-8"));
            } catch (IOException e) {
                problems.add(new ConfigProblem("--config", name, null, "cannot read the file (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give an existing YAML file"));
            } catch (RuntimeException e) {
                problems.add(yamlProblem(name, e));
            }
        }
        if (!layers.scenario().isEmpty()) {
            sources.add(new PropertiesConfigSource(layers.scenario(), "scenario " + layers.scenarioName(), ORDINAL_SCENARIO));
        }
        sources.add(new PropertiesConfigSource(environment(layers.environment(), catalog), ENVIRONMENT, ORDINAL_ENV));
        sources.add(new PropertiesConfigSource(layers.systemProperties(), "system property", ORDINAL_SYSPROPS));
        sources.add(new PropertiesConfigSource(layers.sets(), layers.setsSource(), ORDINAL_SET));
        int ordinal = ORDINAL_OPTIONS;
        for (Map.Entry<String, Map.Entry<String, String>> option : layers.options().entrySet()) {
            Map.Entry<String, String> value = option.getValue();
            sources.add(new PropertiesConfigSource(Map.of(value.getKey(), value.getValue()), option.getKey(), ordinal++));
        }
        return sources;
    }

    /**
     * The {@code APVIRT_*} variables by their property names: {@code APVIRT_GUEST_MEMORY} is
     * {@code apvirt.guest.memory} (every character that is not a letter or digit an underscore).
     * They reach the properties with fixed names and the options the installed components
     * declare ({@code APVIRT_HOOKS_VFIO_AP_MAX_ISC}); device entries are not read from the
     * environment (an index and a dash both become underscores). Other variables are not
     * configuration ({@code APVIRT_HOME}).
     */
    static Map<String, String> environment(Map<String, String> env, ComponentCatalog catalog) {
        Set<String> names = new TreeSet<>();
        ConfigSchema.get().leaves().stream().filter(l -> !l.isDeviceField()).forEach(l -> names.add(l.name()));
        if (catalog != null) {
            for (ComponentKind kind : ComponentKind.values()) {
                catalog.of(kind).forEach((id, e) -> e.optionNames().forEach(o -> names.add(kind.optionPrefix() + id + "." + o)));
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : names) {
            String value = env.get(name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static String defaults() {
        String text = defaultsText;
        if (text == null) {
            try (InputStream in = Configuration.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the engine jar");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                defaultsText = text;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
            }
        }
        return text;
    }

    /**
     * A document of the file that is not a mapping (SmallRye would skip it without a word) or that expands too far
     * through its aliases ({@link YamlExpansion}: SmallRye would hang expanding it), or {@code null}.
     */
    private static ConfigProblem notAMapping(String file, String text) {
        for (Node document : new Yaml(new SafeConstructor(new LoaderOptions())).composeAll(new StringReader(text))) {
            if (document != null && !(document instanceof MappingNode)) {
                return new ConfigProblem(file + ":" + place(document.getStartMark()), null, null,
                        "is not a YAML mapping: write the properties under apvirt:, for example apvirt: {policy: mainline}");
            }
            YamlExpansion.Refusal refusal = document == null ? null : YamlExpansion.check(document);
            if (refusal != null) {
                return new ConfigProblem(file + ":" + place(refusal.node().getStartMark()), null, null, refusal.message());
            }
        }
        return null;
    }

    /** {@code cfg.yaml:3:12: is not valid YAML: ...}, the place 1-based (snakeyaml counts from 0). */
    static ConfigProblem yamlProblem(String file, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.reader.ReaderException r) {
                // a character YAML does not allow (NUL, other control characters): snakeyaml gives its offset only
                return new ConfigProblem(file, null, null, String.format("is not valid YAML: the character U+%04X at offset %d "
                        + "is not allowed (YAML takes printable characters, tab and line breaks); remove it", r.getCodePoint(),
                        r.getPosition()));
            }
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                StringBuilder what = new StringBuilder("is not valid YAML: ").append(oneLine(m.getProblem()));
                Mark context = m.getContextMark();
                if (m.getContext() != null && context != null) {
                    what.append(" (").append(oneLine(m.getContext())).append(" started at ").append(place(context)).append(')');
                }
                return new ConfigProblem(file + ":" + place(m.getProblemMark()), null, null, what.toString());
            }
        }
        return new ConfigProblem(file, null, null, "is not valid YAML: " + oneLine(String.valueOf(e.getMessage())));
    }

    private static String place(Mark mark) {
        return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static SmallRyeConfigBuilder builder(List<ConfigSource> sources) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withSources(sources).withValidateUnknown(false);
        ConfigConverters.BY_TYPE.forEach((type, converter) -> register(builder, type, converter));
        return builder;
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(SmallRyeConfigBuilder builder, Class<T> type, ConfigConverters.Checked<?> converter) {
        builder.withConverter(type, 1000, (ConfigConverters.Checked<T>) converter);
    }

    private static final Pattern WRAPPED_SOURCE = Pattern.compile(".*\\[source=(.*)]");

    /** SmallRye names sources {@code PropertiesConfigSource[source=--set]}: keep what the user knows. */
    static String label(String sourceName) {
        if (sourceName == null) {
            return null;
        }
        Matcher m = WRAPPED_SOURCE.matcher(sourceName);
        return m.matches() ? m.group(1) : sourceName;
    }

    // ---- the check before the binding ------------------------------------------------------

    /** The names and values the layers set, checked against {@link ConfigSchema}. */
    static final class Check {
        private static final Pattern DEVICE_INDEX = Pattern.compile(Pattern.quote(ConfigKeys.DEVICES) + "\\[(\\d+)].*");
        private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
        /** A list holds at most 256 entries: adapters and domains are 0-255, each once; a device an adapter. */
        static final int MAX_INDEX = 255;

        private final SmallRyeConfig config;
        private final List<ConfigProblem> problems;
        private final ConfigSchema schema = ConfigSchema.get();
        final Map<String, String> rawValues = new TreeMap<>();
        final Map<String, String> sourceNames = new TreeMap<>();
        /** A converting text for every refused or missing value. */
        final Map<String, String> placeholders = new TreeMap<>();
        /** The devices numbered from 0 without a gap. */
        int deviceCount;
        /** False when a name cannot even be bound (an index out of range). */
        boolean bindable = true;

        Check(SmallRyeConfig config, List<ConfigProblem> problems) {
            this.config = config;
            this.problems = problems;
        }

        /** Every name a user wrote (file, scenario, -D, --set) must be a known property. */
        void names() {
            for (ConfigSource source : config.getConfigSources()) {
                if (source.getOrdinal() == ORDINAL_ENV || source.getOrdinal() == ORDINAL_DEFAULTS) {
                    continue;
                }
                for (String name : new TreeSet<>(source.getPropertyNames())) {
                    if (!name.startsWith(ConfigKeys.PREFIX) && source.getOrdinal() != ORDINAL_FILE) {
                        continue;
                    }
                    if (!indexesInRange(name)) {
                        problems.add(new ConfigProblem(name, source.getValue(name), label(source.getName()), "has an index above "
                                + MAX_INDEX + ": number the entries 0, 1, 2 ... (a list holds at most " + (MAX_INDEX + 1) + ")"));
                        bindable = false;
                    } else if (!schema.isKnown(name)) {
                        String hint = schema.nearest(name).orElse(null);
                        problems.add(new ConfigProblem(name, source.getValue(name), label(source.getName()),
                                "is not a configuration property" + (hint == null ? "; see the README's configuration reference"
                                        : "; did you mean " + hint + "?")));
                    }
                }
            }
        }

        private static boolean indexesInRange(String name) {
            Matcher m = INDEX.matcher(name);
            while (m.find()) {
                if (m.group(1).length() > 3 || Integer.parseInt(m.group(1)) > MAX_INDEX) {
                    return false;
                }
            }
            return true;
        }

        void values() {
            Set<Integer> devices = new TreeSet<>();
            Set<String> options = new TreeSet<>();
            for (ConfigSource source : config.getConfigSources()) {
                for (String name : source.getPropertyNames()) {
                    Matcher device = DEVICE_INDEX.matcher(name);
                    if (device.matches() && indexesInRange(name)) {
                        devices.add(Integer.parseInt(device.group(1)));
                    }
                    for (String map : schema.optionMaps()) {
                        if (name.startsWith(map + ".") && schema.isKnown(name)) {
                            options.add(name);
                        }
                    }
                }
            }
            for (ConfigSchema.Leaf leaf : schema.leaves()) {
                if (!leaf.isDeviceField()) {
                    check(leaf, leaf.name());
                }
            }
            String list = config.getConfigValue(ConfigKeys.DEVICES).getValue();
            if (list != null && !list.isBlank()) {
                value(ConfigKeys.DEVICES);
                problem(ConfigKeys.DEVICES, "must be a list of device entries, for example [{adapter: 3}]");
            }
            deviceCount = -1;
            int position = 0;
            for (int i : devices) {
                if (deviceCount < 0 && i != position) {
                    problems.add(new ConfigProblem(ConfigKeys.DEVICES + "[" + position + "]", null, null,
                            "is missing: number the devices 0, 1, 2 ... without gaps (found devices[" + i + "])"));
                    deviceCount = position;
                }
                position++;
                for (ConfigSchema.Leaf leaf : schema.leaves()) {
                    if (leaf.isDeviceField()) {
                        check(leaf, leaf.at(i));
                    }
                }
            }
            if (deviceCount < 0) {
                deviceCount = devices.size();
            }
            options.forEach(this::value);
        }

        private void check(ConfigSchema.Leaf leaf, String name) {
            ConfigValue v = value(name);
            if (v.getValue() == null) {
                if (leaf.required()) {
                    problems.add(new ConfigProblem(name, null, null, "is missing: "
                            + (leaf.whenMissing() == null ? "give it a value (the README's configuration reference lists it)"
                            : leaf.whenMissing())));
                    placeholders.put(name, leaf.converter().placeholder());
                }
                return;
            }
            if (leaf.isList()) {
                List<String> items = ConfigConverters.Numbers.items(v.getValue());
                for (int i = 0; i < items.size(); i++) {
                    rawValues.put(name + "[" + i + "]", items.get(i));
                    sourceNames.put(name + "[" + i + "]", label(v.getSourceName()));
                }
            }
            try {
                leaf.converter().convert(v.getValue());
            } catch (ConfigConverters.RefusedItem e) {
                problem(name + "[" + e.index() + "]", e.getMessage());
                placeholders.put(name, fallback(leaf, name));
            } catch (ConfigConverters.Refused e) {
                problem(name, e.getMessage());
                placeholders.put(name, fallback(leaf, name));
            }
        }

        /**
         * What stands in for a refused value: as if it were not written (the built-in default, the
         * mapping's default, nothing for an optional value), else the converter's placeholder.
         */
        private String fallback(ConfigSchema.Leaf leaf, String name) {
            for (ConfigSource source : config.getConfigSources()) {
                if (source.getOrdinal() == ORDINAL_DEFAULTS && source.getValue(name) != null) {
                    return source.getValue(name);
                }
            }
            if (leaf.defaultValue() != null) {
                return leaf.defaultValue();
            }
            return leaf.optional() ? "" : leaf.converter().placeholder();
        }

        private ConfigValue value(String name) {
            ConfigValue v = config.getConfigValue(name);
            if (v.getValue() != null) {
                rawValues.put(name, v.getValue());
                sourceNames.put(name, label(v.getSourceName()));
            }
            return v;
        }

        private void problem(String name, String message) {
            problems.add(new ConfigProblem(name, rawValues.get(name), sourceNames.get(name), message));
        }
    }

    // ---- binding ---------------------------------------------------------------------------

    /** The mapping, with the placeholders above every layer; {@code null} (and a problem) if SmallRye refuses it still. */
    private static ApvirtConfig bind(List<ConfigSource> sources, Map<String, String> placeholders, List<ConfigProblem> problems) {
        List<ConfigSource> all = new ArrayList<>(sources);
        all.add(new PropertiesConfigSource(placeholders, "placeholders", ORDINAL_PLACEHOLDERS));
        try {
            return builder(all).withMapping(ApvirtConfig.class).build().getConfigMapping(ApvirtConfig.class);
        } catch (ConfigValidationException | IllegalArgumentException | java.util.NoSuchElementException e) {
            // the check above names every value SmallRye could refuse; this is its safety net, in our words
            problems.add(new ConfigProblem("apvirt", null, null, "cannot be bound although every value was checked; "
                    + "please report this with the configuration used"));
            return null;
        }
    }

    /**
     * The settings the engine uses, made from the mapping: absent device fields take the
     * {@code bus.*} defaults; only the devices before a gap in the numbering are kept.
     */
    static ApvirtSettings settings(ApvirtConfig c, int deviceCount, List<java.nio.file.Path> searchPath) {
        var bus = new ApvirtSettings.Bus(c.bus().resetTicks(), c.bus().queueDepth(), c.bus().replyLatency());
        List<ApvirtSettings.Device> devices = new ArrayList<>();
        for (ApvirtConfig.Device d : c.devices().subList(0, Math.min(deviceCount, c.devices().size()))) {
            ApvirtConfig.Faults f = d.faults();
            devices.add(new ApvirtSettings.Device(d.adapter(), d.type(), d.mode(), d.queueDepth().orElse(bus.queueDepth()),
                    d.maxMessageLength(), d.domains().map(ApvirtConfig.NumberList::values).orElse(List.of()),
                    d.replyLatency().orElse(bus.replyLatency()), d.resetTicks().orElse(bus.resetTicks()), d.behaviour(),
                    new ApvirtSettings.Faults(f.busyEvery(), f.checkstopAfter(), f.deconfigureAt(), f.dropInterrupts())));
        }
        var g = c.guest();
        var fa = g.facilities();
        var s = c.scripts();
        return new ApvirtSettings(c.policy(), c.hook(),
                new ApvirtSettings.Host(c.host().apInstructions(), c.host().outerInterpretation(), c.host().ic3(),
                        c.host().unboundQueues().values(), c.host().unconfiguredAdapters().values()),
                new ApvirtSettings.Guest(new ApvirtSettings.Facilities(fa.ap(), fa.apqci(), fa.apft(), fa.apqi(), fa.apxa()),
                        g.aiv(), g.secureExecution(), g.memory()),
                new ApvirtSettings.Matrix(c.matrix().adapters().values(), c.matrix().domains().values(),
                        c.matrix().controlDomains().values()),
                bus, List.copyOf(devices), sorted(c.policies()), sorted(c.hooks()), sorted(c.behaviours()), c.seed(),
                new ApvirtSettings.Scripts(s.timeout(), s.statementLimit(), s.onFailure(), s.watch()), searchPath);
    }

    private static Map<String, Map<String, String>> sorted(Map<String, Map<String, String>> options) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        options.forEach((id, values) -> out.put(id, java.util.Collections.unmodifiableMap(new TreeMap<>(values))));
        return java.util.Collections.unmodifiableMap(out);
    }

    // ---- validation ------------------------------------------------------------------------

    /** The constraints of {@link ApvirtSettings}; a property that already has a problem gets no second one. */
    private static void validate(ApvirtSettings settings, ComponentCatalog catalog, Check check, List<ConfigProblem> problems) {
        Set<String> reported = new HashSet<>();
        problems.forEach(p -> reported.add(p.property()));
        for (ConstraintViolation<ApvirtSettings> v : validator(catalog).validate(settings)) {
            String name = propertyName(v.getPropertyPath());
            if (reported.contains(name) || check.placeholders.containsKey(name)) {
                continue;
            }
            String raw = check.rawValues.get(name);
            if (raw == null && !(v.getConstraintDescriptor().getAnnotation() instanceof ValidSettings)) {
                raw = String.valueOf(v.getInvalidValue());
            }
            problems.add(new ConfigProblem(name, raw, check.sourceNames.get(name), v.getMessage()));
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

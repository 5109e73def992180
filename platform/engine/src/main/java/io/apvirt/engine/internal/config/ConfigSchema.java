package io.apvirt.engine.internal.config;

import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import org.eclipse.microprofile.config.spi.Converter;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property names, converters and defaults of {@link ApvirtConfig}, read from the mapping
 * itself (SmallRye's description of it): the one schema that the name check, the
 * "did you mean", {@link ConfigKeys} and the README's reference derive from.
 */
public final class ConfigSchema {

    /** The mapping's prefix with its dot. */
    public static final String PREFIX = "apvirt.";

    /** Names that were renamed: the old prefix to the new one (issue 9: plugin options are hook options). */
    static final Map<String, String> RENAMED = Map.of("apvirt.plugins.", "apvirt.hooks.");

    private static final String DEVICES = "apvirt.devices";
    private static final String DEVICE_PREFIX = DEVICES + "[*].";

    /**
     * One value of the tree.
     *
     * @param name        the pattern as SmallRye writes it: {@code apvirt.devices[*].queue-depth}
     * @param converter   reads the text
     * @param optional     an {@code Optional} in the mapping
     * @param defaultValue the mapping's default ({@code @WithDefault}), or {@code null}
     * @param whenMissing  what to do when a required value is absent ({@link WhenMissing}), or {@code null}
     */
    public record Leaf(String name, ConfigConverters.Checked<?> converter, boolean optional, String defaultValue,
                       String whenMissing) {

        /** Neither optional nor defaulted in the mapping (the defaults file may still give it). */
        public boolean required() {
            return !optional && defaultValue == null;
        }

        /** Whether the value is a list of numbers ({@code apvirt.matrix.adapters}, {@code devices[n].domains}). */
        public boolean isList() {
            return converter instanceof ConfigConverters.Numbers || converter instanceof ConfigConverters.Apqns;
        }

        /** Whether it belongs to one device: {@code apvirt.devices[*].<field>}. */
        public boolean isDeviceField() {
            return name.startsWith(DEVICE_PREFIX);
        }

        /** The name for device {@code index}. */
        public String at(int index) {
            return name.replace("[*]", "[" + index + "]");
        }
    }

    private static final ConfigSchema INSTANCE = new ConfigSchema();

    private final List<Leaf> leaves;
    /** The option maps: {@code apvirt.policies}, {@code apvirt.hooks}, {@code apvirt.behaviours}. */
    private final List<String> optionMaps;
    private final List<Pattern> known;

    private ConfigSchema() {
        Map<String, Property> properties = new TreeMap<>(ConfigMappings.getProperties(
                ConfigMappings.ConfigClass.configClass(ApvirtConfig.class, "apvirt")));
        List<Leaf> leafList = new ArrayList<>();
        List<String> maps = new ArrayList<>();
        properties.forEach((name, property) -> {
            if (name.endsWith("[*]")) {
                return; // SmallRye lists the items of a collection too; our lists are single values
            }
            if (property.isMap()) {
                if (!name.endsWith(".*.*")) {
                    throw new IllegalStateException(name + ": a map of ApvirtConfig must be component id -> option -> text");
                }
                maps.add(name.substring(0, name.length() - ".*.*".length()));
                return;
            }
            leafList.add(leaf(name, property));
        });
        this.leaves = List.copyOf(leafList);
        this.optionMaps = List.copyOf(maps);
        List<Pattern> patterns = new ArrayList<>();
        for (Leaf leaf : leaves) {
            String regex = Pattern.quote(leaf.name()).replace("[*]", "\\E\\[\\d+]\\Q");
            patterns.add(Pattern.compile(regex + (leaf.isList() ? "(\\[\\d+])?" : "")));
        }
        for (String map : optionMaps) {
            patterns.add(Pattern.compile(Pattern.quote(map) + "\\.[^.\\[\\]]+\\.[^.\\[\\]]+"));
        }
        patterns.add(Pattern.compile(Pattern.quote(DEVICES))); // devices: [] in YAML
        this.known = List.copyOf(patterns);
    }

    private static Leaf leaf(String name, Property property) {
        Property value = property.isOptional() ? property.asOptional().getNestedProperty() : property;
        Class<? extends Converter<?>> with;
        Class<?> type;
        if (value.isPrimitive()) {
            with = value.asPrimitive().hasConvertWith() ? value.asPrimitive().getConvertWith() : null;
            type = value.asPrimitive().getBoxType();
        } else if (value.isLeaf()) {
            with = value.asLeaf().hasConvertWith() ? value.asLeaf().getConvertWith() : null;
            type = value.asLeaf().getValueRawType();
        } else {
            throw new IllegalStateException(name + ": ApvirtConfig holds only values, groups, lists of groups and option maps");
        }
        ConfigConverters.Checked<?> converter = with == null ? ConfigConverters.BY_TYPE.get(type) : instantiate(name, with);
        if (converter == null) {
            throw new IllegalStateException(name + ": " + type.getName() + " has no converter in ConfigConverters");
        }
        WhenMissing hint = property.getMethod().getAnnotation(WhenMissing.class);
        return new Leaf(name, converter, property.isOptional(), property.hasDefaultValue() ? property.getDefaultValue() : null,
                hint == null ? null : hint.value());
    }

    private static ConfigConverters.Checked<?> instantiate(String name, Class<? extends Converter<?>> type) {
        try {
            if (type.getConstructor().newInstance() instanceof ConfigConverters.Checked<?> checked) {
                return checked;
            }
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(name + ": cannot create " + type.getName(), e);
        }
        throw new IllegalStateException(name + ": " + type.getName() + " is not a ConfigConverters.Checked");
    }

    public static ConfigSchema get() {
        return INSTANCE;
    }

    /** Every value, by name ({@code apvirt.devices[*].*} once). */
    public List<Leaf> leaves() {
        return leaves;
    }

    /** The option maps ({@code apvirt.policies} ...): {@code <map>.<component id>.<option>}. */
    public List<String> optionMaps() {
        return optionMaps;
    }

    /** Whether a name (a list possibly indexed: {@code apvirt.matrix.adapters[0]}) belongs to the tree. */
    public boolean isKnown(String name) {
        for (Pattern p : known) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The fields of one device: {@code adapter}, ..., {@code faults.busy-every}, ... */
    public List<String> deviceFields() {
        return leaves.stream().filter(Leaf::isDeviceField).map(l -> l.name().substring(DEVICE_PREFIX.length())).toList();
    }

    /**
     * The names as the README's configuration reference writes them:
     * {@code apvirt.devices[n].adapter}, {@code apvirt.policies.<id>.<option>}.
     */
    public List<String> referenceNames() {
        List<String> out = new ArrayList<>();
        leaves.forEach(l -> out.add(l.name().replace("[*]", "[n]")));
        optionMaps.forEach(m -> out.add(m + ".<id>.<option>"));
        return out.stream().sorted().toList();
    }

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /**
     * The known name nearest to an unknown one: a renamed prefix ({@link #RENAMED}), else the
     * nearest of the names with the unknown name's device index and component id and option
     * put in.
     */
    public Optional<String> nearest(String name) {
        Optional<String> renamed = ConfigKeys.renamed(name);
        if (renamed.isPresent()) {
            return renamed;
        }
        Matcher index = INDEX.matcher(name);
        String device = "[" + (index.find() ? index.group(1) : "0") + "]";
        String base = name.replaceAll("\\[\\d+]$", "");
        List<String> candidates = new ArrayList<>();
        leaves.forEach(l -> candidates.add(l.name().replace("[*]", device)));
        String[] segments = base.split("\\.");
        if (segments.length >= 4) {
            String tail = segments[segments.length - 2] + "." + segments[segments.length - 1];
            optionMaps.forEach(m -> candidates.add(m + "." + tail));
        }
        return DidYouMean.nearest(base, candidates);
    }
}

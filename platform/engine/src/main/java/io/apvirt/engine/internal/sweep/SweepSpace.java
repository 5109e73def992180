package io.apvirt.engine.internal.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration space of {@code apvirt diff}: the inputs of docs/architecture.md#11.2 (host AP instructions, the outer level's ECA.28, IC.3, the guest's CPU model, AIV,
 * Secure Execution), whether a PQAP hook is attached, and the PSW problem state, each with
 * its values; minus the combinations a guest cannot be in, because QEMU does not offer them:
 * <ul>
 *   <li>{@code apqci}, {@code apft} and {@code apqi} need {@code ap} (QEMU makes them depend on
 *   "ap": section 1, "ap" feature; section 9 item 6);</li>
 *   <li>{@code ap} needs {@code host.ap-instructions} (QEMU offers "ap" only when KVM reports the
 *   APIE attribute, i.e. the host has AP instructions: section 4.5).</li>
 * </ul>
 * A configuration is an index per dimension; the first value of each is the default
 * configuration's, so configuration 0 is the embedded default (with its hook).
 */
public final class SweepSpace {

    public static final String HOST_AP = "host.ap-instructions";
    public static final String OUTER = "host.outer-interpretation";
    public static final String IC3 = "host.ic3";
    public static final String AP = "guest.facilities.ap";
    public static final String APQCI = "guest.facilities.apqci";
    public static final String APFT = "guest.facilities.apft";
    public static final String APQI = "guest.facilities.apqi";
    public static final String APXA = "guest.facilities.apxa";
    public static final String AIV = "guest.aiv";
    public static final String SE = "guest.secure-execution";
    public static final String HOOK = "hook";
    public static final String PROBLEM_STATE = "problem-state";

    /** The constraints, as the README and the JSON document state them. */
    public static final List<String> CONSTRAINTS = List.of(
            APQCI + ", " + APFT + " and " + APQI + " need " + AP + " (QEMU: apqci/apft/apqi depend on ap; docs/architecture.md#1, #9 item 6)",
            AP + " needs " + HOST_AP + " (QEMU offers ap only with the KVM APIE attribute; docs/architecture.md#4.5)");

    private final List<Dimension> dimensions;
    private final List<int[]> configurations;

    private SweepSpace(List<Dimension> dimensions) {
        this.dimensions = List.copyOf(dimensions);
        this.configurations = enumerate();
    }

    /**
     * The standard space.
     *
     * @param hooks the values of the {@code hook} dimension (the attached hook first, then {@code none})
     */
    public static SweepSpace standard(List<String> hooks) {
        return new SweepSpace(List.of(
                Dimension.bool(HOST_AP, true), Dimension.bool(OUTER, true), Dimension.bool(IC3, false),
                Dimension.bool(AP, true), Dimension.bool(APQCI, true), Dimension.bool(APFT, true),
                Dimension.bool(APQI, true), Dimension.bool(APXA, true), Dimension.bool(AIV, true),
                Dimension.bool(SE, false), new Dimension(HOOK, List.copyOf(hooks)), Dimension.bool(PROBLEM_STATE, false)));
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public int dimensionIndex(String name) {
        for (int i = 0; i < dimensions.size(); i++) {
            if (dimensions.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no dimension " + name);
    }

    /** Every configuration a guest can be in, in mixed-radix order (the first dimension most significant). */
    public List<int[]> configurations() {
        return configurations;
    }

    /** The value of dimension {@code d} in a configuration. */
    public Object value(int[] configuration, int d) {
        return dimensions.get(d).values().get(configuration[d]);
    }

    public boolean bool(int[] configuration, String name) {
        return (Boolean) value(configuration, dimensionIndex(name));
    }

    /** The value of dimension {@code d}, a boolean one. */
    public boolean bool(int[] configuration, int d) {
        return (Boolean) value(configuration, d);
    }

    /** Whether QEMU can give a guest this combination (the class comment's constraints). */
    public boolean reachable(int[] c) {
        boolean ap = bool(c, AP);
        if (!ap && (bool(c, APQCI) || bool(c, APFT) || bool(c, APQI))) {
            return false;
        }
        return !ap || bool(c, HOST_AP);
    }

    /** Dimension name to value, in dimension order. */
    public Map<String, Object> conditions(int[] configuration) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int d = 0; d < dimensions.size(); d++) {
            out.put(dimensions.get(d).name(), value(configuration, d));
        }
        return out;
    }

    private List<int[]> enumerate() {
        List<int[]> out = new ArrayList<>();
        int[] c = new int[dimensions.size()];
        while (true) {
            if (reachable(c)) {
                out.add(c.clone());
            }
            int d = dimensions.size() - 1;
            while (d >= 0 && ++c[d] == dimensions.get(d).size()) {
                c[d] = 0;
                d--;
            }
            if (d < 0) {
                return List.copyOf(out);
            }
        }
    }
}

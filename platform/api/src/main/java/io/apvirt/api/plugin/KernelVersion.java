package io.apvirt.api.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * A mainline Linux release from v5.3 (the first with {@code handle_pqap}, commit e5282de93105)
 * on, as the {@code kernel} option of the components that model one (the mainline policy, the
 * vfio-ap hook) names it: {@code 5.3} ... {@code 6.8}, or {@code latest} (the sources read in
 * 2026; for every version-dependent behaviour apvirt models, the same as 6.8). Section
 * docs/architecture.md#11.8 lists which behaviour changed in which release.
 *
 * @param major the major version
 * @param minor the minor version
 */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

    /** The {@code latest} choice: newer than every numbered one. */
    public static final KernelVersion LATEST = new KernelVersion(Integer.MAX_VALUE, 0);

    /** Every choice of a {@code kernel} option, oldest first: 5.3 to 5.19, 6.0 to 6.8, latest. */
    public static final List<String> CHOICES = choices();

    /** The default of a {@code kernel} option. */
    public static final String DEFAULT = "latest";

    private static List<String> choices() {
        List<String> all = new ArrayList<>();
        for (int minor = 3; minor <= 19; minor++) {
            all.add("5." + minor);
        }
        for (int minor = 0; minor <= 8; minor++) {
            all.add("6." + minor);
        }
        all.add(DEFAULT);
        return List.copyOf(all);
    }

    /** The option with this {@code description} (the choices above, default {@code latest}). */
    public static Option.Choice option(String description) {
        return Option.choice("kernel", DEFAULT, CHOICES, description);
    }

    /** A value of {@link #CHOICES}. */
    public static KernelVersion parse(String choice) {
        if (DEFAULT.equals(choice)) {
            return LATEST;
        }
        if (!CHOICES.contains(choice)) {
            throw new IllegalArgumentException("kernel '" + choice + "' is not one of " + CHOICES);
        }
        int dot = choice.indexOf('.');
        return new KernelVersion(Integer.parseInt(choice.substring(0, dot)), Integer.parseInt(choice.substring(dot + 1)));
    }

    /** Whether this release contains a change merged for {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        return compareTo(new KernelVersion(major, minor)) >= 0;
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return equals(LATEST) ? DEFAULT : major + "." + minor;
    }
}

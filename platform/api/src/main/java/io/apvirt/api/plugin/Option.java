package io.apvirt.api.plugin;

import io.apvirt.api.arch.Hex;

import java.util.List;

/**
 * One typed option of a {@link Component}, set as {@code apvirt.<kind>s.<id>.<name>}. The
 * configuration accepts only values {@link #parse} takes, and reports any other with
 * {@link #accepted()}; the component reads the value from {@link Options} with the matching
 * typed getter.
 */
public sealed interface Option permits Option.Choice, Option.Number, Option.Flag {

    /** Lower case, digits and {@code -}: {@code max-isc}. */
    String name();

    /** One line: what the option changes and where the value comes from. */
    String description();

    /** The default, written as the configuration writes it. */
    String defaultText();

    /**
     * What the option accepts, completing "must be ...": {@code one of 0x06 | 0x08},
     * {@code a whole number from 0 to 7}, {@code true or false}.
     */
    String accepted();

    /** The typed value of this text ({@link String}, {@link Long} or {@link Boolean}), or {@code null} when the option refuses it. */
    Object parse(String text);

    /** One of fixed words: {@code Option.choice("cc-after-hook", "set", List.of("set", "unchanged"), "...")}. */
    static Choice choice(String name, String defaultValue, List<String> values, String description) {
        return new Choice(name, defaultValue, values, description);
    }

    /** A whole number in {@code [min, max]}, decimal or {@code 0x} hex. */
    static Number number(String name, long defaultValue, long min, long max, String description) {
        return new Number(name, defaultValue, min, max, description);
    }

    /** {@code true} or {@code false}. */
    static Flag flag(String name, boolean defaultValue, String description) {
        return new Flag(name, defaultValue, description);
    }

    /** One of {@code values}; read it with {@link Options#choice}. */
    record Choice(String name, String defaultValue, List<String> values, String description) implements Option {
        public Choice {
            checkName(name);
            values = List.copyOf(values);
            if (!values.contains(defaultValue)) {
                throw new IllegalArgumentException("option " + name + ": the default " + defaultValue + " is not one of " + values);
            }
        }

        @Override
        public String defaultText() {
            return defaultValue;
        }

        @Override
        public String accepted() {
            return "one of " + String.join(" | ", values);
        }

        @Override
        public Object parse(String text) {
            return values.contains(text) ? text : null;
        }
    }

    /** A whole number in {@code [min, max]}; read it with {@link Options#number} or {@link Options#integer}. */
    record Number(String name, long defaultValue, long min, long max, String description) implements Option {
        public Number {
            checkName(name);
            if (min > max || defaultValue < min || defaultValue > max) {
                throw new IllegalArgumentException("option " + name + ": the default " + defaultValue + " is not in " + min + "-" + max);
            }
        }

        @Override
        public String defaultText() {
            return Long.toString(defaultValue);
        }

        @Override
        public String accepted() {
            return "a whole number from " + min + " to " + max;
        }

        @Override
        public Object parse(String text) {
            String t = text.trim();
            boolean negative = t.startsWith("-");
            try {
                long magnitude = Hex.parseUnsigned(negative ? t.substring(1) : t);
                if (magnitude < 0) {
                    return null; // above 2^63-1
                }
                long v = negative ? -magnitude : magnitude;
                return v < min || v > max ? null : v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** {@code true} or {@code false}; read it with {@link Options#flag}. */
    record Flag(String name, boolean defaultValue, String description) implements Option {
        public Flag {
            checkName(name);
        }

        @Override
        public String defaultText() {
            return Boolean.toString(defaultValue);
        }

        @Override
        public String accepted() {
            return "true or false";
        }

        @Override
        public Object parse(String text) {
            return switch (text.trim()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            };
        }
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("option name '" + name + "': use lower case, digits and - (max-isc)");
        }
    }
}

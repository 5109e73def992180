package io.apvirt.engine.internal.config;

import io.apvirt.api.arch.Hex;
import org.eclipse.microprofile.config.spi.Converter;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the values of {@link ApvirtConfig} are written. Every converter refuses a value with a
 * {@link Refused} whose message is a fixed text saying what to write instead; the value itself
 * travels beside it ({@link ConfigProblem}), never inside it. One number syntax everywhere:
 * decimal or {@code 0x} hex, never silently capped.
 */
public final class ConfigConverters {

    static final String NOT_A_NUMBER = "must be a whole number (decimal or 0x hex)";

    /** The converters of the plain types, registered on the builder (they replace SmallRye's). */
    static final Map<Class<?>, Checked<?>> BY_TYPE = Map.of(String.class, new Text(), Integer.class, new WholeInt(),
            Long.class, new WholeLong(), Boolean.class, new Bool());

    private ConfigConverters() {
    }

    /** A value that cannot be used; the message is fixed text. */
    public static class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** One item of a list that cannot be used. */
    public static final class RefusedItem extends Refused {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final String item;

        RefusedItem(int index, String item, String message) {
            super(message);
            this.index = index;
            this.item = item;
        }

        public int index() {
            return index;
        }

        public String item() {
            return item;
        }
    }

    /**
     * A converter of this project. {@link #placeholder()} converts: it stands in for a refused
     * value so that the rest of the tree can still be bound and checked (every problem at once).
     */
    public interface Checked<T> extends Converter<T> {
        String placeholder();
    }

    /** Text as written, trimmed; empty stays empty (the constraints say whether that is allowed). */
    public static final class Text implements Checked<String> {
        @Override
        public String convert(String value) {
            return value.trim();
        }

        @Override
        public String placeholder() {
            return "";
        }
    }

    /** Device types are upper case ({@code cex7} is {@code CEX7}). */
    public static final class UpperCase implements Checked<String> {
        @Override
        public String convert(String value) {
            return value.trim().toUpperCase(Locale.ROOT);
        }

        @Override
        public String placeholder() {
            return "";
        }
    }

    /** Device modes are lower case ({@code Accelerator} is {@code accelerator}). */
    public static final class LowerCase implements Checked<String> {
        @Override
        public String convert(String value) {
            return value.trim().toLowerCase(Locale.ROOT);
        }

        @Override
        public String placeholder() {
            return "";
        }
    }

    /** {@code true} or {@code false}, in any case; nothing else ({@code yes} and {@code 1} are typos here). */
    public static final class Bool implements Checked<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new Refused("must be true or false");
            };
        }

        @Override
        public String placeholder() {
            return "false";
        }
    }

    /** A whole number that fits an {@code int}: 0 to 2^31-1. */
    public static final class WholeInt implements Checked<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, Integer.MAX_VALUE);
        }

        @Override
        public String placeholder() {
            return "0";
        }
    }

    /** A whole number that fits a {@code long}: 0 to 2^63-1. */
    public static final class WholeLong implements Checked<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, Long.MAX_VALUE);
        }

        @Override
        public String placeholder() {
            return "0";
        }
    }

    /** {@code apvirt.seed}: all 64 bits, 0 to 2^64-1 (above 2^63-1 the {@code long} is negative: the same bits). */
    public static final class Seed implements Checked<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, -1L); // 2^64-1 unsigned
        }

        @Override
        public String placeholder() {
            return "0";
        }
    }

    /** {@code 64MiB} and the like ({@link ByteSize}). */
    public static final class Size implements Checked<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
        }

        @Override
        public String placeholder() {
            return "0";
        }
    }

    /** A duration in ms: {@code 100}, {@code 100ms}, {@code 2s}, {@code 1min}. */
    public static final class Millis implements Checked<Long> {
        private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|min)?\\s*");

        @Override
        public Long convert(String value) {
            Matcher m = DURATION.matcher(value);
            if (!m.matches()) {
                throw new Refused("must be a duration: a number of ms, or with ms, s or min (100ms, 2s)");
            }
            long unit = switch (m.group(2) == null ? "ms" : m.group(2)) {
                case "s" -> 1000;
                case "min" -> 60_000;
                default -> 1;
            };
            BigInteger ms = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
            if (ms.bitLength() > 63) {
                throw new Refused("is too long: a duration is at most " + Long.MAX_VALUE + "ms");
            }
            return ms.longValue();
        }

        @Override
        public String placeholder() {
            return "0";
        }
    }

    /** A tick (0 to 2^63-1), or {@code never} (-1). */
    public static final class TickOrNever implements Checked<Long> {
        @Override
        public Long convert(String value) {
            if (value.trim().equalsIgnoreCase("never")) {
                return -1L;
            }
            try {
                return whole(value, Long.MAX_VALUE);
            } catch (Refused e) {
                throw new Refused(e.getMessage().equals(NOT_A_NUMBER) ? "must be a tick (a whole number, decimal or 0x hex) or never"
                        : e.getMessage());
            }
        }

        @Override
        public String placeholder() {
            return "never";
        }
    }

    /**
     * A list of whole numbers (each 0 to 2^31-1): {@code 3,4} or {@code [3,4]} (a YAML list
     * arrives as {@code 3,4}); empty text is the empty list.
     */
    /**
     * A list of APQNs written as lszcrypt does, {@code AA.DDDD} in hex ({@code 03.0005}),
     * each kept as its 16-bit APQN; the list syntax of {@link Numbers}.
     */
    public static final class Apqns implements Checked<ApvirtConfig.NumberList> {
        static final String NOT_AN_APQN = "must be an APQN AA.DDDD in hex, adapter 00-ff and domain 0000-00ff (for example 03.0005)";

        @Override
        public ApvirtConfig.NumberList convert(String value) {
            List<String> items = Numbers.items(value);
            List<Integer> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                try {
                    out.add(io.apvirt.api.arch.Apqn.parse(items.get(i)).encode());
                } catch (IllegalArgumentException e) {
                    throw new RefusedItem(i, items.get(i), NOT_AN_APQN);
                }
            }
            return new ApvirtConfig.NumberList(out);
        }

        @Override
        public String placeholder() {
            return "";
        }
    }

    public static final class Numbers implements Checked<ApvirtConfig.NumberList> {
        @Override
        public ApvirtConfig.NumberList convert(String value) {
            List<String> items = items(value);
            List<Integer> out = new ArrayList<>(items.size());
            WholeInt number = new WholeInt();
            for (int i = 0; i < items.size(); i++) {
                try {
                    out.add(number.convert(items.get(i)));
                } catch (Refused e) {
                    throw new RefusedItem(i, items.get(i), e.getMessage());
                }
            }
            return new ApvirtConfig.NumberList(out);
        }

        /** The items as written: {@code [3, 4]} and {@code 3,4} are {@code 3} and {@code 4}. */
        static List<String> items(String value) {
            String t = value.trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1).trim();
            }
            return t.isEmpty() ? List.of() : Arrays.stream(t.split(",", -1)).map(String::trim).toList();
        }

        @Override
        public String placeholder() {
            return "";
        }
    }

    private static final Pattern WHOLE = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]+");

    /**
     * Decimal or 0x hex ({@code _} separators allowed; {@link Hex#parseUnsigned}), 0 to
     * {@code max} (unsigned): refused above, never capped.
     */
    static long whole(String text, long max) {
        long n;
        try {
            n = Hex.parseUnsigned(text);
        } catch (NumberFormatException e) {
            boolean digits = WHOLE.matcher(text.trim().replace("_", "")).matches();
            throw new Refused(digits ? tooLarge(max) : NOT_A_NUMBER);
        }
        if (Long.compareUnsigned(n, max) > 0) {
            throw new Refused(tooLarge(max));
        }
        return n;
    }

    private static String tooLarge(long max) {
        return "is too large: at most " + Long.toUnsignedString(max) + " (0x" + Long.toHexString(max) + ")";
    }
}

package io.apvirt.engine.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as configuration writes them: {@code 65536}, {@code 64KiB}, {@code 64MiB}, {@code 1GiB} (also K, M, G, T). */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B?|B)?", Pattern.CASE_INSENSITIVE);

    private static final String TOO_LARGE = "is too large: a size is at most 9223372036854775807 bytes (8EiB - 1)";

    private ByteSize() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size: write a number of bytes or a number with KiB, MiB, GiB or TiB (for example 64MiB)");
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TOO_LARGE);
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift > 0 && number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(TOO_LARGE);
        }
        return number << shift;
    }

    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}

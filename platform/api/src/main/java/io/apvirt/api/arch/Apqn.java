package io.apvirt.api.arch;

/**
 * AP queue number: APID (adapter) and APQI (domain), GR0 bits 48-63 (docs/architecture.md
 * section 1 and 2.1). Text form as lszcrypt prints it: {@code 03.0005} (APID two hex
 * digits, APQI four hex digits).
 */
public record Apqn(int apid, int apqi) implements Comparable<Apqn> {

    /** Largest APID and APQI without APXA (section 2.1: bits 48-49 and 56-59 zero). */
    public static final int MAX_APID_WITHOUT_APXA = 63;
    public static final int MAX_APQI_WITHOUT_APXA = 15;

    public Apqn {
        if (apid < 0 || apid > 0xFF) {
            throw new IllegalArgumentException("APID " + apid + " is outside 0-255");
        }
        if (apqi < 0 || apqi > 0xFF) {
            throw new IllegalArgumentException("APQI " + apqi + " is outside 0-255");
        }
    }

    /** The 16-bit APQN: {@code (APID << 8) | APQI}. */
    public int encode() {
        return (apid << 8) | apqi;
    }

    public static Apqn decode(int apqn) {
        return new Apqn((apqn >>> 8) & 0xFF, apqn & 0xFF);
    }

    /** The APQN held in bits 48-63 of a GR0 value. */
    public static Apqn fromGr0(long gr0) {
        return decode((int) Msb0.field(gr0, 48, 63));
    }

    /** True when the APID exceeds 63 or the APQI exceeds 15: only valid with APXA. */
    public boolean needsApxa() {
        return apid > MAX_APID_WITHOUT_APXA || apqi > MAX_APQI_WITHOUT_APXA;
    }

    /** Parses {@code 03.0005} (hex, as lszcrypt) . */
    public static Apqn parse(String text) {
        String t = text.trim();
        int dot = t.indexOf('.');
        if (dot <= 0 || dot == t.length() - 1) {
            throw new IllegalArgumentException("APQN '" + text + "' is not of the form AA.DDDD (hex, for example 03.0005)");
        }
        try {
            int apid = Integer.parseInt(t.substring(0, dot), 16);
            int apqi = Integer.parseInt(t.substring(dot + 1), 16);
            return new Apqn(apid, apqi);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("APQN '" + text + "' is not of the form AA.DDDD (hex, for example 03.0005)");
        }
    }

    @Override
    public String toString() {
        return String.format("%02x.%04x", apid, apqi);
    }

    @Override
    public int compareTo(Apqn o) {
        return Integer.compare(encode(), o.encode());
    }
}

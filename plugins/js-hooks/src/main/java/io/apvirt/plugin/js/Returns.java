package io.apvirt.plugin.js;

import io.apvirt.api.arch.ApMode;
import io.apvirt.api.arch.ApType;
import io.apvirt.api.arch.ResponseCode;
import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.AdapterSpec;
import io.apvirt.api.device.Response;
import org.graalvm.polyglot.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of what the API functions return, and the conversion to the device and hook
 * SPI. A value that does not fit is a {@link BadReturn} naming the function, the line it
 * starts on, the value and what is wrong with it:
 * {@code hooks/x.js:12: onRequest returned {refuse: 300}: 300 is not an AP response code (known: ...)}.
 */
final class Returns {

    private Returns() {
    }

    /** An exported API function and the line it starts on. */
    record Fn(String name, Value value, int line) {
    }

    /** A return value that does not fit the script API. */
    static final class BadReturn extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String function;
        final int line;
        final String shown;
        final String problem;

        BadReturn(Fn fn, Value value, String problem) {
            super(fn.name() + " returned " + shown(value) + ": " + problem, null, false, false);
            this.function = fn.name();
            this.line = fn.line();
            this.shown = shown(value);
            this.problem = problem;
        }

        /** {@code file:line: message}. */
        String render(String file) {
            return file + (line > 0 ? ":" + line : "") + ": " + getMessage();
        }
    }

    // ---- response codes ---------------------------------------------------------------------------

    /** A response code section 3 lists (0x00-0x42); not the Linux partial-DQAP marker 0xFF. */
    static boolean isKnown(int code) {
        return code != ResponseCode.LINUX_PARTIAL_MARKER.code() && ResponseCode.of(code) != null;
    }

    /** {@code 0x01-0x0b, 0x10, ...}: the known codes from {@code from} on, consecutive ones as ranges. */
    static String knownCodes(int from) {
        StringBuilder b = new StringBuilder();
        int code = from;
        while (code < 256) {
            if (!isKnown(code)) {
                code++;
                continue;
            }
            int end = code;
            while (end + 1 < 256 && isKnown(end + 1)) {
                end++;
            }
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(String.format("0x%02x", code));
            if (end > code) {
                b.append(String.format("-0x%02x", end));
            }
            code = end + 1;
        }
        return b.toString();
    }

    /** A known response code (0 only when {@code zeroAllowed}). */
    static int rc(Fn fn, Value result, String key, Value v, boolean zeroAllowed) {
        if (!v.isNumber() || !v.fitsInLong()) {
            throw new BadReturn(fn, result, key + " must be a response code number (ap.rc.BUSY, 0x05 ...), not " + shown(v));
        }
        long code = v.asLong();
        if (code == 0 && !zeroAllowed) {
            throw new BadReturn(fn, result, key + " needs a non-zero response code: 0 is NORMAL (return {reply: ...} to accept the request)");
        }
        if (code < 0 || code > 0xFF || !isKnown((int) code)) {
            throw new BadReturn(fn, result, code + " is not an AP response code (known: " + knownCodes(zeroAllowed ? 0 : 1)
                    + "; ap.rc has them)");
        }
        return (int) code;
    }

    static long wholeNumber(Fn fn, Value result, String key, Value v, long min, long max) {
        if (!v.isNumber() || !v.fitsInLong()) {
            throw new BadReturn(fn, result, key + " must be a whole number (" + bounds(min, max) + "), not " + shown(v));
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw new BadReturn(fn, result, key + " is " + n + "; it must be " + bounds(min, max));
        }
        return n;
    }

    private static String bounds(long min, long max) {
        return max == Integer.MAX_VALUE ? min + " or more" : min + "-" + max;
    }

    // ---- values ---------------------------------------------------------------------------------------

    /** The value as the script would write it, cut at 100 characters. */
    static String shown(Value v) {
        String s;
        try {
            s = v.isString() ? '"' + v.asString() + '"' : v.toString();
        } catch (RuntimeException e) {
            s = "(a value that cannot be shown)";
        }
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    static boolean isPromise(Value v) {
        Value meta = v.getMetaObject();
        try {
            return meta != null && "Promise".equals(meta.getMetaSimpleName());
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The members of a returned object, {@code null}/{@code undefined} ones left out; an
     * unknown key, or a value that is not a plain object, is a {@link BadReturn}.
     */
    static Map<String, Value> object(Fn fn, Value v, List<String> keys, String expected) {
        if (v.isNull()) {
            throw new BadReturn(fn, v, "expected " + expected);
        }
        if (!v.hasMembers() || v.hasArrayElements() || v.canExecute() || v.isProxyObject() || v.isString()) {
            throw new BadReturn(fn, v, (isPromise(v) ? "a Promise: the script API is synchronous (no async functions)"
                    : "not an object") + ", expected " + expected);
        }
        Map<String, Value> out = new LinkedHashMap<>();
        var keySet = v.getMemberKeys();
        if (keySet.isEmpty() && isPromise(v)) {
            // a Promise has no keys of its own; the meta-object lookup is slow, so only here
            throw new BadReturn(fn, v, "a Promise: the script API is synchronous (no async functions), expected " + expected);
        }
        for (String key : keySet) {
            if (!keys.contains(key)) {
                throw new BadReturn(fn, v, "unknown key " + key + " (the keys are " + String.join(", ", keys) + ")");
            }
            Value member = v.getMember(key);
            if (member != null && !member.isNull()) {
                out.put(key, member);
            }
        }
        return out;
    }

    /**
     * A reply: {@code request.message} itself (no copy), an array of byte numbers, or a string
     * of hex digits ({@code "de ad be ef"}, whitespace ignored); at most {@code maxBytes}.
     */
    static byte[] bytes(Fn fn, Value result, Value v, int maxBytes) {
        if (v.isProxyObject()) {
            Object proxy = v.asProxyObject();
            if (proxy instanceof Views.Message m) {
                return m.bytes;
            }
        }
        byte[] out;
        if (v.isString()) {
            out = hex(fn, result, v.asString());
        } else if (v.hasArrayElements() && !v.isProxyObject()) {
            long n = v.getArraySize();
            if (n > maxBytes) {
                throw new BadReturn(fn, result, "the reply has " + n + " bytes, more than the adapter's maximum message length ("
                        + maxBytes + " bytes)");
            }
            out = new byte[(int) n];
            for (int i = 0; i < n; i++) {
                Value e = v.getArrayElement(i);
                if (!e.isNumber() || !e.fitsInInt() || e.asInt() < 0 || e.asInt() > 255) {
                    throw new BadReturn(fn, result, "reply[" + i + "] is " + shown(e) + ", not a byte (0-255)");
                }
                out[i] = (byte) e.asInt();
            }
        } else {
            throw new BadReturn(fn, result, "reply must be an array of bytes (0-255), a hex string (\"de ad be ef\") or "
                    + "request.message, not " + shown(v));
        }
        if (out.length > maxBytes) {
            throw new BadReturn(fn, result, "the reply has " + out.length + " bytes, more than the adapter's maximum message length ("
                    + maxBytes + " bytes)");
        }
        return out;
    }

    private static byte[] hex(Fn fn, Value result, String text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new BadReturn(fn, result, "reply '" + c + "' (character " + (i + 1) + ") is not a hex digit");
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new BadReturn(fn, result, "reply has an odd number of hex digits (" + digits.length() + ")");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    // ---- the API functions ------------------------------------------------------------------------------

    static final List<String> REQUEST_KEYS = List.of("reply", "latency", "refuse");

    /** {@code onRequest}: {@code {reply, latency?}} or {@code {refuse}}. */
    static Response response(Fn fn, Value v, AdapterSpec spec) {
        Map<String, Value> m = object(fn, v, REQUEST_KEYS, "{reply: bytes, latency?: ticks} or {refuse: rc}");
        Value reply = m.get("reply");
        Value refuse = m.get("refuse");
        Value latency = m.get("latency");
        if (reply != null && refuse != null) {
            throw new BadReturn(fn, v, "both reply and refuse; return one of them");
        }
        if (refuse != null) {
            if (latency != null) {
                throw new BadReturn(fn, v, "latency goes with reply, not with refuse");
            }
            return new Response.Refused(ResponseCode.of(rc(fn, v, "refuse", refuse, false)));
        }
        if (reply == null) {
            throw new BadReturn(fn, v, "neither reply nor refuse; expected {reply: bytes, latency?: ticks} or {refuse: rc}");
        }
        byte[] data = bytes(fn, v, reply, spec.maxMessageBytes());
        int ticks = latency == null ? Response.ADAPTER_LATENCY
                : (int) wholeNumber(fn, v, "latency", latency, 0, Integer.MAX_VALUE);
        return new Response.Reply(data, ticks);
    }

    /** {@code onReset}: {@code undefined} (the adapter's reset-ticks) or {@code {ticks}}. */
    static int resetTicks(Fn fn, Value v) {
        if (v.isNull()) {
            return AdapterBehaviour.ADAPTER_RESET_TICKS;
        }
        Map<String, Value> m = object(fn, v, List.of("ticks"), "undefined or {ticks: n}");
        Value ticks = m.get("ticks");
        return ticks == null ? AdapterBehaviour.ADAPTER_RESET_TICKS
                : (int) wholeNumber(fn, v, "ticks", ticks, 0, Integer.MAX_VALUE);
    }

    /** {@code onTest}: {@code undefined} (the modelled status) or {@code {rc}}. */
    static ResponseCode testRc(Fn fn, Value v) {
        if (v.isNull()) {
            return null;
        }
        Map<String, Value> m = object(fn, v, List.of("rc"), "undefined or {rc: n}");
        Value rc = m.get("rc");
        return rc == null ? null : ResponseCode.of(rc(fn, v, "rc", rc, true));
    }

    static final List<String> DESCRIBE_KEYS = List.of("type", "mode", "ml", "queueDepth");

    /** {@code describe}: the configured spec with the fields the script gives replaced. */
    static AdapterSpec describe(Fn fn, Value v, AdapterSpec configured) {
        if (v.isNull()) {
            return configured;
        }
        Map<String, Value> m = object(fn, v, DESCRIBE_KEYS, "undefined or {type, mode, ml, queueDepth}");
        ApType type = configured.type();
        ApMode mode = configured.mode();
        int ml = configured.ml();
        int depth = configured.queueDepth();
        if (m.containsKey("type")) {
            Value t = m.get("type");
            type = null;
            if (t.isString()) {
                for (ApType candidate : ApType.values()) {
                    if (candidate.name().equals(t.asString().toUpperCase(Locale.ROOT))) {
                        type = candidate;
                    }
                }
            }
            if (type == null) {
                throw new BadReturn(fn, v, "type must be one of CEX4, CEX5, CEX6, CEX7, CEX8, not " + shown(t));
            }
        }
        if (m.containsKey("mode")) {
            Value md = m.get("mode");
            mode = md.isString() ? ApMode.of(md.asString()) : null;
            if (mode == null) {
                throw new BadReturn(fn, v, "mode must be one of accelerator, cca, ep11, not " + shown(md));
            }
        }
        if (m.containsKey("ml")) {
            ml = (int) wholeNumber(fn, v, "ml", m.get("ml"), 0, 15);
        }
        if (m.containsKey("queueDepth")) {
            depth = (int) wholeNumber(fn, v, "queueDepth", m.get("queueDepth"), 1, 15);
        }
        return new AdapterSpec(configured.apid(), type, mode, ml, depth, configured.domains(), configured.replyLatency(),
                configured.resetTicks(), configured.behaviour());
    }

    /** What a hook script decided about one AQIC. */
    sealed interface Aqic permits Decline, Status, Interrupts {
    }

    /** {@code {decline: true}}: -EOPNOTSUPP, registers untouched. */
    record Decline() implements Aqic {
    }

    /** {@code {rc: n}}: GR1 := the APQSW with this RC. */
    record Status(int rc) implements Aqic {
    }

    /** {@code {interrupts: "on"|"off", rc?}}: the host AQIC, its status word (its RC replaced by {@code rc} when >= 0). */
    record Interrupts(boolean on, int rc) implements Aqic {
    }

    static final List<String> AQIC_KEYS = List.of("decline", "rc", "interrupts");

    static Aqic aqic(Fn fn, Value v) {
        String expected = "{decline: true}, {rc: n} or {interrupts: \"on\"|\"off\", rc?: n}";
        Map<String, Value> m = object(fn, v, AQIC_KEYS, expected);
        Value decline = m.get("decline");
        Value rc = m.get("rc");
        Value interrupts = m.get("interrupts");
        if (decline != null) {
            if (!decline.isBoolean() || !decline.asBoolean()) {
                throw new BadReturn(fn, v, "decline must be true (leave it out to handle the call), not " + shown(decline));
            }
            if (rc != null || interrupts != null) {
                throw new BadReturn(fn, v, "decline goes alone: a declined AQIC leaves the registers untouched");
            }
            return new Decline();
        }
        if (interrupts != null) {
            boolean on;
            if (interrupts.isString() && interrupts.asString().equals("on")) {
                on = true;
            } else if (interrupts.isString() && interrupts.asString().equals("off")) {
                on = false;
            } else {
                throw new BadReturn(fn, v, "interrupts must be \"on\" or \"off\", not " + shown(interrupts));
            }
            return new Interrupts(on, rc == null ? -1 : rc(fn, v, "rc", rc, true));
        }
        if (rc != null) {
            return new Status(rc(fn, v, "rc", rc, true));
        }
        throw new BadReturn(fn, v, "expected " + expected);
    }
}

package io.apvirt.engine.internal.sweep;

import io.apvirt.engine.internal.sweep.ScenarioText.Hex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instruction classes of {@code apvirt diff}: every check of docs/architecture.md#11.5 and table 4.3 has a class that trips it alone, plus the classes that execute (so every
 * response of section 11.5 step 5 and of the vfio-ap hook, sections 6 and 11.6, is reached) and
 * pairs of defects whose priority the architecture orders (specification before addressing).
 * Problem state is a dimension of its own, so every class is also swept in problem state.
 * Queue 03.0005 is in the default matrix; 01.0001 is not; 40.0005 and 03.0010 need APXA.
 */
public final class InstructionCatalog {

    private static final String IN = "03.0005";
    private static final String OUT = "01.0001";
    private static final String APID_64 = "40.0005";
    private static final String APQI_16 = "03.0010";
    private static final long NIB = 0x1000;
    private static final long QCI_BLOCK = 0x2000;
    private static final long MESSAGE = 0x3000;
    private static final long BUFFER = 0x5000;
    /** 64 MiB, the end of the default guest memory. */
    private static final long OUTSIDE = 0x4000000L;
    private static final String MESSAGE_BYTES = "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f";

    // GR0 bit masks (MSB-0, sections 2.1, 2.6, 2.7)
    private static final long BIT32 = 0x80000000L;
    private static final long BIT33 = 0x40000000L;
    private static final long BIT34 = 0x20000000L;
    private static final long BIT35 = 0x10000000L;
    private static final long BIT40 = 0x00800000L;
    private static final long BIT41 = 0x00400000L;
    private static final long BIT42 = 0x00200000L;

    private InstructionCatalog() {
    }

    /** Every class, in sweep order. */
    public static List<InstructionClass> all() {
        List<InstructionClass> out = new ArrayList<>();
        // ---- PQAP(TAPQ), section 2.2 fc 0, 2.4
        out.add(pqap("tapq", "TAPQ", IN, "TAPQ of a queue in the matrix").build());
        out.add(pqap("tapq-t", "TAPQ", IN, "TAPQ with the T bit (needs APFT; IC.3 intercepts it)").t().build());
        out.add(pqap("tapq-not-in-matrix", "TAPQ", OUT, "TAPQ of an APQN outside APM x AQM").build());
        out.add(pqap("tapq-apid-above-63", "TAPQ", APID_64, "TAPQ with APID 0x40 (needs APXA)").build());
        out.add(pqap("tapq-apqi-above-15", "TAPQ", APQI_16, "TAPQ with APQI 0x10 (needs APXA)").build());
        out.add(pqap("tapq-bit41", "TAPQ", IN, "TAPQ with GR0 bit 41 (F/IF is not TAPQ's)").f().build());
        out.add(pqap("tapq-bit42", "TAPQ", IN, "TAPQ with reserved GR0 bit 42").gr0(BIT42).build());
        out.add(pqap("tapq-t-no-fc-bits", "TAPQ", IN, "TAPQ with the T bit and reserved GR0 bit 42").t().gr0(BIT42).build());
        out.add(pqap("tapq-during-reset", "TAPQ", IN, "TAPQ right after a RAPQ (reset in progress: RC 0x02)")
                .setup(rapq()).build());
        out.add(pqap("tapq-deconfigured", "TAPQ", IN, "TAPQ of a deconfigured adapter (RC 0x03)")
                .config(device(Map.of("faults", Map.of("deconfigure-at", 0)))).build());
        // ---- PQAP(RAPQ), PQAP(ZAPQ), section 2.2 fc 1, 2
        out.add(pqap("rapq", "RAPQ", IN, "RAPQ of a queue in the matrix").build());
        out.add(pqap("rapq-f", "RAPQ", IN, "RAPQ with the F bit (bit 41 allowed)").f().build());
        out.add(pqap("rapq-t", "RAPQ", IN, "RAPQ with the T bit (TAPQ's only)").t().build());
        out.add(pqap("rapq-bit42", "RAPQ", IN, "RAPQ with reserved GR0 bit 42").gr0(BIT42).build());
        out.add(pqap("rapq-not-in-matrix", "RAPQ", OUT, "RAPQ of an APQN outside APM x AQM").build());
        out.add(pqap("zapq", "ZAPQ", IN, "ZAPQ of a queue in the matrix").build());
        out.add(pqap("zapq-f", "ZAPQ", IN, "ZAPQ with the F bit").f().build());
        // ---- PQAP(AQIC), section 2.2 fc 3, 2.3, 4.3, 4.4, 6
        out.add(aqicEnable("aqic-enable", IN, NIB, "AQIC enable, ISC 3, a valid NIB").build());
        out.add(aqicDisable("aqic-disable", IN, "AQIC disable while interrupts are off (RC 0x07)").build());
        out.add(aqicEnable("aqic-enable-nib-0", IN, 0, "AQIC enable with NIB 0 (RC 0x06)").build());
        out.add(aqicEnable("aqic-enable-nib-outside", IN, OUTSIDE, "AQIC enable with the NIB outside guest memory (RC 0x06)").build());
        out.add(aqicEnable("aqic-enable-twice", IN, NIB, "AQIC enable while enabled (RC 0x07)")
                .setup(aqicEnable("setup", IN, NIB, "").raw()).build());
        out.add(aqicDisable("aqic-disable-after-enable", IN, "AQIC disable after an enable")
                .setup(aqicEnable("setup", IN, NIB, "").raw()).build());
        out.add(aqicDisable("aqic-t", IN, "AQIC disable with the T bit").t().build());
        out.add(aqicDisable("aqic-bit41", IN, "AQIC with GR0 bit 41").f().build());
        out.add(aqicDisable("aqic-bit42", IN, "AQIC with reserved GR0 bit 42").gr0(BIT42).build());
        out.add(aqicEnable("aqic-not-in-matrix", OUT, NIB, "AQIC enable of an APQN outside APM x AQM").build());
        out.add(aqicEnable("aqic-apid-above-63", APID_64, NIB, "AQIC enable with APID 0x40 (needs APXA)").build());
        out.add(aqicEnable("aqic-apqi-above-15", APQI_16, NIB, "AQIC enable with APQI 0x10 (needs APXA)").build());
        out.add(aqicEnable("aqic-enable-gisc-rejected", IN, NIB, "AQIC enable with ISC 3 when the GISA takes ISCs up to 2")
                .config(Map.of("hooks.vfio-ap.max-isc", 2)).build());
        out.add(aqicEnable("aqic-enable-deconfigured", IN, NIB, "AQIC enable on a deconfigured adapter (host RC 0x03)")
                .config(device(Map.of("faults", Map.of("deconfigure-at", 0)))).build());
        out.add(aqicDisable("aqic-disable-deconfigured", IN, "AQIC disable on a deconfigured adapter (host RC 0x03)")
                .config(device(Map.of("faults", Map.of("deconfigure-at", 0)))).build());
        out.add(aqicDisable("aqic-disable-long-reset", IN, "AQIC disable during a 50-tick reset (the hook's retries run out)")
                .config(device(Map.of("reset-ticks", 50))).setup(rapq()).build());
        // ---- PQAP(QCI), section 2.2 fc 4, 2.5
        out.add(qci("qci", QCI_BLOCK, "QCI into a doubleword-aligned block in memory").build());
        out.add(qci("qci-misaligned", QCI_BLOCK + 4, "QCI with a block address not doubleword aligned").build());
        out.add(qci("qci-outside", OUTSIDE, "QCI with the block outside guest memory").build());
        out.add(qci("qci-misaligned-outside", OUTSIDE + 4, "QCI misaligned and outside memory (specification before addressing)").build());
        out.add(qci("qci-bit41", QCI_BLOCK, "QCI with GR0 bit 41").f().build());
        // ---- PQAP(QACT), fc 6, BAPQ, AAPQ, undefined fcs, section 2.2
        out.add(pqap("qact", "QACT", IN, "QACT of a queue in the matrix").build());
        out.add(pqap("qact-if", "QACT", IN, "QACT with the IF bit (bit 41 allowed)").f().build());
        out.add(pqap("fc6", "6", IN, "PQAP fc 6 (semantics unknown)").build());
        out.add(pqap("bapq", "BAPQ", IN, "BAPQ (Secure Execution only)").build());
        out.add(pqap("aapq", "AAPQ", IN, "AAPQ (Secure Execution only)").build());
        out.add(pqap("fc9", "9", IN, "PQAP fc 9 (undefined)").build());
        out.add(pqap("fc255", "255", IN, "PQAP fc 255 (undefined)").build());
        // ---- NQAP, section 2.6
        out.add(nqap("nqap", IN, "NQAP of a 16-byte message").message().build());
        out.add(nqap("nqap-bit33", IN, "NQAP with GR0 bit 33 (Linux's 'last part', allowed)").message().gr0(BIT33).build());
        out.add(nqap("nqap-odd-r1", IN, "NQAP with an odd R1").r1(5).message().build());
        out.add(nqap("nqap-odd-r2", IN, "NQAP with an odd R2").r2(7).at(MESSAGE, 16).build());
        out.add(nqap("nqap-length-0", IN, "NQAP of length 0").at(MESSAGE, 0).build());
        out.add(nqap("nqap-length-above-12k", IN, "NQAP of 12 KiB + 1 (ML 0)").at(MESSAGE, 0x3001).build());
        out.add(nqap("nqap-length-above-ml", IN, "NQAP of 4 KiB + 1 to an adapter with ML 1").at(MESSAGE, 0x1001)
                .config(device(Map.of("max-message-length", 1))).build());
        out.add(nqap("nqap-bit32", IN, "NQAP with reserved GR0 bit 32").message().gr0(BIT32).build());
        out.add(nqap("nqap-bit34", IN, "NQAP with reserved GR0 bit 34").message().gr0(BIT34).build());
        out.add(nqap("nqap-bit35", IN, "NQAP with reserved GR0 bit 35").message().gr0(BIT35).build());
        out.add(nqap("nqap-bit40", IN, "NQAP with reserved GR0 bit 40").message().gr0(BIT40).build());
        out.add(nqap("nqap-outside", IN, "NQAP of a message outside guest memory").at(OUTSIDE - 8, 16).build());
        out.add(nqap("nqap-odd-r1-outside", IN, "NQAP with an odd R1 and the message outside memory").r1(5)
                .at(OUTSIDE - 8, 16).build());
        out.add(nqap("nqap-not-in-matrix", OUT, "NQAP to an APQN outside APM x AQM").message().build());
        out.add(nqap("nqap-apid-above-63", APID_64, "NQAP to APID 0x40").message().build());
        out.add(nqap("nqap-full", IN, "NQAP to a full queue (depth 1, RC 0x10)").message()
                .config(device(Map.of("queue-depth", 1))).setup(nqapRaw()).build());
        out.add(nqap("nqap-deconfigured", IN, "NQAP to a deconfigured adapter (RC 0x03)").message()
                .config(device(Map.of("faults", Map.of("deconfigure-at", 0)))).build());
        // ---- DQAP, section 2.7
        out.add(dqap("dqap-empty", IN, "DQAP with nothing pending (RC 0x10)").buffer(BUFFER, 4096).build());
        out.add(dqap("dqap-reply", IN, "DQAP of a ready reply").buffer(BUFFER, 4096).setup(nqapRaw()).build());
        out.add(dqap("dqap-partial", IN, "DQAP of a 16-byte reply into an 8-byte buffer (cc 1)").buffer(BUFFER, 8)
                .setup(nqapRaw()).build());
        out.add(dqap("dqap-bit32", IN, "DQAP with GR0 bit 32 (Linux sets it, allowed)").buffer(BUFFER, 4096).gr0(BIT32).build());
        out.add(dqap("dqap-odd-r1", IN, "DQAP with an odd R1").r1(9).buffer(BUFFER, 4096).build());
        out.add(dqap("dqap-odd-r2", IN, "DQAP with an odd R2").r2(7).buffer(BUFFER, 4096).build());
        out.add(dqap("dqap-length-0", IN, "DQAP with a buffer of length 0").buffer(BUFFER, 0).build());
        out.add(dqap("dqap-length-above-12k", IN, "DQAP with a buffer of 12 KiB + 1").buffer(BUFFER, 0x3001).build());
        out.add(dqap("dqap-bit33", IN, "DQAP with reserved GR0 bit 33").buffer(BUFFER, 4096).gr0(BIT33).build());
        out.add(dqap("dqap-bit34", IN, "DQAP with reserved GR0 bit 34").buffer(BUFFER, 4096).gr0(BIT34).build());
        out.add(dqap("dqap-bit35", IN, "DQAP with reserved GR0 bit 35").buffer(BUFFER, 4096).gr0(BIT35).build());
        out.add(dqap("dqap-bit40", IN, "DQAP with reserved GR0 bit 40").buffer(BUFFER, 4096).gr0(BIT40).build());
        out.add(dqap("dqap-bit41", IN, "DQAP with reserved GR0 bit 41").buffer(BUFFER, 4096).gr0(BIT41).build());
        out.add(dqap("dqap-outside", IN, "DQAP into a buffer outside guest memory").buffer(OUTSIDE - 8, 4096).build());
        out.add(dqap("dqap-not-in-matrix", OUT, "DQAP from an APQN outside APM x AQM").buffer(BUFFER, 4096).build());
        out.add(dqap("dqap-apid-above-63", APID_64, "DQAP from APID 0x40").buffer(BUFFER, 4096).build());
        return List.copyOf(out);
    }

    /**
     * The classes with these ids, in catalogue order; every class when {@code ids} is empty.
     *
     * @throws IllegalArgumentException naming an unknown id and the known ones
     */
    public static List<InstructionClass> select(List<String> ids) {
        List<InstructionClass> all = all();
        if (ids.isEmpty()) {
            return all;
        }
        List<String> known = all.stream().map(InstructionClass::id).toList();
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("'" + id + "' is not an instruction class; known: " + String.join(", ", known));
            }
        }
        return all.stream().filter(c -> ids.contains(c.id())).toList();
    }

    // ---- builders ------------------------------------------------------------------------------

    private static Map<String, Object> device(Map<String, Object> fields) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("adapter", 3);
        d.putAll(fields);
        return Map.of("devices", List.of(d));
    }

    private static Map<String, Object> rapq() {
        return pqap("setup", "RAPQ", IN, "").raw();
    }

    private static Map<String, Object> nqapRaw() {
        return nqap("setup", IN, "").message().raw();
    }

    private static Builder pqap(String id, String fc, String apqn, String description) {
        Builder b = new Builder(id, fc.chars().allMatch(Character::isDigit) ? "PQAP(fc=" + fc + ")" : "PQAP(" + fc + ")",
                description);
        b.step.put("instruction", "pqap");
        b.step.put("fc", fc.chars().allMatch(Character::isDigit) ? (Object) Integer.parseInt(fc) : fc.toLowerCase());
        b.step.put("apqn", apqn);
        b.apqn = apqn;
        return b;
    }

    private static Builder aqicEnable(String id, String apqn, long nib, String description) {
        Builder b = pqap(id, "AQIC", apqn, description);
        b.step.put("ir", true);
        b.step.put("isc", 3);
        b.step.put("nib", new Hex(nib));
        return b;
    }

    private static Builder aqicDisable(String id, String apqn, String description) {
        Builder b = pqap(id, "AQIC", apqn, description);
        b.step.put("ir", false);
        return b;
    }

    private static Builder qci(String id, long block, String description) {
        Builder b = new Builder(id, "PQAP(QCI)", description);
        b.step.put("instruction", "pqap");
        b.step.put("fc", "qci");
        b.step.put("regs", new LinkedHashMap<>(Map.of(2, new Hex(block))));
        b.text = "PQAP(QCI) @" + new Hex(block);
        return b;
    }

    private static Builder nqap(String id, String apqn, String description) {
        Builder b = new Builder(id, "NQAP", description);
        b.step.put("instruction", "nqap");
        b.step.put("r1", 4);
        b.step.put("r2", 6);
        b.step.put("apqn", apqn);
        b.step.put("psmid", new Hex(0x1234));
        b.apqn = apqn;
        return b;
    }

    private static Builder dqap(String id, String apqn, String description) {
        Builder b = new Builder(id, "DQAP", description);
        b.step.put("instruction", "dqap");
        b.step.put("r1", 10);
        b.step.put("r2", 8);
        b.step.put("apqn", apqn);
        b.apqn = apqn;
        return b;
    }

    private static final class Builder {
        final String id;
        final String family;
        final String description;
        final Map<String, Object> step = new LinkedHashMap<>();
        final Map<String, Object> config = new LinkedHashMap<>();
        final List<Map<String, Object>> setup = new ArrayList<>();
        String apqn;
        String text;
        long gr0;

        Builder(String id, String family, String description) {
            this.id = id;
            this.family = family;
            this.description = description;
        }

        Builder t() {
            step.put("t", true);
            return this;
        }

        Builder f() {
            step.put("f", true);
            return this;
        }

        /** Extra GR0 bits: {@code regs: {0: bits}}, on which the helpers build (README "Scenarios"). */
        Builder gr0(long bits) {
            gr0 |= bits;
            return this;
        }

        Builder r1(int r) {
            step.put("r1", r);
            return this;
        }

        Builder r2(int r) {
            step.put("r2", r);
            return this;
        }

        Builder message() {
            step.put("address", new Hex(MESSAGE));
            step.put("message", MESSAGE_BYTES);
            return this;
        }

        Builder at(long address, long length) {
            step.put("address", new Hex(address));
            step.put("length", length);
            return this;
        }

        Builder buffer(long address, long length) {
            return at(address, length);
        }

        Builder config(Map<String, Object> more) {
            config.putAll(more);
            return this;
        }

        Builder setup(Map<String, Object> s) {
            setup.add(s);
            return this;
        }

        Map<String, Object> raw() {
            Map<String, Object> s = new LinkedHashMap<>();
            if (gr0 != 0) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> regs = (Map<Object, Object>) step.computeIfAbsent("regs", k -> new LinkedHashMap<>());
                regs.put(0, new Hex(gr0));
            }
            s.putAll(step);
            if (!(boolean) s.getOrDefault("problem-state", false)) {
                s.put("problem-state", false);
            }
            return s;
        }

        InstructionClass build() {
            Map<String, Object> s = raw();
            s.remove("problem-state");
            String shown = text;
            if (shown == null && family.startsWith("PQAP")) {
                shown = (step.containsKey("t") ? family.replace(")", ",T)") : family) + " " + apqn;
            } else if (shown == null) {
                shown = family + " " + step.get("r1") + "," + step.get("r2") + " " + apqn;
            }
            return new InstructionClass(id, family, shown, description, config, setup, s);
        }
    }
}

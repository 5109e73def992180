package io.apvirt.cli.render;

import io.apvirt.api.arch.Apqsw;
import io.apvirt.api.machine.Execution;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.outcome.StatusPlacement;
import io.apvirt.engine.internal.scenario.ScenarioRunner.StepRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the ABI comparison table: a step under each policy.
 *
 * <p>The guest sees the program exception, or the condition code and the registers the step
 * changed under any of the policies; a row {@code differs} when that is not the same under
 * every policy. A cell reads {@code cc0 0x00 firmware PASS}: the cc and the response code
 * (or the program exception), the level that decided, the check. When two cells of a
 * differing row read the same (the same cc and RC) but the guest sees different registers,
 * both show what differs between them, after the RC:
 * <ul>
 * <li>a status word flag that differs ({@code E}, {@code R}, {@code F}, {@code A} async,
 *     {@code I}; docs/architecture.md#3): {@code +I} when it is set, {@code -I} when not;</li>
 * <li>any other register that differs: {@code gr2=0x...} with its value after the instruction
 *     (GR1 too, when more than its flags differ).</li>
 * </ul>
 * For example {@code cc0 0x00 +I firmware PASS} beside {@code cc0 0x00 -I firmware PASS}.
 */
record Comparison(boolean differs, List<String> cells) {

    /** The status word flags, in word bit order, with their letters. */
    private static final int[] FLAGS = {Apqsw.WORD_E, Apqsw.WORD_R, Apqsw.WORD_F, Apqsw.WORD_ASYNC, Apqsw.WORD_I};
    private static final String[] LETTERS = {"E", "R", "F", "A", "I"};

    /** @param step the step under each policy, in column order */
    static Comparison of(List<StepRun> step) {
        int changed = 0;
        for (StepRun s : step) {
            changed |= s.execution().changedRegisterMask();
        }
        List<String> views = new ArrayList<>();
        for (StepRun s : step) {
            views.add(guestView(s.execution(), changed));
        }
        boolean differs = views.stream().distinct().count() > 1;
        List<String> details = new ArrayList<>();
        step.forEach(s -> details.add(""));
        if (differs) {
            Map<String, List<Integer>> sameText = new LinkedHashMap<>();
            for (int p = 0; p < step.size(); p++) {
                sameText.computeIfAbsent(Describe.seen(step.get(p).execution().outcome()), k -> new ArrayList<>()).add(p);
            }
            for (List<Integer> group : sameText.values()) {
                if (group.stream().map(views::get).distinct().count() > 1) {
                    List<Execution> executions = group.stream().map(p -> step.get(p).execution()).toList();
                    List<String> detail = details(executions, changed);
                    for (int g = 0; g < group.size(); g++) {
                        details.set(group.get(g), detail.get(g));
                    }
                }
            }
        }
        List<String> cells = new ArrayList<>();
        for (int p = 0; p < step.size(); p++) {
            StepRun s = step.get(p);
            Outcome o = s.execution().outcome();
            String mark = s.checked() ? (s.passed() ? " PASS" : " FAIL") : "";
            cells.add(Describe.seen(o) + details.get(p) + " " + o.level().id() + mark);
        }
        return new Comparison(differs, List.copyOf(cells));
    }

    /**
     * What the guest sees of one step: the program exception, or the cc and the values of the
     * registers that this step changed under any of the compared policies.
     */
    static String guestView(Execution e, int changedMask) {
        if (e.outcome() instanceof Outcome.ProgramException p) {
            return p.interruption().id();
        }
        StringBuilder b = new StringBuilder("cc").append(Describe.cc(e.outcome()));
        for (int r = 0; r < 16; r++) {
            if ((changedMask & (1 << r)) != 0) {
                b.append(" gr").append(r).append('=').append(Long.toHexString(e.after()[r]));
            }
        }
        return b.toString();
    }

    /** For completed executions with the same cc and RC: each one's {@code " +I gr2=0x..."}, the registers that differ. */
    private static List<String> details(List<Execution> group, int changedMask) {
        List<StringBuilder> out = new ArrayList<>();
        group.forEach(e -> out.add(new StringBuilder()));
        for (int r = 0; r < 16; r++) {
            int reg = r;
            if ((changedMask & (1 << r)) == 0 || group.stream().map(e -> e.after()[reg]).distinct().count() == 1) {
                continue;
            }
            long flags = r == 1 ? statusFlagsInGr1(group) : 0;
            if (flags != 0 && group.stream().map(e -> e.after()[1] & ~flags).distinct().count() == 1) {
                for (int f = 0; f < FLAGS.length; f++) {
                    long bit = inGr1(FLAGS[f], placement(group.get(0)));
                    if (group.stream().map(e -> e.after()[1] & bit).distinct().count() > 1) {
                        for (int g = 0; g < group.size(); g++) {
                            out.get(g).append((group.get(g).after()[1] & bit) != 0 ? " +" : " -").append(LETTERS[f]);
                        }
                    }
                }
                continue;
            }
            for (int g = 0; g < group.size(); g++) {
                out.get(g).append(" gr").append(r).append("=0x").append(Long.toHexString(group.get(g).after()[r]));
            }
        }
        return out.stream().map(StringBuilder::toString).toList();
    }

    /** The GR1 bits of the status word's flags when every execution put a status word in the same place, else 0. */
    private static long statusFlagsInGr1(List<Execution> group) {
        StatusPlacement placement = placement(group.get(0));
        if (placement == StatusPlacement.NONE || group.stream().anyMatch(e -> placement(e) != placement)) {
            return 0;
        }
        long mask = 0;
        for (int flag : FLAGS) {
            mask |= inGr1(flag, placement);
        }
        return mask;
    }

    private static StatusPlacement placement(Execution e) {
        return e.outcome() instanceof Outcome.Completed c && c.hasStatus() ? c.placement() : StatusPlacement.NONE;
    }

    /** A status word bit's position in GR1: bits 32-63 architected, bits 0-31 in the kernel's placement (section 3, table 4.3 row 10). */
    private static long inGr1(int wordBit, StatusPlacement placement) {
        long bit = Integer.toUnsignedLong(wordBit);
        return placement == StatusPlacement.KERNEL_HIGH_WORD ? bit << 32 : bit;
    }
}

package io.apvirt.engine.internal.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups classes with the same key into rows of minimal conditions: each row is a cube (some
 * dimensions fixed, the others free, and a set of instruction classes) all of whose classes
 * carry the row's key, grown greedily from the first class not yet covered: first every
 * dimension is freed that can be (in dimension order), then every instruction class is added
 * that can be (in catalogue order). A row is therefore prime: fixing one dimension fewer, it
 * would take in a class with another key. Configurations the space excludes are don't-cares.
 * Deterministic: seeds and growth follow the class order.
 */
final class RowCover {

    /** A row: the dimension values it fixes ({@code -1}: free), its instruction classes, its classes in class order. */
    record Cube(int key, int[] fixed, boolean[] instructions, List<Integer> members) {
    }

    private final SweepResult result;
    private final List<int[]> configs;
    private final int n;

    RowCover(SweepResult result) {
        this.result = result;
        this.configs = result.space().configurations();
        this.n = result.instructions().size();
    }

    /**
     * @param keys a key per class, {@code -1} for classes that belong to no row
     * @return the rows, in the order their seeds come in the class order
     */
    List<Cube> cover(int[] keys) {
        boolean[] covered = new boolean[keys.length];
        List<Cube> out = new ArrayList<>();
        for (int seed = 0; seed < keys.length; seed++) {
            if (keys[seed] < 0 || covered[seed]) {
                continue;
            }
            int key = keys[seed];
            int[] fixed = configs.get(seed / n).clone();
            boolean[] instr = new boolean[n];
            instr[seed % n] = true;
            for (int d = 0; d < fixed.length; d++) {
                int value = fixed[d];
                fixed[d] = -1;
                if (!inside(keys, key, fixed, instr)) {
                    fixed[d] = value;
                }
            }
            int[] matching = matching(fixed);
            for (int i = 0; i < n; i++) {
                if (!instr[i] && allKeyed(keys, key, matching, i)) {
                    instr[i] = true;
                }
            }
            List<Integer> members = members(fixed, instr);
            for (int k : members) {
                covered[k] = true;
            }
            out.add(new Cube(key, fixed, instr, List.copyOf(members)));
        }
        return out;
    }

    private boolean inside(int[] keys, int key, int[] fixed, boolean[] instr) {
        for (int c = 0; c < configs.size(); c++) {
            if (matches(configs.get(c), fixed)) {
                for (int i = 0; i < n; i++) {
                    if (instr[i] && keys[c * n + i] != key) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The configurations the fixed dimensions allow. */
    private int[] matching(int[] fixed) {
        int[] out = new int[configs.size()];
        int count = 0;
        for (int c = 0; c < configs.size(); c++) {
            if (matches(configs.get(c), fixed)) {
                out[count++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** Whether instruction class {@code i} has {@code key} in every one of these configurations. */
    private boolean allKeyed(int[] keys, int key, int[] configurations, int i) {
        for (int c : configurations) {
            if (keys[c * n + i] != key) {
                return false;
            }
        }
        return true;
    }

    private List<Integer> members(int[] fixed, boolean[] instr) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            if (matches(configs.get(c), fixed)) {
                for (int i = 0; i < n; i++) {
                    if (instr[i]) {
                        out.add(c * n + i);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Drops the rows whose classes the rows before them already cover (the greedy cover grows
     * each row from its own seed, so a later, larger row may swallow an earlier one).
     */
    static List<Cube> irredundant(List<Cube> rows, int classes) {
        boolean[] covered = new boolean[classes];
        List<Cube> out = new ArrayList<>();
        for (Cube row : rows) {
            boolean adds = false;
            for (int k : row.members()) {
                adds |= !covered[k];
            }
            if (adds) {
                out.add(row);
                for (int k : row.members()) {
                    covered[k] = true;
                }
            }
        }
        return out;
    }

    static boolean matches(int[] config, int[] fixed) {
        for (int d = 0; d < fixed.length; d++) {
            if (fixed[d] >= 0 && fixed[d] != config[d]) {
                return false;
            }
        }
        return true;
    }
}

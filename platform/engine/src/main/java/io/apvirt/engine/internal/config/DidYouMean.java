package io.apvirt.engine.internal.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The "did you mean" of configuration and scenario errors: the nearest known name by edit distance. */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The candidate nearest to {@code name}, if it is close enough (at most max(3, length/4) edits). */
    public static Optional<String> nearest(String name, Collection<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt(k -> distance(k, name)))
                .filter(k -> distance(k, name) <= Math.max(3, name.length() / 4));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

package io.apvirt.engine.internal.scenario;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenario loader on mutated scenario files (lines dropped, doubled, cut, swapped, characters
 * replaced by YAML's punctuation, numbers made huge or negative): it either loads or refuses with a
 * {@link ScenarioException} that names the file, never another exception.
 */
public class ScenarioFuzzTest {

    static final List<String> SEEDS = seeds();

    static List<String> seeds() {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(Path.of("../../scripts/scenarios"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(Files.readString(f));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<Integer>> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8);
        return net.jqwik.api.Combinators.combine(seed, edits).as(ScenarioFuzzTest::mutate);
    }

    private static final String[] JUNK = {":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!binary ", "\t", "'", "\"", "#", "0x",
            "-1", "99999999999999999999999", "0xffffffffffffffffff", "null", "~", "\u0000", "|\n", "? ", ",", "%"};

    public static String mutate(String text, List<Integer> edits) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int e : edits) {
            if (lines.isEmpty()) {
                lines.add("");
            }
            int at = e % lines.size();
            String line = lines.get(at);
            switch ((e >>> 8) % 6) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> lines.set(at, line.substring(0, line.isEmpty() ? 0 : (e >>> 12) % line.length()));
                case 3 -> {
                    int other = (e >>> 12) % lines.size();
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 4 -> {
                    int pos = line.isEmpty() ? 0 : (e >>> 12) % line.length();
                    lines.set(at, line.substring(0, pos) + JUNK[(e >>> 20) % JUNK.length] + line.substring(pos));
                }
                default -> lines.set(at, line.replaceAll("\\b\\d+\\b", JUNK[(e >>> 20) % JUNK.length]));
            }
        }
        return String.join("\n", lines);
    }

    @Property(tries = 3000)
    void aMutatedScenarioLoadsOrIsRefusedWithItsPlace(@ForAll("mutated") String text) {
        String outcome;
        try {
            ScenarioLoader.parse("fuzz.yaml", text);
            outcome = "loaded";
        } catch (ScenarioException e) {
            assertTrue(e.getMessage().startsWith("fuzz.yaml"), e.getMessage());
            outcome = "refused";
        }
        Statistics.collect(outcome);
        // the mutations must reach both ends: most inputs refused, some still valid
        Statistics.coverage(c -> {
            c.check("refused").percentage(p -> p > 40);
            c.check("loaded").percentage(p -> p > 1);
        });
    }
}

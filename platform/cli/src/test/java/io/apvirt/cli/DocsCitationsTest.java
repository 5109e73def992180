package io.apvirt.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The domain reference is in the repository (docs/architecture.md, docs/design.md) and every
 * citation of it in the sources, scripts and README names a section that exists: each
 * {@code docs/architecture.md#N} (and each further {@code #N} of the same citation) is an
 * {@code <a id="N">} of the file.
 */
class DocsCitationsTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern CITATION = Pattern.compile("docs/(architecture|design)\\.md#([^\\n)\"|;`]*)");
    private static final Pattern ANCHOR = Pattern.compile("#([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]|[0-9])");
    private static final Pattern ID = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    @Test
    void everyCitedSectionExists() throws IOException {
        Set<String> architecture = anchors("docs/architecture.md");
        Set<String> design = anchors("docs/design.md");
        assertTrue(architecture.containsAll(List.of("2.1", "4.3", "11.5", "11.7")), architecture.toString());
        List<String> broken = new ArrayList<>();
        int citations = 0;
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            for (int n = 0; n < lines.size(); n++) {
                Matcher m = CITATION.matcher(lines.get(n));
                while (m.find()) {
                    Set<String> known = m.group(1).equals("architecture") ? architecture : design;
                    Matcher a = ANCHOR.matcher("#" + m.group(2));
                    while (a.find()) {
                        citations++;
                        if (!known.contains(a.group(1))) {
                            broken.add(ROOT.relativize(file) + ":" + (n + 1) + ": docs/" + m.group(1) + ".md has no section #" + a.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(citations > 150, citations + " citations");
    }

    @Test
    void nothingCitesTheReferenceOutsideTheRepository() throws IOException {
        List<String> stale = new ArrayList<>();
        Pattern outside = Pattern.compile("ap-architecture\\.md|(?<![/\\w])design\\.md");
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            for (int n = 0; n < lines.size(); n++) {
                if (outside.matcher(lines.get(n)).find()) {
                    stale.add(ROOT.relativize(file) + ":" + (n + 1) + ": " + lines.get(n).trim());
                }
            }
        }
        assertEquals(List.of(), stale);
    }

    @Test
    void theReadmesFidelityTableIsTheRulesOfTheModel() throws IOException {
        CliTest.Result rules = CliTest.run("rules", "--markdown");
        assertEquals(0, rules.exit(), rules.err());
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains(rules.out()), "regenerate the Fidelity table with: scripts/apvirt rules --markdown");
    }

    private static Set<String> anchors(String doc) throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = ID.matcher(Files.readString(ROOT.resolve(doc)));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The README, BENCHMARKS.md and every source, resource and script of the modules. */
    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        for (String dir : List.of("platform", "policies", "plugins", "scripts", "examples")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
                s.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().contains("/target/"))
                        .filter(p -> p.toString().matches(".*\\.(java|yaml|js|json|md|css)$"))
                        .filter(p -> !p.getFileName().toString().equals("DocsCitationsTest.java"))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }
}

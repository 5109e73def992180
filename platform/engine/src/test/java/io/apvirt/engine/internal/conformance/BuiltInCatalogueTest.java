package io.apvirt.engine.internal.conformance;

import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.device.EchoBehaviour;
import io.apvirt.engine.internal.scenario.Scenario;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in catalogue: complete index, a citation for every case, departures recorded
 * only for the policies that depart, and no unexpected failure under the engine's stand-ins
 * for corrected (the architected semantics at the kvm level) and legacy-abi (every intercept
 * to userspace). The files that need the vfio-ap hook are skipped here; the CLI tests run
 * everything with the real modules.
 */
@EnableWeld
class BuiltInCatalogueTest {

    @WeldSetup
    public WeldInitiator weld = WeldInitiator.of(ComponentRegistry.class, ApvirtConfiguration.class, MachineFactory.class,
            EchoBehaviour.class, StandInPolicies.Corrected.class, StandInPolicies.LegacyAbi.class, StandInPolicies.Mainline.class);

    static final ConformanceCatalogue BUILT_IN = ConformanceCatalogue.builtIn();

    @Test
    void theIndexListsEveryFileOfTheFolderOnce() throws Exception {
        URL index = getClass().getClassLoader().getResource(ConformanceCatalogue.INDEX);
        assertNotNull(index);
        Path folder = Path.of(index.toURI()).getParent();
        Set<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = new HashSet<>(list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList());
        }
        List<String> names = ConformanceCatalogue.builtInNames();
        assertEquals(files, new HashSet<>(names));
        assertEquals(names.size(), new HashSet<>(names).size(), "a file is listed twice");
        assertEquals(names.size(), BUILT_IN.files().size());
        assertEquals("built-in catalogue", BUILT_IN.source());
        assertEquals("classpath:io/apvirt/conformance/priority.yaml", BUILT_IN.files().get(0).file());
    }

    @Test
    void everyCaseCitesItsSectionAndHasAUniqueName() {
        Set<String> names = new HashSet<>();
        for (ConformanceCase c : BUILT_IN.cases()) {
            assertFalse(c.step().catalogue().cite().isEmpty(), c.name() + " has no cite");
            assertTrue(c.step().catalogue().cite().matches(".*\\b(11\\.[3-9]|3|4\\.[1-7]|6\\.[1-4]|table 4\\.[36])\\b.*"),
                    c.name() + " cites no section of docs/architecture.md: " + c.step().catalogue().cite());
            assertTrue(names.add(c.name()), "two cases are named " + c.name());
            assertFalse(c.step().name().isBlank(), c.name());
        }
        assertTrue(BUILT_IN.cases().size() > 200, "cases: " + BUILT_IN.cases().size());
    }

    @Test
    void departuresAreRecordedForLegacyAbiAndMainlineOnlyAndCarryAnExpectation() {
        int legacy = 0;
        int mainline = 0;
        for (ConformanceCase c : BUILT_IN.cases()) {
            Set<String> ids = c.step().catalogue().xfailByPolicy().keySet();
            assertTrue(Set.of("legacy-abi", "mainline").containsAll(ids), c.name() + ": " + ids);
            assertTrue(c.step().expectByPolicy().isEmpty(), c.name() + ": the catalogue states one architected expectation");
            assertNotNull(c.step().expect(), c.name());
            legacy += ids.contains("legacy-abi") ? 1 : 0;
            mainline += ids.contains("mainline") ? 1 : 0;
        }
        assertTrue(legacy > mainline && mainline > 20, "legacy-abi " + legacy + ", mainline " + mainline);
        for (Scenario file : BUILT_IN.files()) {
            assertTrue(file.config().containsKey(ConfigKeys.HOOK), file.file() + " names no hook (the default needs vfio-ap)");
        }
    }

    @Test
    void noUnexpectedFailureUnderTheStandInsForCorrectedAndLegacyAbi() {
        ComponentRegistry registry = weld.select(ComponentRegistry.class).get();
        ConformanceRunner runner = new ConformanceRunner(registry.catalog(), ConformanceRunner.container(
                weld.select(ApvirtConfiguration.class).get(), weld.select(MachineFactory.class).get()));
        ConformanceReport report = runner.run(BUILT_IN, List.of("corrected", "legacy-abi"));
        for (CaseResult r : report.results()) {
            assertFalse(r.verdict().unexpected(), r.verdict() + " " + r.policy() + ": " + r.kase().title() + " -- " + r.detail());
            if (r.policy().equals("corrected")) {
                assertTrue(r.verdict() == Verdict.PASS || r.verdict() == Verdict.SKIP, r.kase().title());
            }
            if (r.verdict() == Verdict.SKIP) {
                assertEquals("needs the hook vfio-ap, which is not installed (installed: only none)", r.reason());
            }
        }
        ConformanceReport.Summary s = report.summary();
        assertTrue(s.passed() > 300 && s.expectedFailures() > 40 && s.skipped() > 0, s.toString());
    }

    @Test
    void theContainerSetupChecksEveryFileBeforeTheFirstRuns() {
        ComponentRegistry registry = weld.select(ComponentRegistry.class).get();
        ConformanceRunner runner = new ConformanceRunner(registry.catalog(), ConformanceRunner.container(
                weld.select(ApvirtConfiguration.class).get(), weld.select(MachineFactory.class).get()));
        ConformanceCatalogue two = ConformanceRunnerTest.catalogue(
                "good.yaml", "config: {hook: none}\nsteps: [{instruction: pqap, expect: {cc: 0}}]\n",
                "far.yaml", "config: {hook: none, guest.memory: 1MiB}\nsteps:\n  - instruction: pqap\n    memory: {0x100000: '00'}\n");
        io.apvirt.engine.internal.scenario.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.apvirt.engine.internal.scenario.ScenarioException.class, () -> runner.run(two, List.of("corrected")));
        assertEquals("far.yaml:4: steps[1].memory: the byte at 0x100000 is outside guest memory (1MiB, addresses 0x0-0xfffff)",
                e.getMessage());
        // the defaults and the file, nothing of the process: -Dapvirt.hook=none does not hide that vfio-ap is not installed
        System.setProperty("apvirt.hook", "none");
        try {
            var invalid = org.junit.jupiter.api.Assertions.assertThrows(io.apvirt.engine.internal.config.InvalidConfigurationException.class,
                    () -> runner.run(ConformanceRunnerTest.catalogue("nohook.yaml", "steps: [{instruction: pqap, expect: {cc: 0}}]\n"),
                            List.of("corrected")));
            assertEquals("apvirt.hook = vfio-ap (from built-in defaults): is not a known hook id; known: none",
                    invalid.problems().get(0).render());
        } finally {
            System.clearProperty("apvirt.hook");
        }
    }
}

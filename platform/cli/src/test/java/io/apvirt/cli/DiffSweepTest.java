package io.apvirt.cli;

import io.apvirt.cli.render.DiffReport;
import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.ApvirtContainer;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioLoader;
import io.apvirt.engine.internal.scenario.ScenarioRunner;
import io.apvirt.engine.internal.sweep.DiffAnalysis;
import io.apvirt.engine.internal.sweep.DiffDocument;
import io.apvirt.engine.internal.sweep.ScenarioText;
import io.apvirt.engine.internal.sweep.Sweep;
import io.apvirt.engine.internal.sweep.SweepOutcome;
import io.apvirt.engine.internal.sweep.SweepResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diff sweep through the engine API with the real policies and the vfio-ap hook. */
class DiffSweepTest {

    static final List<String> POLICIES = List.of("legacy-abi", "mainline", "corrected");

    static ApvirtContainer container;
    static SweepResult full;
    static DiffDocument document;
    static final Map<Integer, Map<String, Object>> CONDITIONS = new java.util.HashMap<>();

    @BeforeAll
    static void sweepOnce() {
        container = ApvirtContainer.boot();
        full = sweep(POLICIES, List.of(), 2);
        document = DiffAnalysis.analyse(full);
    }

    @AfterAll
    static void close() {
        container.close();
    }

    static SweepResult sweep(List<String> policies, List<String> only, int threads) {
        ApvirtConfiguration configuration = container.get(ApvirtConfiguration.class);
        ConfigLayers layers = ConfigLayers.defaults();
        ApvirtSettings base = configuration.resolve(layers);
        return Sweep.run(new Sweep.Request(policies, only, base,
                extra -> configuration.resolve(layers.withScenario("test", extra)), container.get(MachineFactory.class),
                DiffCommand.required(container.get(ComponentRegistry.class), policies, base), threads));
    }

    @Test
    void everyRequiredRuleIsReached() {
        assertEquals(List.of(), full.unreached());
        // firmware 3 + architected 26 + legacy-abi 1 + mainline 11 + vfio-ap 12
        assertEquals(53, full.required().size());
        for (String rule : full.required()) {
            assertTrue(full.coverage().get(rule) > 0, rule);
        }
        assertEquals(1280 * 78, full.classCount());
    }

    @Test
    void aPolicyComparedWithItselfHasNoRowAndItsDeparturesAreItsOwn() {
        SweepResult self = sweep(List.of("mainline", "mainline"), List.of("aqic-t", "tapq", "nqap-odd-r1"), 2);
        DiffDocument d = DiffAnalysis.analyse(self);
        assertEquals(0, d.totals().differing());
        assertEquals(List.of(), d.rows());
    }

    @Test
    void correctedNeverDepartsFromTheArchitectedResult() {
        assertEquals(0, document.totals().departing().get("corrected"));
        assertTrue(document.totals().departing().get("legacy-abi") > 0);
        assertTrue(document.totals().departing().get("mainline") > 0);
    }

    @Test
    void expandingTheRowsGivesBackEveryDifferingClassWithItsOutcomes() {
        boolean[] covered = new boolean[full.classCount()];
        for (DiffDocument.Row row : document.rows()) {
            List<Integer> expansion = expand(row.when());
            assertEquals(row.classes(), expansion.size(), row.id());
            for (int k : expansion) {
                for (int p = 0; p < POLICIES.size(); p++) {
                    assertEquals(row.outcomes().get(POLICIES.get(p)), full.outcome(k, p).text(), row.id() + " " + full.classId(k));
                }
                covered[k] = true;
            }
        }
        for (int k = 0; k < full.classCount(); k++) {
            assertEquals(full.differs(k), covered[k], full.classId(k));
        }
    }

    @Test
    void expandingTheDeparturesGivesBackEveryDepartingClass() {
        for (int p = 0; p < POLICIES.size(); p++) {
            boolean[] covered = new boolean[full.classCount()];
            for (DiffDocument.Departure dep : document.departures().get(POLICIES.get(p))) {
                List<Integer> expansion = expand(dep.when());
                assertEquals(dep.classes(), expansion.size());
                for (int k : expansion) {
                    SweepOutcome o = full.outcome(k, p);
                    assertEquals(dep.outcome(), o.text());
                    assertEquals(dep.architected(), full.architected(k).text());
                    assertEquals(dep.rule(), o.via() == null ? o.rule() : o.via() + " > " + o.rule());
                    covered[k] = true;
                }
            }
            for (int k = 0; k < full.classCount(); k++) {
                assertEquals(full.departs(k, p), covered[k], POLICIES.get(p) + " " + full.classId(k));
            }
        }
    }

    /** The classes a row's conditions name: its instruction classes times every configuration matching its fixed dimensions. */
    @SuppressWarnings("unchecked")
    private static List<Integer> expand(Map<String, Object> when) {
        List<String> ids = (List<String>) when.get("instruction");
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < full.classCount(); k++) {
            if (!ids.contains(full.instruction(k).id())) {
                continue;
            }
            Map<String, Object> conditions = CONDITIONS.computeIfAbsent(k / full.instructions().size(),
                    c -> full.space().conditions(full.space().configurations().get(c)));
            boolean match = true;
            for (Map.Entry<String, Object> e : when.entrySet()) {
                match &= e.getKey().equals("instruction") || e.getValue().equals(conditions.get(e.getKey()));
            }
            if (match) {
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void everyWitnessRunAsAScenarioGivesTheOutcomesItsClassClaims() {
        ApvirtConfiguration configuration = container.get(ApvirtConfiguration.class);
        MachineFactory factory = container.get(MachineFactory.class);
        // a configuration is resolved (SmallRye Config, validation) once for every class that has the same config block
        Map<Map<String, String>, ApvirtSettings> resolved = new java.util.HashMap<>();
        int checked = 0;
        for (DiffDocument.ClassDoc c : document.classes()) {
            // the witness as a user would write it from the JSON document
            List<Map<String, Object>> steps = new ArrayList<>(c.witness().setup());
            steps.add(c.witness().step());
            String yaml = ScenarioText.scenario(c.id(), null, c.witness().config(), steps);
            Scenario scenario = ScenarioLoader.parse(c.id() + ".yaml", yaml);
            ApvirtSettings settings = resolved.computeIfAbsent(scenario.config(),
                    config -> configuration.resolve(ConfigLayers.defaults().withScenario(c.id(), config)));
            for (String policy : POLICIES) {
                ScenarioRunner.PolicyRun run = ScenarioRunner.run(scenario, policy, true,
                        listener -> factory.create(settings.withPolicy(policy), listener));
                var o = run.steps().get(run.steps().size() - 1).execution().outcome();
                DiffDocument.OutcomeDoc claimed = c.outcomes().get(policy);
                if (!claimed.level().equals(o.level().id()) || !claimed.rule().equals(o.rule().id())
                        || !java.util.Objects.equals(claimed.program(), o instanceof io.apvirt.api.outcome.Outcome.ProgramException p
                        ? p.interruption().id() : null)
                        || o instanceof io.apvirt.api.outcome.Outcome.Completed done && (!claimed.cc().equals(done.cc())
                        || !java.util.Objects.equals(claimed.rc(), done.hasStatus() ? io.apvirt.api.arch.Hex.byteHex(done.rc()) : null))) {
                    throw new AssertionError(c.id() + " under " + policy + ": claimed " + claimed + ", the scenario gave " + o
                            + "\n" + yaml);
                }
                checked++;
            }
        }
        assertEquals(document.classes().size() * POLICIES.size(), checked);
        assertTrue(document.classes().size() > 40_000, "classes " + document.classes().size());
    }

    @Test
    void oneThreadAndThreeThreadsGiveTheSameDocumentByteForByte() {
        List<String> some = List.of("tapq-during-reset", "aqic-enable-twice", "aqic-disable-long-reset", "nqap-full", "dqap-partial");
        String one = DiffReport.json(DiffAnalysis.analyse(sweep(POLICIES, some, 1)));
        String three = DiffReport.json(DiffAnalysis.analyse(sweep(POLICIES, some, 3)));
        assertEquals(one, three);
        assertTrue(one.length() > 10_000);
    }

    @Test
    void theDebateIn2019IsThereAsRows() {
        // AQIC in problem state: mainline decides in the kernel (table 4.3 row 4) whatever EECA.28 is; legacy-abi goes to QEMU
        assertTrue(rowTexts().contains("when guest.facilities.ap=true and problem-state=true and PQAP(AQIC)* then legacy-abi: "
                + "operation, mainline: privileged-operation, corrected: privileged-operation (8192 classes)"), rowTexts().toString());
        // EECA.28 off: every other AP instruction intercepts, mainline exits to QEMU (rows 1-3), corrected applies 11.5
        assertTrue(rowTexts().stream().anyMatch(t -> t.startsWith("when host.outer-interpretation=false and guest.facilities.ap=true "
                + "and problem-state=true and any instruction but PQAP(AQIC)* then legacy-abi: operation, mainline: operation, "
                + "corrected: privileged-operation")), rowTexts().toString());
    }

    @Test
    void theDefaultConfigurationsAqicWithTheTBitIsTheHooksForMainlineAndASpecificationForCorrected() {
        // README default run step 16: mainline passes the T bit to vfio-ap (row 6 needs only apft), corrected refuses it (11.5 step 3)
        int k = full.instructions().stream().map(i -> i.id()).toList().indexOf("aqic-t"); // configuration 0
        assertEquals("aqic-t", full.instruction(k).id());
        assertEquals("{instruction=aqic-t, host.ap-instructions=true, host.outer-interpretation=true, host.ic3=false, "
                + "guest.facilities.ap=true, guest.facilities.apqci=true, guest.facilities.apft=true, guest.facilities.apqi=true, "
                + "guest.facilities.apxa=true, guest.aiv=true, guest.secure-execution=false, hook=vfio-ap, problem-state=false}",
                full.conditions(k).toString());
        assertEquals(new SweepOutcome(null, 3, 0x07, false, "hook", "vfio-ap.disable-already-disabled", "mainline.hook-call",
                "cc3 0x07"), full.outcome(k, 1));
        assertEquals(new SweepOutcome("operation", null, null, false, "userspace", "userspace.unknown-instruction",
                "legacy.no-handler", "operation"), full.outcome(k, 0));
        assertEquals(new SweepOutcome("specification", null, null, false, "kvm", "spec.t-bit-not-tapq", null,
                "specification"), full.outcome(k, 2));
        assertTrue(full.differs(k));
        assertEquals(List.of("legacy-abi", "mainline"), full.departing(k));
        assertFalse(full.departs(k, 2));
    }

    @Test
    void theReadmesDebateTableIsTheToolsCurrentOutput() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../../README.md"));
        String begin = "<!-- diff-rows:begin -->\n";
        String end = "<!-- diff-rows:end -->";
        String table = readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf(end));
        assertEquals(DiffReport.markdownRows(document), table,
                "regenerate with: scripts/apvirt diff --policies legacy-abi,mainline,corrected --markdown");
    }

    private static List<String> rowTexts() {
        return document.rows().stream().map(DiffDocument.Row::text).toList();
    }
}

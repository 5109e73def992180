package io.apvirt.engine.internal.conformance;

import io.apvirt.api.outcome.Level;
import io.apvirt.api.outcome.Rule;
import io.apvirt.api.policy.InterceptHandler;
import io.apvirt.api.plugin.Option;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.config.Configuration;
import io.apvirt.engine.internal.config.InvalidConfigurationException;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioException;
import io.apvirt.engine.internal.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner's classification, order and checks, on machines built without CDI. No policy
 * module is on the engine's class path, so two stand-ins play the policies: {@code arch}
 * decides every intercept the architected way at the kvm level (what corrected does),
 * {@code qemu} sends every intercept to userspace (what legacy-abi does).
 */
class ConformanceRunnerTest {

    static final Rule TO_QEMU = new Rule("test.to-userspace", "ConformanceRunnerTest", "every intercept goes to userspace");
    static final InterceptHandler ARCH = intercept -> intercept.architected(Level.KVM);
    static final InterceptHandler QEMU = intercept -> intercept.toUserspace(TO_QEMU);
    static final Option KNOB = Option.choice("knob", "a", List.of("a", "b"), "a test option");

    static final ComponentCatalog INSTALLED = ComponentCatalog.of(
            List.of(ComponentCatalog.policy("arch", "arch.jar", "architected", List.of(KNOB)),
                    ComponentCatalog.policy("qemu", "qemu.jar", "userspace", List.of()),
                    ComponentCatalog.behaviour("echo", "engine", List.of())));

    /** Files configured, machines built: what the runner asked of its setup. */
    final List<String> configured = new ArrayList<>();
    final List<String> built = new ArrayList<>();
    final List<String> executed = new ArrayList<>();

    final ConformanceRunner.Setup setup = (file, policy) -> {
        configured.add(file.name() + "@" + policy);
        ApvirtSettings s = Configuration.resolve(ConfigLayers.defaults().withScenario(file.file(), file.config())
                .withSet(ConfigKeys.POLICY, policy), INSTALLED);
        return (p, listener) -> {
            built.add(file.name() + "@" + p);
            return new ApMachine(p, p.equals("arch") ? ARCH : QEMU, "none", null, MachineFactory.host(s), MachineFactory.guest(s),
                    s.bus().resetTicks(), s.bus().queueDepth(), listener.andThen(e -> executed.add(file.name() + "@" + p)));
        };
    };

    final ConformanceRunner runner = new ConformanceRunner(INSTALLED, setup);

    static ConformanceCatalogue catalogue(String... namesAndYaml) {
        List<Scenario> files = new ArrayList<>();
        for (int i = 0; i < namesAndYaml.length; i += 2) {
            files.add(ScenarioLoader.parse(namesAndYaml[i], namesAndYaml[i + 1]));
        }
        return new ConformanceCatalogue("test catalogue", files);
    }

    static List<String> lines(ConformanceReport report) {
        return report.results().stream().map(r -> r.verdict() + " " + r.policy() + ": " + r.kase().title()
                + (r.detail().isEmpty() ? "" : " -- " + r.detail())).toList();
    }

    /** With hook: none (the embedded default vfio-ap is not installed here). */
    static final String HEAD = "config:\n  hook: none\nsteps:\n";

    // An AQIC with the T bit: the architected answer is a specification exception; QEMU gives an operation exception.
    static final String AQIC_T = """
              - name: AQIC T bit
                cite: 11.5 step 3
                instruction: pqap
                fc: aqic
                t: true
                apqn: "03.0005"
                expect: {program: specification}
            """;

    @Test
    void everyVerdictInCatalogueStepAndPolicyOrder() {
        ConformanceReport report = runner.run(catalogue("dir/one.yaml", HEAD + AQIC_T + """
                  - name: AQIC T bit, departure recorded
                    instruction: pqap
                    fc: aqic
                    t: true
                    apqn: "03.0005"
                    expect: {program: specification}
                    xfail-by-policy: {qemu: "QEMU knows no AP instruction"}
                  - name: setup, not a case
                    instruction: pqap
                    fc: rapq
                    apqn: "04.0006"
                  - name: TAPQ with a departure that is none
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 0, rc: 0}
                    xfail-by-policy: {arch: "recorded by mistake"}
                  - name: only under qemu
                    instruction: pqap
                    fc: 42
                    expect-by-policy: {qemu: {program: specification}}
                """), List.of("qemu", "arch"));
        assertEquals(List.of(
                "FAIL qemu: one/AQIC T bit (11.5 step 3) -- program: expected specification, got operation",
                "PASS arch: one/AQIC T bit (11.5 step 3)",
                "XFAIL qemu: one/AQIC T bit, departure recorded -- QEMU knows no AP instruction",
                "PASS arch: one/AQIC T bit, departure recorded",
                "PASS qemu: one/TAPQ with a departure that is none",
                "XPASS arch: one/TAPQ with a departure that is none -- passed, but the catalogue records a departure of arch: "
                        + "recorded by mistake",
                "PASS qemu: one/only under qemu",
                "SKIP arch: one/only under qemu -- no expectation under arch (expect-by-policy names only qemu)"), lines(report));
        assertEquals(new ConformanceReport.Summary(8, 4, 2, 1, 1), report.summary());
        assertFalse(report.summary().allSkipped());
        assertEquals(List.of("qemu", "arch"), report.policies());
        assertEquals("test catalogue", report.source());
        assertEquals(1, report.files());
        assertEquals(4, report.cases());
        CaseResult xfail = report.results().get(2);
        assertEquals("QEMU knows no AP instruction", xfail.reason());
        assertEquals("program: expected specification, got operation", xfail.renderedMismatches());
        assertEquals("userspace.unknown-instruction", xfail.execution().outcome().rule().id());
        assertEquals(4, report.results("arch").size());
        // one configuration per file (with the first policy), one machine per file and policy
        assertEquals(List.of("one@qemu"), configured);
        assertEquals(List.of("one@qemu", "one@arch"), built);
        assertEquals(10, executed.size());
    }

    @Test
    void aStepWhoseRequirementIsNotMetIsSkippedAndNotExecuted() {
        ConformanceReport report = runner.run(catalogue("reset.yaml", HEAD + """
                  - name: RAPQ, needs a hook
                    requires: [hook: vfio-ap]
                    instruction: pqap
                    fc: rapq
                    apqn: "03.0005"
                    expect: {cc: 0}
                  - name: TAPQ, not in reset since the RAPQ did not run
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 0, rc: 0}
                  - name: an option arch has
                    requires: [policy-option: arch.knob, hook: none]
                    instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 0}
                """), List.of("arch"));
        assertEquals(List.of(
                "SKIP arch: reset/RAPQ, needs a hook -- needs the hook vfio-ap, which is not installed (installed: only none)",
                "PASS arch: reset/TAPQ, not in reset since the RAPQ did not run",
                "PASS arch: reset/an option arch has"), lines(report));
        assertNull(report.results().get(0).execution());
    }

    @Test
    void aFileWhoseRequirementIsNotMetIsNotConfigured() {
        ConformanceReport report = runner.run(catalogue("needs.yaml", """
                requires: [policy-option: arch.dial]
                config:
                  policies.arch.dial: 11
                steps:
                  - instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 0}
                  - instruction: pqap
                    fc: tapq
                    apqn: "01.0001"
                    expect: {cc: 3}
                """), List.of("arch", "qemu"));
        String reason = "needs the option dial of policy arch, which it does not have (its options: knob)";
        assertEquals(List.of("SKIP arch: needs/step 1 -- " + reason, "SKIP qemu: needs/step 1 -- " + reason,
                "SKIP arch: needs/step 2 -- " + reason, "SKIP qemu: needs/step 2 -- " + reason), lines(report));
        assertTrue(report.summary().allSkipped());
        assertEquals(new ConformanceReport.Summary(4, 0, 0, 0, 4), report.summary());
        assertEquals(List.of(), configured); // its config (an option arch does not declare) is never resolved
        assertEquals(List.of(), built);
    }

    @Test
    void anUnknownPolicyInXfailByPolicyStopsBeforeAnythingRuns() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> runner.run(catalogue(
                "good.yaml", HEAD + AQIC_T,
                "bad.yaml", HEAD + """
                  - instruction: pqap
                    fc: tapq
                    expect: {cc: 0}
                    xfail-by-policy:
                      arch: fine
                      mainlin: "a typo"
                """), List.of("arch")));
        assertEquals("bad.yaml:9: steps[1].xfail-by-policy: 'mainlin' is not a known policy id; known: arch (arch.jar), qemu (qemu.jar)",
                e.getMessage());
        ScenarioException byPolicy = assertThrows(ScenarioException.class, () -> runner.run(catalogue("bad.yaml", HEAD + """
                  - instruction: pqap
                    expect-by-policy:
                      nope: {cc: 0}
                """), List.of("arch")));
        assertEquals("bad.yaml:6: steps[1].expect-by-policy: 'nope' is not a known policy id; known: arch (arch.jar), qemu (qemu.jar)",
                byPolicy.getMessage());
        // every file is configured, so its addresses are checked in the same report; no machine is built
        assertEquals(List.of("good@arch", "bad@arch", "bad@arch"), configured);
        assertEquals(List.of(), built);
    }

    @Test
    void anInvalidConfigurationStopsBeforeTheFirstFileRuns() {
        assertThrows(InvalidConfigurationException.class, () -> runner.run(catalogue(
                "good.yaml", HEAD + AQIC_T,
                "bad.yaml", "config:\n  hook: none\n  guest.memory: lots\nsteps:\n" + AQIC_T), List.of("arch")));
        assertEquals(List.of("good@arch", "bad@arch"), configured);
        assertEquals(List.of(), built);
    }

    @Test
    void anAddressOutsideGuestMemoryStopsBeforeAnythingRuns() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> runner.run(catalogue("far.yaml", """
                config:
                  hook: none
                  guest.memory: 1MiB
                steps:
                  - instruction: pqap
                    memory: {0x100000: "00"}
                    expect: {cc: 0}
                """), List.of("arch")));
        assertEquals("far.yaml:6: steps[1].memory: the byte at 0x100000 is outside guest memory (1MiB, addresses 0x0-0xfffff)",
                e.getMessage());
        assertEquals(List.of(), executed);
    }

    @Test
    void aFileWithoutCasesIsConfiguredButNotRun() {
        ConformanceReport report = runner.run(catalogue("setup.yaml", HEAD + "  - {instruction: pqap, fc: rapq}\n"), List.of("arch"));
        assertEquals(List.of(), report.results());
        assertEquals(1, report.files());
        assertTrue(report.summary().allSkipped());
        assertEquals(List.of("setup@arch"), configured);
        assertEquals(List.of(), built);
    }

    @Test
    void policiesMustBeInstalled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.run(catalogue("one.yaml", HEAD + AQIC_T), List.of("arch", "mainline")));
        assertEquals("'mainline' is not a known policy id; known: arch (arch.jar), qemu (qemu.jar)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner.run(catalogue("one.yaml", HEAD + AQIC_T), List.of()));
    }

    @Test
    void casesAreNamedByFileStemAndStep() {
        ConformanceCatalogue c = catalogue("some/dir/qci.yaml", HEAD + """
                  - name: misaligned block
                    cite: 11.5 step 3
                    instruction: pqap
                    fc: qci
                    nib: 0x2004
                    expect: {program: specification}
                  - instruction: pqap
                    until: {cc: 0}
                  - instruction: pqap
                """, "other.yml", HEAD + "  - {instruction: pqap, expect: {cc: 0}}\n");
        List<ConformanceCase> cases = c.cases();
        assertEquals(3, cases.size());
        assertEquals("qci/misaligned block (11.5 step 3)", cases.get(0).title());
        assertEquals("qci", cases.get(0).stem());
        assertEquals("qci/step 2", cases.get(1).title());
        assertEquals("other/step 1", cases.get(2).name());
        assertEquals("", cases.get(2).citation());
    }
}

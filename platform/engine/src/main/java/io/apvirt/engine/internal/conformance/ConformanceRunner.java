package io.apvirt.engine.internal.conformance;

import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Machine;
import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.config.ConfigProblem;
import io.apvirt.engine.internal.config.InvalidConfigurationException;
import io.apvirt.engine.internal.scenario.CatalogueFields;
import io.apvirt.engine.internal.scenario.Expectation;
import io.apvirt.engine.internal.scenario.Requirement;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioException;
import io.apvirt.engine.internal.scenario.ScenarioRunner;
import io.apvirt.engine.internal.scenario.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a catalogue under policies, in the manner of kvm-unit-tests: every case (a step with an
 * expectation) under every policy gives PASS, FAIL, XFAIL (a failure the catalogue records for
 * that policy with {@code xfail-by-policy}), XPASS (a recorded failure that passed) or SKIP (a
 * {@code requires:} not met, or no expectation under the policy).
 *
 * <p>Each file runs once per policy on a fresh machine of its configuration, through
 * {@link ScenarioRunner}, so a case sees the state the earlier steps of its file left. A step
 * whose requirement is not met is not executed. Every file is checked and configured before
 * the first one runs: an invalid catalogue stops with a {@link ScenarioException} or an
 * {@link io.apvirt.engine.internal.config.InvalidConfigurationException}, and nothing runs.
 */
public final class ConformanceRunner {

    /** The machine of one catalogue file's configuration under a policy. */
    @FunctionalInterface
    public interface MachineSource {
        Machine create(String policy, Consumer<Execution> listener);
    }

    /**
     * Configures one file: resolves and validates its {@code config:} (with {@code policy}, the
     * first of the run) and checks its addresses; throws when the file cannot run.
     */
    @FunctionalInterface
    public interface Setup {
        MachineSource configure(Scenario file, String policy);
    }

    private final ComponentCatalog installed;
    private final Setup setup;

    /**
     * @param installed the policies, hooks and behaviours there are (for the policy ids and {@code requires:})
     */
    public ConformanceRunner(ComponentCatalog installed, Setup setup) {
        this.installed = installed;
        this.setup = setup;
    }

    /**
     * A further check of a file's resolved configuration before anything runs, for example of the
     * scripts it names (the command line's check); throws {@link InvalidConfigurationException}.
     */
    @FunctionalInterface
    public interface SettingsCheck {
        void check(ConfigLayers layers, ApvirtSettings settings);
    }

    /**
     * The container's machines: each file's configuration is the embedded defaults and its
     * {@code config:} block, nothing of the process ({@code APVIRT_*}, {@code -Dapvirt.*}),
     * so a catalogue means the same on every machine.
     */
    public static Setup container(ApvirtConfiguration configuration, MachineFactory machines) {
        return container(configuration, machines, (layers, settings) -> {
        });
    }

    /** {@link #container(ApvirtConfiguration, MachineFactory)}, each file's settings checked with {@code check} too. */
    public static Setup container(ApvirtConfiguration configuration, MachineFactory machines, SettingsCheck check) {
        return (file, policy) -> {
            ConfigLayers layers = ConfigLayers.defaults().withScenario(file.file(), file.config())
                    .withSet(ConfigKeys.POLICY, policy);
            ApvirtSettings settings = configuration.resolve(layers);
            check.check(layers, settings);
            ScenarioRunner.checkAddresses(file, settings.guest().memory());
            return (p, listener) -> machines.create(settings.withPolicy(p), listener);
        };
    }

    /** A file ready to run: why all of it is skipped, or how to build its machines. */
    private record Planned(Scenario file, Optional<String> skipped, MachineSource machines) {
    }

    /**
     * @param policies installed policy ids, in report order
     * @throws IllegalArgumentException for an empty list or a policy that is not installed
     */
    public ConformanceReport run(ConformanceCatalogue catalogue, List<String> policies) {
        List<ScenarioException.Problem> problems = new ArrayList<>();
        List<Planned> plans = plan(catalogue, policies, problems);
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        List<CaseResult> results = new ArrayList<>();
        for (Planned plan : plans) {
            results.addAll(run(plan, policies));
        }
        return new ConformanceReport(catalogue.source(), catalogue.files().size(), policies, results);
    }

    private List<CaseResult> run(Planned plan, List<String> policies) {
        Scenario file = plan.file();
        Map<String, Map<Integer, ScenarioRunner.StepRun>> byPolicy = new HashMap<>();
        if (plan.machines() != null && file.steps().stream().anyMatch(Step::isCase)) {
            Scenario runnable = file.withSteps(runnable(file));
            for (String policy : policies) {
                ScenarioRunner.PolicyRun run = ScenarioRunner.run(runnable, policy, true,
                        listener -> plan.machines().create(policy, listener));
                Map<Integer, ScenarioRunner.StepRun> steps = new HashMap<>();
                run.steps().forEach(s -> steps.put(s.step().index(), s));
                byPolicy.put(policy, steps);
            }
        }
        List<CaseResult> out = new ArrayList<>();
        for (Step step : file.steps()) {
            if (!step.isCase()) {
                continue;
            }
            ConformanceCase kase = new ConformanceCase(file, step);
            Optional<String> skipped = plan.skipped().or(() -> unmet(step.catalogue().requires()));
            for (String policy : policies) {
                out.add(skipped.isPresent() ? skip(kase, policy, skipped.get())
                        : classify(kase, policy, byPolicy.get(policy).get(step.index())));
            }
        }
        return out;
    }

    private static CaseResult classify(ConformanceCase kase, String policy, ScenarioRunner.StepRun run) {
        if (!run.checked()) {
            return skip(kase, policy, "no expectation under " + policy + " (expect-by-policy names only "
                    + String.join(", ", kase.step().expectByPolicy().keySet()) + ")");
        }
        CatalogueFields.Xfail xfail = kase.step().catalogue().xfailByPolicy().get(policy);
        if (run.passed()) {
            return xfail == null ? new CaseResult(kase, policy, Verdict.PASS, "", List.of(), run.execution())
                    : new CaseResult(kase, policy, Verdict.XPASS, xfail.reason(), List.of(), run.execution());
        }
        List<Expectation.Mismatch> mismatches = run.mismatches();
        return xfail == null ? new CaseResult(kase, policy, Verdict.FAIL, "", mismatches, run.execution())
                : new CaseResult(kase, policy, Verdict.XFAIL, xfail.reason(), mismatches, run.execution());
    }

    private static CaseResult skip(ConformanceCase kase, String policy, String reason) {
        return new CaseResult(kase, policy, Verdict.SKIP, reason, List.of(), null);
    }

    /** The steps whose own requirements are met. */
    private List<Step> runnable(Scenario file) {
        return file.steps().stream().filter(s -> unmet(s.catalogue().requires()).isEmpty()).toList();
    }

    /** The first requirement the installation does not meet, as the reason of the SKIP. */
    private Optional<String> unmet(List<Requirement> requires) {
        for (Requirement r : requires) {
            Optional<String> why = r.unmet(installed);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /**
     * Every problem {@link #run} would refuse the catalogue for, without running anything: policy ids that are not
     * installed and addresses outside guest memory, file by file in catalogue order, each by line.
     *
     * @throws IllegalArgumentException as {@link #run} does
     * @throws InvalidConfigurationException with the problems of every file whose configuration is invalid (file by
     *                                       file, in catalogue order), when no file has a scenario problem
     */
    public List<ScenarioException.Problem> check(ConformanceCatalogue catalogue, List<String> policies) {
        List<ScenarioException.Problem> problems = new ArrayList<>();
        plan(catalogue, policies, problems);
        return problems;
    }

    /** Each file planned; the problems of all of them added to {@code problems} in report order. */
    private List<Planned> plan(ConformanceCatalogue catalogue, List<String> policies, List<ScenarioException.Problem> problems) {
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("no policy to run: " + installed.describePolicies());
        }
        for (String p : policies) {
            if (!installed.policies().containsKey(p)) {
                throw new IllegalArgumentException("'" + p + "' is not a known policy id; known: " + installed.describePolicies());
            }
        }
        List<ScenarioException.Problem> found = new ArrayList<>();
        List<ConfigProblem> invalidConfiguration = new ArrayList<>();
        List<Planned> plans = new ArrayList<>();
        for (Scenario file : catalogue.files()) {
            checkPolicyIds(file, found);
            Optional<String> skipped = unmet(file.requires());
            boolean runs = skipped.isEmpty() && !runnable(file).isEmpty();
            try {
                plans.add(new Planned(file, skipped, runs ? setup.configure(file, policies.get(0)) : null));
            } catch (ScenarioException e) { // addresses outside guest memory
                found.addAll(e.problems());
            } catch (InvalidConfigurationException e) { // reported when no file has a scenario problem
                invalidConfiguration.addAll(e.problems());
            }
        }
        if (found.isEmpty() && !invalidConfiguration.isEmpty()) {
            throw new InvalidConfigurationException(invalidConfiguration); // every file's, in catalogue order
        }
        problems.addAll(ScenarioException.ordered(found, catalogue.files().stream().map(Scenario::file).toList()));
        return plans;
    }

    /** expect-by-policy and xfail-by-policy name installed policies (as {@code apvirt run} checks expect-by-policy). */
    private void checkPolicyIds(Scenario file, List<ScenarioException.Problem> problems) {
        for (Step step : file.steps()) {
            String where = "steps[" + step.index() + "]";
            step.expectByPolicy().forEach((policy, e) -> requirePolicy(problems, file, e.line(), where + ".expect-by-policy", policy));
            step.catalogue().xfailByPolicy().forEach((policy, x) ->
                    requirePolicy(problems, file, x.line(), where + ".xfail-by-policy", policy));
        }
    }

    private void requirePolicy(List<ScenarioException.Problem> problems, Scenario file, int line, String field, String policy) {
        if (!installed.policies().containsKey(policy)) {
            problems.add(new ScenarioException.Problem(file.file(), line, field,
                    "'" + policy + "' is not a known policy id; known: " + installed.describePolicies()));
        }
    }
}

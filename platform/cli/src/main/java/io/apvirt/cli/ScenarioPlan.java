package io.apvirt.cli;

import io.apvirt.engine.internal.cdi.ApvirtConfiguration;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.config.InvalidConfigurationException;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioException;
import io.apvirt.engine.internal.scenario.ScenarioLoader;
import io.apvirt.engine.internal.scenario.ScenarioRunner;
import io.apvirt.engine.internal.scenario.Step;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Scenarios loaded and their configurations validated, before anything runs. */
public record ScenarioPlan(Scenario scenario, ApvirtSettings settings) {

    /**
     * The default scenario: {@code $APVIRT_HOME/scripts/scenarios/default.yaml}, else relative to the
     * working directory. Nobody named it, so it is named relative to the working directory when it
     * is below it (the launcher's absolute APVIRT_HOME would otherwise show in every header).
     */
    static Path defaultScenario() {
        String home = System.getenv("APVIRT_HOME");
        Path rel = Path.of("scripts", "scenarios", "default.yaml");
        if (home != null && Files.exists(Path.of(home).resolve(rel))) {
            return Path.of(RunCommand.display(Path.of(home).resolve(rel)));
        }
        return rel;
    }

    /** The layers this plan's settings were resolved from: {@code base} and the scenario's {@code config:}. */
    ConfigLayers layers(ConfigLayers base) {
        return layers(base, scenario);
    }

    private static ConfigLayers layers(ConfigLayers base, Scenario scenario) {
        return base.withScenario(scenario.file(), scenario.config());
    }

    /**
     * Every file loaded and checked before any is refused, so one report names the problems of
     * all of them: file by file in the order given, each by line.
     *
     * @throws ScenarioException with every problem of every file
     * @throws InvalidConfigurationException for the first file whose configuration is invalid, when no file has a
     *                                       scenario problem
     */
    public static List<ScenarioPlan> prepare(List<Path> files, ConfigLayers layers, ApvirtConfiguration configuration,
                                      ComponentCatalog catalog) {
        List<ScenarioPlan> plans = new ArrayList<>();
        List<ScenarioException.Problem> problems = new ArrayList<>();
        InvalidConfigurationException invalidConfiguration = null;
        for (Path file : files.isEmpty() ? List.of(defaultScenario()) : files) {
            Scenario scenario;
            try {
                scenario = ScenarioLoader.load(file);
                StartupTiming.mark("scenario load (YAML)");
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
                continue;
            }
            List<ScenarioException.Problem> own = new ArrayList<>();
            for (Step step : scenario.steps()) {
                for (String policy : step.expectByPolicy().keySet()) {
                    if (!catalog.policies().containsKey(policy)) {
                        own.add(new ScenarioException.Problem(scenario.file(), step.line(), "steps[" + step.index() + "].expect-by-policy",
                                "'" + policy + "' is not a known policy id; known: " + catalog.describePolicies()));
                    }
                }
                // apvirt conformance's known departures: run checks the ids too, and otherwise ignores them
                step.catalogue().xfailByPolicy().forEach((policy, xfail) -> {
                    if (!catalog.policies().containsKey(policy)) {
                        own.add(new ScenarioException.Problem(scenario.file(), xfail.line(), "steps[" + step.index() + "].xfail-by-policy",
                                "'" + policy + "' is not a known policy id; known: " + catalog.describePolicies()));
                    }
                });
            }
            try {
                ApvirtSettings settings = configuration.resolve(layers(layers, scenario));
                StartupTiming.mark("configuration (SmallRye+HV)");
                own.addAll(ScenarioRunner.addressProblems(scenario, settings.guest().memory())); // so validate catches them too
                plans.add(new ScenarioPlan(scenario, settings));
            } catch (InvalidConfigurationException e) {
                invalidConfiguration = invalidConfiguration == null ? e : invalidConfiguration;
            }
            problems.addAll(ScenarioException.ordered(own));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        if (invalidConfiguration != null) {
            throw invalidConfiguration;
        }
        return plans;
    }
}

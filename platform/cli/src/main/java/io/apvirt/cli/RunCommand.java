package io.apvirt.cli;

import io.apvirt.cli.render.JsonReport;
import io.apvirt.cli.render.TableReport;
import io.apvirt.engine.cdi.MachineFactory;
import io.apvirt.engine.config.ApvirtSettings;
import io.apvirt.engine.config.ComponentCatalog;
import io.apvirt.engine.config.ConfigLayers;
import io.apvirt.engine.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code apvirt run}: execute scenarios and check their expectations. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run scenarios under the configured policy and, beside it, under every other policy.",
                "Without SCENARIO: scripts/scenarios/default.yaml."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation held", "1:an expectation failed", "2:invalid configuration or scenario"})
public class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--policy", paramLabel = "ID", description = "The policy to run (same as --set apvirt.policy=ID)")
    String policy;

    @Option(names = "--json", description = "Print one JSON document with every outcome instead of tables")
    boolean json;

    @Option(names = "--no-compare", description = "Run the selected policy only")
    boolean noCompare;

    @Option(names = "--show-devices", description = "After each scenario, list its queues as they are at the end under the selected policy (apvirt devices)")
    boolean showDevices;

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenario YAML files")
    List<Path> scenarios = new ArrayList<>();

    @Override
    public Integer call() {
        try (Session session = new Session()) {
            ConfigLayers layers = config.layers();
            if (policy != null) {
                layers = layers.withSet("apvirt.policy", policy);
            }
            ComponentCatalog catalog = session.registry().catalog();
            List<ScenarioPlan> plans = ScenarioPlan.prepare(scenarios, layers, session.configuration(), catalog);
            MachineFactory factory = session.machines();
            List<List<ScenarioRunner.PolicyRun>> results = new ArrayList<>();
            boolean failed = false;
            for (ScenarioPlan plan : plans) {
                List<ScenarioRunner.PolicyRun> runs = new ArrayList<>();
                String selected = plan.settings().policy();
                runs.add(run(plan, selected, true, factory));
                if (!noCompare) {
                    for (String other : catalog.policies().keySet()) {
                        if (!other.equals(selected)) {
                            runs.add(run(plan, other, false, factory));
                        }
                    }
                }
                failed |= runs.stream().anyMatch(r -> r.failedCount() > 0);
                results.add(runs);
            }
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonReport.render(plans, results, showDevices));
            } else {
                out.print(TableReport.render(plans, results, showDevices));
            }
            out.flush();
            return failed ? ExitCode.EXPECTATION_FAILED : ExitCode.OK;
        }
    }

    private static ScenarioRunner.PolicyRun run(ScenarioPlan plan, String policy, boolean selected, MachineFactory factory) {
        ApvirtSettings settings = plan.settings().withPolicy(policy);
        return ScenarioRunner.run(plan.scenario(), policy, selected, listener -> factory.create(settings, listener));
    }
}

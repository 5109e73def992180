package io.apvirt.cli;

import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ByteSize;
import io.apvirt.engine.internal.config.ComponentCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code apvirt validate}: check configuration (and scenarios) without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate the configuration and, when given, scenario files; run nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "2:invalid (every problem is listed)"})
public class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenario YAML files to check as well")
    List<Path> scenarios = new ArrayList<>();

    @Override
    public Integer call() {
        try (Session session = new Session()) {
            ComponentCatalog catalog = session.registry().catalog();
            ApvirtSettings s = session.configuration().resolve(config.layers());
            ConfiguredScripts scripts = new ConfiguredScripts(session);
            scripts.check(config.layers(), s);
            var out = spec.commandLine().getOut();
            out.println("configuration valid: policy " + s.policy() + ", hook " + s.hook()
                    + ", guest memory " + ByteSize.format(s.guest().memory())
                    + ", matrix " + s.matrix().adapters().size() + " adapters x " + s.matrix().domains().size() + " domains");
            if (!scenarios.isEmpty()) {
                for (ScenarioPlan plan : ScenarioPlan.prepare(scenarios, config.layers(), session.configuration(), catalog)) {
                    scripts.check(plan.layers(config.layers()), plan.settings());
                    out.println("scenario valid: " + plan.scenario().file() + " (" + plan.scenario().steps().size()
                            + " steps, policy " + plan.settings().policy() + ")");
                }
            }
            return ExitCode.OK;
        }
    }
}

package io.apvirt.cli;

import io.apvirt.api.outcome.Rule;
import io.apvirt.cli.render.DiffReport;
import io.apvirt.engine.internal.arch.ArchitectedRules;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.config.ComponentRef;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.firmware.FirmwareStage;
import io.apvirt.engine.internal.sweep.DiffAnalysis;
import io.apvirt.engine.internal.sweep.DiffDocument;
import io.apvirt.engine.internal.sweep.Sweep;
import io.apvirt.engine.internal.sweep.SweepResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code apvirt diff}: where the policies give the guest different results, over the whole configuration space. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Sweep every configuration a guest can be in (host AP instructions, the outer level's ECA.28, IC.3, "
                + "the guest's AP facilities, AIV, Secure Execution, the hook attached or not, problem state) times every "
                + "instruction class (each PQAP function code and specification cause, NQAP and DQAP with each operand "
                + "defect), under each policy and under the architected semantics (docs/architecture.md#11.5).",
                "Prints the classes where the policies differ, grouped into rows of minimal conditions; then, per "
                        + "policy, where it departs from the architected result, with the rule that fired; then the rule "
                        + "coverage (every rule of the policies, the hook, firmware and the architected semantics must be "
                        + "reached)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the sweep ran and reached every rule", "1:a required rule was not reached by any class",
                "2:invalid configuration or command line"})
public class DiffCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--policies", paramLabel = "ID", split = ",",
            description = "The policies to compare, in this order (default: every installed policy)")
    List<String> policies = new ArrayList<>();

    @Option(names = "--instructions", paramLabel = "ID", split = ",",
            description = "Sweep only these instruction classes (default: all; the ids are in the JSON document's instructions). "
                    + "Rule coverage is then reported but not required.")
    List<String> instructions = new ArrayList<>();

    static final class Format {
        @Option(names = "--json", description = "One JSON document (schema apvirt.diff/1, docs/schemas/diff.schema.json)")
        boolean json;

        @Option(names = "--markdown", description = "The rows and departures as Markdown tables")
        boolean markdown;
    }

    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Option(names = "--html", paramLabel = "FILE", description = "Also write one self-contained HTML page: the classes by policies, filterable")
    Path html;

    @Option(names = "--scenarios", paramLabel = "DIR",
            description = "Also write one scenario file per row into DIR (expect-by-policy for each policy; apvirt run passes each)")
    Path scenarios;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores); the output does not depend on it")
    Integer threads;

    @Override
    public boolean json() {
        return format != null && format.json;
    }

    @Override
    public Integer call() throws IOException {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1 or more, not " + workers);
        }
        try (Session session = new Session()) {
            ComponentRegistry registry = session.registry();
            ComponentCatalog catalog = registry.catalog();
            List<String> selected = selected(catalog);
            ConfigLayers layers = config.layers();
            ApvirtSettings base = session.configuration().resolve(layers);
            new ConfiguredScripts(session).check(layers, base);
            requireValidWithoutApxa(session, layers);
            long t0 = System.nanoTime();
            try {
                io.apvirt.engine.internal.sweep.InstructionCatalog.select(instructions);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--instructions: " + e.getMessage());
            }
            SweepResult result = Sweep.run(new Sweep.Request(selected, instructions, base,
                    extra -> session.configuration().resolve(layers.withScenario("apvirt diff", extra)),
                    session.machines(), required(registry, selected, base), workers));
            long t1 = System.nanoTime();
            DiffDocument document = DiffAnalysis.analyse(result, format.json || html != null);
            if (System.getenv("APVIRT_DIFF_TIMING") != null) {
                System.err.printf("jvm uptime at sweep start %d ms, sweep %.0f ms, analysis %.0f ms%n",
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - t0) / 1_000_000,
                        (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);
            }
            var out = spec.commandLine().getOut();
            if (format.json) {
                out.print(DiffReport.json(document));
            } else if (format.markdown) {
                out.print(DiffReport.markdown(document));
            } else {
                out.print(DiffReport.text(document, ids -> DiffAnalysis.instructions(result, ids)));
            }
            out.flush();
            if (System.getenv("APVIRT_DIFF_TIMING") != null) {
                System.err.printf("jvm uptime after the report %d ms%n", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            }
            if (scenarios != null) {
                DiffReport.writeScenarios(result, document, scenarios);
            }
            if (html != null) {
                DiffReport.writeHtml(document, html);
            }
            if (!result.unreached().isEmpty() && instructions.isEmpty()) {
                var err = spec.commandLine().getErr();
                err.println("apvirt: " + result.unreached().size() + " required rule(s) reached by no class: "
                        + String.join(", ", result.unreached())
                        + ". The sweep's instruction classes (io.apvirt.engine.internal.sweep.InstructionCatalog) or its dimensions "
                        + "do not trip them; a rule no guest can reach is dead code in its policy or hook.");
                err.flush();
                return ExitCode.EXPECTATION_FAILED;
            }
            return ExitCode.OK;
        }
    }

    /**
     * The sweep applies its dimensions to the configuration as it is, so the configuration must be
     * valid for each of their values: with APXA off, every APID must be 63 or less and every APQI
     * 15 or less (docs/architecture.md#2.1). The other dimensions have no cross-field rule.
     */
    private static void requireValidWithoutApxa(Session session, ConfigLayers layers) {
        try {
            session.configuration().resolve(layers.withSet(APXA, "false"));
        } catch (io.apvirt.engine.internal.config.InvalidConfigurationException e) {
            throw new io.apvirt.engine.internal.config.InvalidConfigurationException(e.problems().stream()
                    .filter(p -> !p.property().equals(APXA))
                    .map(p -> new io.apvirt.engine.internal.config.ConfigProblem(p.property(), p.rejectedValue(), p.source(),
                            p.message() + " (apvirt diff also sweeps guest.facilities.apxa=false: give APIDs up to 63 and APQIs up to 15)"))
                    .toList());
        }
    }

    private static final String APXA = "apvirt.guest.facilities.apxa";

    private List<String> selected(ComponentCatalog catalog) {
        if (policies.isEmpty()) {
            return List.copyOf(catalog.policies().keySet());
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : policies) {
            String p = id.trim();
            if (!catalog.policies().containsKey(p)) {
                throw new ParameterException(spec.commandLine(), "--policies: '" + p + "' is not a known policy id; known: "
                        + catalog.describePolicies());
            }
            if (!ids.add(p)) {
                throw new ParameterException(spec.commandLine(), "--policies: '" + p + "' is listed twice");
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The rules the sweep must reach: firmware's, the architected semantics', every swept
     * policy's and the swept hook's. A hook that needs a file ({@code script:FILE}) is swept
     * with that file; which of its rules fire depends on the script, so they are not required.
     */
    static List<Rule> required(ComponentRegistry registry, List<String> policies, ApvirtSettings base) {
        List<Rule> out = new ArrayList<>(FirmwareStage.RULES);
        out.addAll(ArchitectedRules.ALL);
        for (String id : policies) {
            out.addAll(registry.policy(id).rules());
        }
        ComponentRef hook = ComponentRef.parse(base.hook());
        if (!ComponentCatalog.NO_HOOK.equals(hook.id()) && hook.argument() == null) {
            out.addAll(registry.hook(hook.id()).rules());
        }
        return out;
    }
}

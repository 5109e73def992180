package io.apvirt.cli;

import io.apvirt.cli.render.JsonReport;
import io.apvirt.cli.render.TableReport;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.config.ComponentRef;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code apvirt run}: execute scenarios and check their expectations. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run scenarios under the configured policy and, beside it, under every other policy.",
                "Without SCENARIO: scripts/scenarios/default.yaml.",
                "The exit code follows the selected policy's expectations; the other policies' results are shown and "
                        + "counted in the SUMMARY line (an expectation written for one policy is not a failure of another)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation of the selected policy held (with --all-policies: of every policy)",
                "1:an expectation of the selected policy failed (with --all-policies: of any policy)",
                "2:invalid configuration, scenario or command line (nothing ran)"})
public class RunCommand implements Callable<Integer>, JsonOutput {

    /** How often --watch looks at the files' modification times. */
    static final long POLL_MILLIS = 250;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--policy", paramLabel = "ID", description = "The policy to run (same as --set apvirt.policy=ID)")
    String policy;

    @Option(names = "--json", description = {"Print one JSON document with every outcome instead of tables "
            + "(docs/schemas/run.schema.json); an error is a JSON document too (docs/schemas/error.schema.json)"})
    boolean json;

    @Option(names = "--no-compare", description = "Run the selected policy only")
    boolean noCompare;

    @Option(names = "--all-policies", description = "Exit 1 when an expectation fails under any policy, not only the selected one")
    boolean allPolicies;

    @Option(names = "--show-devices", description = "After each scenario, list its queues as they are at the end under the selected policy (apvirt devices)")
    boolean showDevices;

    @Option(names = "--watch", description = {"Set apvirt.scripts.watch=true and, after the run, watch the scenario files, "
            + "the --config file and every script the configuration references; run again when one changes.",
            "An invalid configuration or scenario is reported and the watch goes on. Ctrl-C stops."})
    boolean watch;

    @Option(names = "--watch-runs", hidden = true, paramLabel = "N", description = "With --watch: stop after N runs (tests)")
    int watchRuns;

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenario YAML files")
    List<Path> scenarios = new ArrayList<>();

    /** The scripts the last valid configuration referenced (--watch). */
    private final Set<Path> scripts = new LinkedHashSet<>();

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (watchRuns < 0 || (watchRuns > 0 && !watch)) {
            throw new ParameterException(spec.commandLine(), "--watch-runs needs --watch and a count of 1 or more");
        }
        try (Session session = new Session()) {
            if (!watch) {
                return runOnce(session, config.layers());
            }
            return watch(session);
        }
    }

    private int runOnce(Session session, ConfigLayers base) {
        ConfigLayers layers = base;
        if (policy != null) {
            layers = layers.withOption("--policy", ConfigKeys.POLICY, policy);
        }
        ComponentCatalog catalog = session.registry().catalog();
        StartupTiming.mark("component catalog");
        List<ScenarioPlan> plans = ScenarioPlan.prepare(scenarios, layers, session.configuration(), catalog);
        StartupTiming.mark("scenarios + configuration");
        if (watch) {
            scripts.clear();
            plans.forEach(p -> scripts.addAll(referencedFiles(p.settings())));
        }
        ConfiguredScripts checked = new ConfiguredScripts(session); // each run afresh: --watch runs again when a script changes
        for (ScenarioPlan plan : plans) {
            checked.check(plan.layers(layers), plan.settings());
        }
        StartupTiming.mark("script checks");
        MachineFactory factory = session.machines();
        List<List<ScenarioRunner.PolicyRun>> results = new ArrayList<>();
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
            results.add(runs);
        }
        StartupTiming.mark("runs");
        reportScriptRuntime(session, plans);
        var out = spec.commandLine().getOut();
        JsonReport.Summary summary = JsonReport.Summary.of(results, allPolicies);
        if (json) {
            out.print(JsonReport.render(plans, results, showDevices, allPolicies));
        } else {
            out.print(TableReport.render(plans, results, showDevices, allPolicies));
        }
        out.flush();
        StartupTiming.mark("report");
        return summary.exit() == 0 ? ExitCode.OK : ExitCode.EXPECTATION_FAILED;
    }

    private boolean runtimeReported;

    /** Once per process, on stderr: which runtime executed the scripts (it depends on the JVM, not the configuration). */
    private void reportScriptRuntime(Session session, List<ScenarioPlan> plans) {
        if (runtimeReported || plans.stream().noneMatch(p -> usesScripts(p.settings()))) {
            return;
        }
        var tools = session.instances(io.apvirt.api.plugin.ScriptTool.class);
        if (tools.isResolvable()) {
            var err = spec.commandLine().getErr();
            err.println("apvirt: JavaScript runs " + tools.get().runtimeMode());
            err.flush();
            runtimeReported = true;
        }
    }

    private static boolean usesScripts(io.apvirt.engine.internal.config.ApvirtSettings s) {
        return componentRefs(s).stream().anyMatch(ref -> ref != null && ref.startsWith("script:"));
    }

    /**
     * Runs, then waits for a watched file to change and runs again, until interrupted (Ctrl-C
     * ends the process) or {@code --watch-runs} runs are done; returns the last run's exit code.
     * The files' stamps are taken before each run reads them, so a change made during a run
     * starts the next one.
     */
    private int watch(Session session) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ConfigLayers layers = config.layers().withOption("--watch", ConfigKeys.SCRIPTS_WATCH, "true");
        int runs = 0;
        while (true) {
            Map<Path, Stamp> stamps = stamps(watchedFiles());
            int code;
            try {
                code = runOnce(session, layers);
            } catch (RuntimeException e) {
                Integer invalid = ApvirtCli.reportInvalidInput(e, json ? spec.commandLine().getOut() : null, err);
                if (invalid == null) {
                    err.println("apvirt: the run failed: " + e);
                    code = ExitCode.EXPECTATION_FAILED;
                } else {
                    code = invalid;
                }
            }
            Map<Path, Stamp> watched = new LinkedHashMap<>();
            for (Path file : watchedFiles()) { // the scripts may have changed with the configuration
                watched.put(file, stamps.containsKey(file) ? stamps.get(file) : Stamp.of(file));
            }
            stamps = watched;
            runs++;
            if (watchRuns > 0 && runs >= watchRuns) {
                err.flush();
                return code;
            }
            err.println("apvirt: watching " + String.join(", ", stamps.keySet().stream().map(RunCommand::display).toList())
                    + " (Ctrl-C stops)");
            err.flush();
            Path changed = waitForChange(stamps);
            err.println("apvirt: " + display(changed) + " changed, running again");
            err.flush();
        }
    }

    /** The scenario files (or the default one), the --config file, then the scripts of the last valid configuration. */
    List<Path> watchedFiles() {
        Set<Path> files = new LinkedHashSet<>(scenarios.isEmpty() ? List.of(ScenarioPlan.defaultScenario()) : scenarios);
        if (config.configFile != null) {
            files.add(config.configFile);
        }
        files.addAll(scripts);
        return List.copyOf(files);
    }

    /** The hook and every device behaviour the settings name ({@code vfio-ap}, {@code script:hooks/x.js} ...). */
    static List<String> componentRefs(ApvirtSettings settings) {
        List<String> refs = new ArrayList<>();
        refs.add(settings.hook());
        settings.devices().forEach(d -> refs.add(d.behaviour()));
        return refs;
    }

    /**
     * The files the hook and device references name ({@code script:hooks/x.js}), resolved along
     * the configuration's search path as the machine factory resolves them.
     */
    static List<Path> referencedFiles(ApvirtSettings settings) {
        Set<Path> out = new LinkedHashSet<>();
        for (String ref : componentRefs(settings)) {
            if (ref == null) {
                continue;
            }
            Path file = ComponentRef.parse(ref).file(settings.searchPath());
            if (file != null) {
                out.add(file);
            }
        }
        return List.copyOf(out);
    }

    private static Path waitForChange(Map<Path, Stamp> stamps) throws InterruptedException {
        while (true) {
            Thread.sleep(POLL_MILLIS);
            for (Map.Entry<Path, Stamp> e : stamps.entrySet()) {
                if (!Objects.equals(Stamp.of(e.getKey()), e.getValue())) {
                    return e.getKey();
                }
            }
        }
    }

    private static Map<Path, Stamp> stamps(List<Path> files) {
        Map<Path, Stamp> out = new LinkedHashMap<>();
        files.forEach(f -> out.put(f, Stamp.of(f)));
        return out;
    }

    /** A file as the user named it, or relative to the working directory when it is below it. */
    static String display(Path file) {
        if (!file.isAbsolute()) {
            return file.toString();
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** A file's modification time and size; {@code null} when it does not exist. */
    record Stamp(FileTime modified, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static ScenarioRunner.PolicyRun run(ScenarioPlan plan, String policy, boolean selected, MachineFactory factory) {
        ApvirtSettings settings = plan.settings().withPolicy(policy);
        return ScenarioRunner.run(plan.scenario(), policy, selected, listener -> factory.create(settings, listener));
    }
}

package io.apvirt.cli;

import io.apvirt.cli.render.AtomicFile;

import io.apvirt.cli.render.ConformanceJunit;
import io.apvirt.cli.render.ConformanceTap;
import io.apvirt.cli.render.ConformanceText;
import io.apvirt.engine.internal.conformance.ConformanceCatalogue;
import io.apvirt.engine.internal.conformance.ConformanceReport;
import io.apvirt.engine.internal.conformance.ConformanceRunner;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code apvirt conformance}: a catalogue of architectural expectations under every policy, reported like kvm-unit-tests. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run a catalogue of architectural expectations (docs/architecture.md#11) under every installed policy "
                + "and report each case in the manner of kvm-unit-tests: PASS, FAIL, XFAIL (a departure of that policy the "
                + "catalogue records, with the reason), XPASS (a recorded departure that passed: counted as a failure) or SKIP "
                + "(a requirement not met), then a SUMMARY line.",
                "Without CATALOGUE: the built-in catalogue. With CATALOGUE files (ordinary scenario files, which may carry "
                        + "xfail-by-policy, requires and cite): only those, not the built-in one.",
                "Each file runs on the embedded defaults and its own config: block (no --config, APVIRT_* or -Dapvirt.*). "
                        + "The scripts a file's hook and devices name (script:FILE) are checked before any case runs, "
                        + "as apvirt check-script does."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every case passed, failed as recorded (XFAIL) or was skipped", "1:an unexpected failure (FAIL or XPASS)",
                "2:invalid catalogue, policy or command line (nothing ran)", "77:every case was skipped"})
public class ConformanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "ID",
            description = "Run this policy (repeatable, in the order given); default: every installed policy, by id")
    List<String> policies = new ArrayList<>();

    @Option(names = "--tap", description = "Print TAP version 13 (for prove and other TAP harnesses) instead of text")
    boolean tap;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML to FILE (one testsuite per policy)")
    Path junit;

    @Parameters(paramLabel = "CATALOGUE", arity = "0..*",
            description = "Scenario files to run as the catalogue instead of the built-in one")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (junit != null && (Files.isDirectory(junit) || !writableFolder(junit))) {
            err.println("apvirt: --junit " + junit + ": " + (Files.isDirectory(junit) ? "is a folder; name the file to write"
                    : "the folder " + folder(junit) + " does not exist or is not writable"));
            err.println("Nothing ran.");
            return ExitCode.INVALID_INPUT;
        }
        try (Session session = new Session()) {
            ComponentCatalog installed = session.registry().catalog();
            List<String> selected = selectedPolicies(installed, err);
            if (selected == null) {
                return ExitCode.INVALID_INPUT;
            }
            ConformanceReport report;
            try {
                // scripts are checked when configured: every file's, before the first case runs (ConfiguredScripts)
                ConfiguredScripts scripts = new ConfiguredScripts(session);
                ConformanceRunner runner = new ConformanceRunner(installed,
                        ConformanceRunner.container(session.configuration(), session.machines(), scripts::check));
                ConformanceCatalogue catalogue = files.isEmpty() ? ConformanceCatalogue.builtIn() : checked(runner, selected);
                report = runner.run(catalogue, selected);
            } catch (ScenarioException e) {
                ApvirtCli.printProblems("invalid catalogue", e, err);
                err.println("Nothing ran.");
                return ExitCode.INVALID_INPUT;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(tap ? ConformanceTap.render(report) : ConformanceText.render(report));
            out.flush();
            if (junit != null) {
                try {
                    AtomicFile.write(junit, ConformanceJunit.render(report));
                } catch (IOException e) {
                    err.println("apvirt: cannot write " + junit + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                    return ExitCode.INVALID_INPUT;
                }
            }
            return exitCode(report.summary());
        }
    }

    /**
     * The catalogue files, refused with every problem of every file at once: those the loader finds and, in the
     * files that load, those the runner would refuse them for; file by file in the order given, each by line.
     */
    private ConformanceCatalogue checked(ConformanceRunner runner, List<String> selected) {
        ConformanceCatalogue.Loading loading = ConformanceCatalogue.loadEach(files);
        List<ScenarioException.Problem> problems = new ArrayList<>(loading.problems());
        problems.addAll(runner.check(loading.catalogue(), selected));
        if (!problems.isEmpty()) {
            throw new ScenarioException(ScenarioException.ordered(problems, files.stream().map(Path::toString).toList()));
        }
        return loading.catalogue();
    }

    /** 1 on an unexpected failure, 77 when nothing ran (every case skipped), else 0 (kvm-unit-tests). */
    static int exitCode(ConformanceReport.Summary s) {
        if (s.unexpectedFailures() > 0) {
            return ExitCode.EXPECTATION_FAILED;
        }
        return s.allSkipped() ? ExitCode.ALL_SKIPPED : ExitCode.OK;
    }

    /** The --policy ids as given (each installed, each once), or every installed policy by id; null after an error. */
    private List<String> selectedPolicies(ComponentCatalog installed, PrintWriter err) {
        if (policies.isEmpty()) {
            return List.copyOf(installed.policies().keySet());
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : policies) {
            if (!installed.policies().containsKey(p)) {
                err.println("apvirt: --policy " + p + ": is not a known policy id; known: " + installed.describePolicies());
                err.println("Nothing ran.");
                return null;
            }
            if (!out.add(p)) {
                err.println("apvirt: --policy " + p + " is given twice; give each policy once");
                err.println("Nothing ran.");
                return null;
            }
        }
        return List.copyOf(out);
    }

    private static Path folder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static boolean writableFolder(Path file) {
        Path folder = folder(file);
        return Files.isDirectory(folder) && Files.isWritable(folder);
    }
}

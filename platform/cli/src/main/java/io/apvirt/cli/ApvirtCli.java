package io.apvirt.cli;

import io.apvirt.engine.internal.config.ConfigProblem;
import io.apvirt.engine.internal.config.InvalidConfigurationException;
import io.apvirt.engine.internal.scenario.ScenarioException;
import io.apvirt.cli.render.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** {@code apvirt}: run AP instruction scenarios under KVM intercept policies. */
@Command(name = "apvirt", mixinStandardHelpOptions = true, versionProvider = ApvirtCli.Version.class,
        description = {"Executes s390 AP instructions (PQAP, NQAP, DQAP) of a virtual machine through firmware, "
                + "a KVM intercept policy, the PQAP hook and QEMU, and shows what the guest sees.",
                "Without a command: run scripts/scenarios/default.yaml under the configured policy, beside the others."},
        subcommands = {RunCommand.class, DiffCommand.class, ConformanceCommand.class, ValidateCommand.class, DevicesCommand.class,
                BenchCommand.class, StressCommand.class, ComponentsCommand.class, RulesCommand.class, CheckScriptCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success, every expectation held", "1:an expectation failed (run: of the selected policy; "
                + "of any policy with --all-policies)",
                "2:invalid configuration, scenario or command line (nothing ran)", "77:conformance: every case was skipped"})
public class ApvirtCli implements Runnable {

    @CommandLine.Option(names = PluginPath.OPTION, paramLabel = "PATH", scope = CommandLine.ScopeType.LOCAL,
            description = {"Plugin jars (policies, PQAP hooks, device behaviours), colon-separated: jars or folders of jars, "
                    + "each with META-INF/beans.xml; added to those of APVIRT_PLUGIN_PATH. Give it before the command."})
    String pluginPath;

    public static void main(String[] args) {
        StartupTiming.mark("JVM to main");
        quietLibraryLogging();
        if ("1".equals(System.getenv("APVIRT_JS_PRESTART"))) {
            prestartScripts();
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * The launcher saw a script in the command line: start the JavaScript engine (about 2 s
     * with its warm-up) on a daemon thread while Weld boots and the configuration is read. The
     * engine is one per JVM, so the plugin's beans use this one; a failure here only costs the
     * head start (the plugin reports real failures when it is used).
     */
    static void prestartScripts() {
        Thread t = new Thread(() -> {
            try {
                java.util.ServiceLoader.load(io.apvirt.api.plugin.ScriptTool.class).findFirst()
                        .ifPresent(io.apvirt.api.plugin.ScriptTool::runtimeMode);
            } catch (Throwable ignored) {
                // the head start is lost, nothing else
            }
        }, "apvirt-js-prestart");
        t.setDaemon(true);
        t.start();
    }

    /** Runs the command line; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        String[] effective = onlyGlobalOptions(args) ? java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("run"))
                .toArray(String[]::new) : args;
        CommandLine cli = new CommandLine(new ApvirtCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean json = commandLine.getCommand() instanceof JsonOutput j && j.json();
            Integer code = reportInvalidInput(e, json ? out : null, err);
            if (code == null) {
                throw e;
            }
            return code;
        });
        CommandLine.IParameterExceptionHandler text = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, argv) -> {
            if (ErrorReport.wantsJson(e, argv)) {
                out.print(Json.write(ErrorReport.of(e)));
                out.flush();
            }
            if (e instanceof CommandLine.UnmatchedArgumentException u) {
                List<String> near = closeCommands(u);
                if (!near.isEmpty()) {
                    // picocli's own suggestions compare letter pairs: a transposition (rnu) finds nothing,
                    // and a near word gets three commands ("apvirt policies or apvirt devices or ...")
                    err.println(e.getMessage());
                    err.println("Did you mean: " + String.join(" or ", near) + "?");
                    err.flush();
                    return ExitCode.INVALID_INPUT;
                }
            }
            return text.handleParseException(e, argv);
        });
        cli.setExecutionStrategy(parseResult -> executeWithPlugins(parseResult, out, err));
        int code = cli.execute(effective);
        StartupTiming.mark("command done");
        out.flush();
        err.flush();
        return code;
    }

    /** No arguments, or {@code --plugin-path} only: the default command, {@code run}. */
    static boolean onlyGlobalOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(PluginPath.OPTION) && i + 1 < args.length) {
                i++;
            } else if (!args[i].startsWith(PluginPath.OPTION + "=")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the command with the plugin jars of APVIRT_PLUGIN_PATH and --plugin-path, when there
     * are any, on a class loader of their own, the thread's context class loader while it runs:
     * the one {@link io.apvirt.engine.internal.cdi.ApvirtContainer} scans for bean archives.
     */
    private static int executeWithPlugins(CommandLine.ParseResult parseResult, PrintWriter out, PrintWriter err) {
        ApvirtCli top = parseResult.commandSpec().commandLine().getCommand();
        PluginPath plugins;
        try {
            plugins = PluginPath.of(System.getenv(PluginPath.ENVIRONMENT), top.pluginPath);
        } catch (PluginPath.InvalidPluginPathException e) {
            CommandLine.ParseResult last = parseResult;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            boolean json = last.commandSpec().userObject() instanceof JsonOutput j && j.json();
            return reportInvalidInput(e, json ? out : null, err);
        }
        StartupTiming.mark("picocli parse");
        CommandLine.IExecutionStrategy command = new CommandLine.RunLast();
        if (plugins.isEmpty()) {
            return command.execute(parseResult);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (java.net.URLClassLoader loader = plugins.loader(ApvirtCli.class.getClassLoader())) {
            thread.setContextClassLoader(loader);
            return command.execute(parseResult);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@code apvirt: invalid plugins (N problems):} and one line a conflict. */
    static void printConflicts(java.util.List<String> conflicts, PrintWriter err) {
        err.println("apvirt: invalid plugins (" + conflicts.size() + (conflicts.size() == 1 ? " problem" : " problems") + "):");
        for (String c : conflicts) {
            err.println("  " + c);
        }
        err.println("Nothing ran. `apvirt components` lists every policy, hook and device behaviour with its jar.");
        err.flush();
    }

    /**
     * Prints an invalid configuration, an invalid scenario or a plugin failure that stopped a run
     * on {@code err} and, when {@code json} is not null, as an {@link ErrorReport} document on
     * {@code json}; returns {@link ExitCode#INVALID_INPUT}, or {@code null} for any other exception.
     */
    static Integer reportInvalidInput(Exception e, PrintWriter json, PrintWriter err) {
        ErrorReport.Document document = ErrorReport.of(e);
        if (document != null && json != null) {
            json.print(Json.write(document));
            json.flush();
        }
        if (e instanceof InvalidConfigurationException ice) {
            err.println("apvirt: invalid configuration (" + ice.problems().size()
                    + (ice.problems().size() == 1 ? " problem" : " problems") + "):");
            for (ConfigProblem p : ice.problems()) {
                err.println("  " + p.render());
            }
            boolean onlyFiles = ice.problems().stream().noneMatch(p -> p.property().startsWith("apvirt."));
            err.println(onlyFiles ? "Nothing ran. Fix the file above."
                    : "Nothing ran. Fix the properties above (see the README's configuration reference).");
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (e instanceof io.apvirt.engine.internal.cdi.ComponentConflictException cce) {
            printConflicts(cce.problems(), err);
            return ExitCode.INVALID_INPUT;
        }
        if (e instanceof PluginPath.InvalidPluginPathException ipe) {
            err.println("apvirt: invalid plugin path: " + ipe.getMessage());
            err.println("Nothing ran.");
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (e instanceof ScenarioException se) {
            printProblems("invalid scenario", se, err);
            err.println("Nothing ran.");
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (e instanceof io.apvirt.api.plugin.PluginFailure pf) {
            // apvirt.scripts.on-failure: fail
            err.println("apvirt: stopped: " + pf.getMessage());
            err.println("The run stopped at the failed call (apvirt.scripts.on-failure=fail); no report was written.");
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        return null;
    }

    /**
     * {@code apvirt: WHAT: FILE:LINE: FIELD: MESSAGE} for one problem; for more, a count and then one
     * {@code FILE:LINE: FIELD: MESSAGE} line each, in the exception's order (file by file, by line).
     */
    static void printProblems(String what, ScenarioException e, PrintWriter err) {
        if (e.problems().size() == 1) {
            err.println("apvirt: " + what + ": " + e.getMessage());
            return;
        }
        err.println("apvirt: " + what + " (" + e.problems().size() + " problems):");
        e.problems().forEach(p -> err.println(p.render()));
    }

    /**
     * The subcommands of the command that did not match within two edits (a letter changed, added,
     * dropped or two swapped) of the unmatched word, nearest first; none for an option.
     */
    static List<String> closeCommands(CommandLine.UnmatchedArgumentException u) {
        List<String> unmatched = u.getUnmatched();
        if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return List.of();
        }
        String word = unmatched.get(0);
        return u.getCommandLine().getSubcommands().keySet().stream()
                .filter(c -> editDistance(word, c) <= Math.min(2, c.length() / 2))
                .sorted(java.util.Comparator.comparingInt((String c) -> editDistance(word, c)))
                .toList();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Weld and Hibernate Validator log their banners at INFO through java.util.logging: keep warnings only. */
    static void quietLibraryLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (var h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: run, diff, conformance, validate, devices, bench, components (policies), rules or check-script");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"apvirt " + version()};
        }
    }

    public static String version() {
        String v = ApvirtCli.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}

package io.apvirt.cli;

import io.apvirt.api.plugin.ScriptProblem;
import io.apvirt.api.plugin.ScriptTool;
import jakarta.enterprise.inject.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code apvirt check-script FILE...}: checks scripts with the scripting plugin's
 * {@link ScriptTool} (syntax, exported functions, the values a dry call returns) without
 * building a machine. Prints {@code FILE: ok} or every problem, and nothing else.
 */
@Command(name = "check-script", mixinStandardHelpOptions = true,
        description = {"Check JavaScript device behaviours and hooks without running anything: syntax, the exported "
                + "functions and the values they return on a dry call. Needs the js-hooks plugin on the class path.",
                "A relative FILE is looked up as in the configuration: in the working directory, then in "
                        + "$APVIRT_HOME/scripts and scripts/ (from the repository root: apvirt check-script hooks/flaky-busy.js).",
                "Prints FILE: ok, or each problem as FILE:LINE:COLUMN: message with the line and a caret under the column; "
                        + "FILE is the file found, relative to the working directory when it is below it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every script is fine",
                "2:a script has problems, a file is missing, or the js-hooks plugin is not on the class path (nothing ran)"})
public class CheckScriptCommand implements Callable<Integer> {

    static final String NO_TOOL = "apvirt: check-script needs the js-hooks plugin on the class path "
            + "(no io.apvirt.api.plugin.ScriptTool bean was found)";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Script files (for example hooks/flaky-busy.js)")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = new Session()) {
            Instance<ScriptTool> tools = session.instances(ScriptTool.class);
            if (tools.isUnsatisfied()) {
                return check(null, files, out, err);
            }
            if (tools.isAmbiguous()) {
                err.println("apvirt: check-script: more than one ScriptTool bean is on the class path: "
                        + tools.stream().map(t -> t.getClass().getName()).collect(Collectors.joining(", ")));
                return ExitCode.INVALID_INPUT;
            }
            return check(tools.get(), files, out, err);
        }
    }

    /**
     * {@code given} as a script reference resolves it (working directory first, then
     * {@code $APVIRT_HOME/scripts} and {@code scripts/}: there is no configuration or scenario
     * folder), as the working directory shows it; {@code given} itself when it is not found.
     */
    static Path resolve(Path given) {
        return resolve(given, io.apvirt.engine.internal.config.ComponentRef.searchPath(null, null, System.getenv("APVIRT_HOME")));
    }

    /** {@code given} in the working directory, else the first along {@code searchPath}; {@code given} when neither has it. */
    static Path resolve(Path given, List<Path> searchPath) {
        Path found = io.apvirt.engine.internal.config.ComponentRef.find(given.toString(), searchPath);
        return found == null ? given : Path.of(RunCommand.display(found));
    }

    /**
     * Checks every file with {@code tool} ({@code null}: no scripting plugin). Every file is
     * checked even when an earlier one has problems; the exit code is 0 only when all are fine.
     */
    static int check(ScriptTool tool, List<Path> files, PrintWriter out, PrintWriter err) {
        if (tool == null) {
            err.println(NO_TOOL);
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        int code = ExitCode.OK;
        for (Path given : files) {
            Path file = resolve(given);
            if (!Files.exists(file)) {
                out.flush();
                err.println("apvirt: check-script: " + file + ": no such file");
                err.flush();
                code = ExitCode.INVALID_INPUT;
                continue;
            }
            if (!Files.isRegularFile(file)) {
                out.flush();
                err.println("apvirt: check-script: " + file + ": not a file");
                err.flush();
                code = ExitCode.INVALID_INPUT;
                continue;
            }
            List<ScriptProblem> problems = tool.check(file);
            if (problems.isEmpty()) {
                out.println(file + ": ok");
            } else {
                problems.forEach(p -> out.println(p.render()));
                code = ExitCode.INVALID_INPUT;
            }
        }
        out.flush();
        return code;
    }
}

package io.apvirt.cli;

import io.apvirt.api.plugin.PluginFailure;
import io.apvirt.engine.internal.config.ConfigProblem;
import io.apvirt.engine.internal.config.InvalidConfigurationException;
import io.apvirt.engine.internal.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.Arrays;
import java.util.List;

/**
 * The JSON document of an error that stopped a command given {@code --json}
 * (docs/schemas/error.schema.json): nothing ran, the exit code is 2, every problem is listed
 * with where it is and what to do.
 */
public final class ErrorReport {

    /** {@code {"schema": "apvirt.error/1", "apvirt": ..., "error": {...}}}. */
    public record Document(String schema, String apvirt, Error error) {
        public static final String SCHEMA = "apvirt.error/1";
    }

    /**
     * @param kind     {@value #INVALID_CONFIGURATION}, {@value #INVALID_SCENARIO}, {@value #PLUGIN_FAILURE},
     *                 {@value #INVALID_COMMAND_LINE} or {@value #INVALID_PLUGINS}
     * @param exit     the process exit code
     * @param message  the headline, as the first line on stderr says it
     * @param problems at least one
     */
    public record Error(String kind, int exit, String message, List<Problem> problems) {
    }

    /**
     * One problem; the fields that do not apply are null.
     *
     * @param property the configuration property ({@code apvirt.policy}), the scenario field ({@code steps[1].colour})
     *                 or the command-line option ({@code --pairs})
     * @param value    the rejected value as written
     * @param source   where the value came from: {@code --set}, a configuration file, an environment variable, the
     *                 scenario file, {@code command line}
     * @param line     the line in the source file
     * @param message  what is wrong and how to fix it
     */
    public record Problem(String property, String value, String source, Integer line, String message) {
    }

    public static final String INVALID_CONFIGURATION = "invalid-configuration";
    public static final String INVALID_SCENARIO = "invalid-scenario";
    public static final String PLUGIN_FAILURE = "plugin-failure";
    public static final String INVALID_COMMAND_LINE = "invalid-command-line";
    /** A plugin path entry that is no jar, or components that cannot be told apart (a duplicate id, a bean without an id). */
    public static final String INVALID_PLUGINS = "invalid-plugins";

    private ErrorReport() {
    }

    /** The document of an exception that {@link ApvirtCli#reportInvalidInput} reports; null for any other. */
    static Document of(Exception e) {
        if (e instanceof InvalidConfigurationException ice) {
            List<Problem> problems = ice.problems().stream().map(ErrorReport::problem).toList();
            return document(INVALID_CONFIGURATION, "invalid configuration (" + problems.size()
                    + (problems.size() == 1 ? " problem)" : " problems)"), problems);
        }
        if (e instanceof ScenarioException se) {
            List<Problem> problems = se.problems().stream()
                    .map(p -> new Problem(p.field(), null, p.file(), p.line(), p.reason())).toList();
            return document(INVALID_SCENARIO, problems.size() == 1 ? "invalid scenario: " + se.getMessage()
                    : "invalid scenario (" + problems.size() + " problems)", problems);
        }
        if (e instanceof io.apvirt.engine.internal.cdi.ComponentConflictException cce) {
            return document(INVALID_PLUGINS, "invalid plugins (" + cce.problems().size()
                    + (cce.problems().size() == 1 ? " problem)" : " problems)"),
                    cce.problems().stream().map(m -> new Problem(null, null, "class path", null, m)).toList());
        }
        if (e instanceof PluginPath.InvalidPluginPathException ipe) {
            return document(INVALID_PLUGINS, "invalid plugin path: " + ipe.getMessage(),
                    List.of(new Problem(ipe.property, ipe.value, ipe.source, null, ipe.getMessage())));
        }
        if (e instanceof PluginFailure pf) {
            return document(PLUGIN_FAILURE, "stopped: " + pf.getMessage(),
                    List.of(new Problem(null, null, null, null, pf.getMessage())));
        }
        return null;
    }

    /** A command line picocli refused: the option or parameter and its value when picocli names them. */
    static Document of(CommandLine.ParameterException e) {
        ArgSpec arg = e.getArgSpec();
        if (arg == null && e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            arg = m.getMissing().get(0);
        }
        String property = arg instanceof OptionSpec o ? o.longestName()
                : arg instanceof PositionalParamSpec p ? p.paramLabel() : null;
        String value = e.getValue();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            value = String.join(" ", u.getUnmatched());
        }
        return document(INVALID_COMMAND_LINE, "invalid command line: " + e.getMessage(),
                List.of(new Problem(property, value, "command line", null, e.getMessage())));
    }

    /**
     * Whether the command that failed to parse asked for JSON: it has {@code --json} and the
     * flag was set, or is among the arguments after the one picocli stopped at.
     */
    static boolean wantsJson(CommandLine.ParameterException e, String[] args) {
        return e.getCommandLine().getCommand() instanceof JsonOutput j
                && (j.json() || Arrays.asList(args).contains("--json"));
    }

    private static Problem problem(ConfigProblem p) {
        return new Problem(p.property(), p.rejectedValue(), p.source(), null, p.message());
    }

    private static Document document(String kind, String message, List<Problem> problems) {
        return new Document(Document.SCHEMA, ApvirtCli.version(), new Error(kind, ExitCode.INVALID_INPUT, message, problems));
    }
}

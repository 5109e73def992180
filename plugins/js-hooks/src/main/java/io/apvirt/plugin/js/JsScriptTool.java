package io.apvirt.plugin.js;

import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import io.apvirt.api.plugin.ScriptProblem;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.api.plugin.ScriptTool;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code apvirt check-script} and the runtime mode: checks a script without a machine. The
 * module is evaluated in a Context of its own under the default limits
 * ({@link ScriptSettings#DEFAULTS}); then each exported API function is called once with
 * sample arguments (a 16-byte request, PSMID 0x0000000100000002, on queue 03.0005 of a CEX8
 * in CCA mode; a RAPQ; an AQIC enabling ISC 3 with NIB 0x1000) and its return value checked
 * as a machine would. What the script logs is dropped.
 */
@ApplicationScoped
public class JsScriptTool implements ScriptTool {

    @Override
    public List<ScriptProblem> check(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            return List.of(new ScriptProblem(name, 0, 0, "no such file", null));
        }
        List<String> lines;
        try {
            lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of(new ScriptProblem(name, 0, 0, "cannot read the file: " + e.getMessage(), null));
        }
        List<ScriptProblem> problems = new ArrayList<>();
        try (ScriptInstance script = new ScriptInstance(name, file, ScriptSettings.DEFAULTS, line -> {
        }, 0, Samples.APQN.apid())) {
            ScriptFailure notLoaded = script.loadFailure();
            if (notLoaded != null) {
                problems.add(problem(notLoaded, lines));
                return problems;
            }
            String text = String.join("\n", lines);
            List<ScriptProblem> exports = new ArrayList<>();
            for (String unknown : script.unknownExports()) {
                int[] at = ScriptInstance.exportLocation(text, unknown);
                exports.add(new ScriptProblem(name, at[0], at[1], "exports " + unknown
                        + ", which is not part of the script API (" + String.join(", ", ScriptInstance.API) + ")",
                        sourceLine(lines, at[0])));
            }
            exports.sort(java.util.Comparator.comparingInt(ScriptProblem::line).thenComparingInt(ScriptProblem::column));
            problems.addAll(exports);
            for (String function : ScriptInstance.API) {
                if (!script.exports(function)) {
                    continue;
                }
                try {
                    dryCall(script, function);
                } catch (ScriptFailure f) {
                    problems.add(problem(f, lines));
                }
            }
        }
        return problems;
    }

    @Override
    public String runtimeMode() {
        return JsEngine.mode();
    }

    /** One call of {@code function} with the sample arguments, its return value checked. */
    private static void dryCall(ScriptInstance script, String function) throws ScriptFailure {
        ScriptHost host = script.host;
        QueueView queue = new Samples.Queue();
        switch (function) {
            case "describe" -> script.call(function, 0, () -> new Object[0],
                    (fn, result) -> Returns.describe(fn, result, Samples.ADAPTER), () -> Samples.ADAPTER);
            case "onRequest" -> {
                Request request = Samples.request();
                script.call(function, 1, () -> new Object[] {new Views.RequestView(host, request), new Views.Queue(host, queue)},
                        (fn, result) -> Returns.response(fn, result, Samples.ADAPTER), () -> Response.Reply.of(request.message()));
            }
            case "onReset" -> script.call(function, 1, () -> new Object[] {new Views.Queue(host, queue), "RAPQ"},
                    Returns::resetTicks, () -> -1);
            case "onTest" -> script.call(function, 1, () -> new Object[] {new Views.Queue(host, queue)},
                    Returns::testRc, () -> null);
            case "onAqic" -> script.call(function, 1,
                    () -> new Object[] {new Views.AqicRequest(host, Samples.APQN, true, Samples.ISC, Samples.NIB),
                            new Views.HostQueue(host, Samples.APQN, new Samples.Host())},
                    Returns::aqic, Returns.Decline::new);
            default -> throw new IllegalArgumentException(function);
        }
    }

    private static ScriptProblem problem(ScriptFailure f, List<String> lines) {
        return new ScriptProblem(f.file, f.line, f.column, f.error, sourceLine(lines, f.line));
    }

    private static String sourceLine(List<String> lines, int line) {
        return line > 0 && line <= lines.size() ? lines.get(line - 1) : null;
    }
}

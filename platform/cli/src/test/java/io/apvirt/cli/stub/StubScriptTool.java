package io.apvirt.cli.stub;

import io.apvirt.api.plugin.ScriptProblem;
import io.apvirt.api.plugin.ScriptTool;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the js-hooks plugin's ScriptTool, discovered by the CLI's Weld container from
 * the test classes (src/test/resources/META-INF/beans.xml): a line containing {@code BROKEN}
 * is a syntax error at that word.
 */
@ApplicationScoped
public class StubScriptTool implements ScriptTool {

    @Override
    public List<ScriptProblem> check(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ScriptProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int at = lines.get(i).indexOf("BROKEN");
            if (at >= 0) {
                problems.add(new ScriptProblem(file.toString(), i + 1, at + 1, "SyntaxError: Expected ; but found BROKEN",
                        lines.get(i)));
            }
        }
        return problems;
    }

    @Override
    public String runtimeMode() {
        return "stub (tests)";
    }
}

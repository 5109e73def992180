package io.apvirt.api.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * What the command line asks of a scripting plugin (the js-hooks module implements it as an
 * {@code @ApplicationScoped} bean): check a script without running a machine, and say which
 * runtime mode executes scripts.
 */
public interface ScriptTool {

    /**
     * Checks a script: syntax, its exported functions, and the value each one returns on a dry
     * call with sample arguments. An empty list means the script is fine.
     */
    List<ScriptProblem> check(Path file);

    /**
     * Which runtime executes scripts, for example {@code optimized (Graal JIT compiler)} or
     * {@code interpreted (no JIT compiler: ...)}. Starts the engine if it is not started.
     */
    String runtimeMode();
}

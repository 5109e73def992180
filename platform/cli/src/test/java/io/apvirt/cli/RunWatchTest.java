package io.apvirt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code apvirt run --watch}, stopped by the hidden {@code --watch-runs N}; a second thread
 * edits the watched files while the command waits.
 */
class RunWatchTest {

    static final String SCENARIO = """
            steps:
              - name: TAPQ %s
                instruction: pqap
                fc: tapq
                apqn: "03.0005"
                expect: {cc: 0, rc: 0x00}
            """;

    /** The command on this thread, its output readable while it runs. */
    static final class Watch {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        int run(String... args) {
            return ApvirtCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        }

        int count(String text, boolean stderr) {
            String s = (stderr ? err : out).toString();
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
                n++;
            }
            return n;
        }
    }

    /** Rewrites {@code file} every 300 ms (a new step name each time) until stopped. */
    static Thread editor(Path file, AtomicBoolean stop, BooleanSupplier when) {
        Thread t = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                try {
                    Thread.sleep(300);
                    if (when.getAsBoolean()) {
                        Files.writeString(file, SCENARIO.formatted("edit " + ++n));
                    }
                } catch (Exception e) {
                    return;
                }
            }
        }, "watch-test-editor");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aChangedScenarioRunsAgain(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("watched.yaml"), SCENARIO.formatted("first"));
        Watch w = new Watch();
        AtomicBoolean stop = new AtomicBoolean();
        editor(scenario, stop, () -> w.count("SUMMARY:", false) >= 1);
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> w.run("run", "--watch", "--watch-runs", "2", "--no-compare", scenario.toString()));
        stop.set(true);
        assertEquals(0, code, w.err.toString());
        assertEquals(2, w.count("SUMMARY: mainline 1 PASS, 0 FAIL", false), w.out.toString());
        assertTrue(w.err.toString().startsWith("apvirt: watching " + scenario + " (Ctrl-C stops)\n"
                + "apvirt: " + scenario + " changed, running again\n"), w.err.toString());
        assertTrue(w.out.toString().contains("TAPQ edit "), w.out.toString());
    }

    @Test
    void anInvalidScenarioIsReportedAndTheWatchGoesOn(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("edited.yaml"), SCENARIO.formatted("first"));
        Watch w = new Watch();
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                while (w.count("apvirt: watching", true) < 1) {
                    Thread.sleep(50);
                }
                Files.writeString(scenario, "steps:\n  - instruction: pqap\n    colour: blue\n");
                while (w.count("apvirt: watching", true) < 2) {
                    Thread.sleep(50);
                }
                Files.writeString(scenario, SCENARIO.formatted("fixed"));
            } catch (Exception e) {
                // the test fails on its assertions
            }
        });
        t.setDaemon(true);
        t.start();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> w.run("run", "--watch", "--watch-runs", "3", "--no-compare", scenario.toString()));
        stop.set(true);
        assertEquals(0, code, w.err.toString());
        assertEquals(2, w.count("SUMMARY: mainline 1 PASS, 0 FAIL", false), w.out.toString());
        assertTrue(w.out.toString().contains("TAPQ fixed"), w.out.toString());
        String err = w.err.toString();
        assertEquals(2, w.count("apvirt: " + scenario + " changed, running again\n", true), err);
        assertTrue(err.contains("apvirt: invalid scenario: " + scenario + ":3: steps[1].colour: unknown field"), err);
    }

    @Test
    void theConfigFileAndTheScriptsItReferencesAreWatched(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), SCENARIO.formatted("first"));
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        Path script = Files.writeString(hooks.resolve("device.js"), "// version 1\n");
        // echo ignores its argument; the reference is resolved and watched like script:hooks/device.js
        Path cfg = Files.writeString(dir.resolve("apvirt.yaml"),
                "apvirt:\n  devices:\n    - adapter: 3\n      behaviour: echo:hooks/device.js\n");
        Watch w = new Watch();
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                while (w.count("apvirt: watching", true) < 1) {
                    Thread.sleep(50);
                }
                Thread.sleep(20);
                Files.writeString(script, "// version 2, longer\n");
            } catch (Exception e) {
                // the test fails on its assertions
            }
        });
        t.setDaemon(true);
        t.start();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> w.run("run", "--watch", "--watch-runs", "2", "--no-compare", "--config", cfg.toString(), scenario.toString()));
        stop.set(true);
        assertEquals(0, code, w.err.toString());
        String err = w.err.toString();
        assertTrue(err.startsWith("apvirt: watching " + scenario + ", " + cfg + ", " + RunCommand.display(script.toAbsolutePath().normalize())
                + " (Ctrl-C stops)\napvirt: " + RunCommand.display(script.toAbsolutePath().normalize()) + " changed, running again\n"), err);
    }

    @Test
    void watchRunsNeedsWatch() {
        assertEquals(2, CliTest.run("run", "--watch-runs", "2").exit());
        assertTrue(CliTest.run("run", "--help").out().contains("--watch"));
        assertTrue(!CliTest.run("run", "--help").out().contains("--watch-runs"));
    }
}

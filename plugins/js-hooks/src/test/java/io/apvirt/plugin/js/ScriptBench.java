package io.apvirt.plugin.js;

import io.apvirt.api.device.AdapterBehaviour;
import io.apvirt.api.device.QueueView;
import io.apvirt.api.device.Request;
import io.apvirt.api.device.Response;
import io.apvirt.api.plugin.ComponentContext;
import io.apvirt.api.plugin.ScriptSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Not a test: calls per second of {@link AdapterBehaviour#onRequest} for {@code scripts/hooks/echo.js}
 * (through {@link ScriptBehaviour}, with the views, the lock, the watchdog and the return
 * value check) against the Java echo lambda, each called directly in a loop after a warm-up.
 * Run from the reactor root (see README.md, "Scripting", "Threads, contexts, speed"):
 * <pre>
 * scripts/with-jdk mvn -o -B -q -pl plugins/js-hooks -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/js-cp.txt -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *     -cp "$(cat /tmp/js-cp.txt):plugins/js-hooks/target/classes:plugins/js-hooks/target/test-classes" \
 *     io.apvirt.plugin.js.ScriptBench [seconds per round, default 2]
 * </pre>
 */
public final class ScriptBench {

    private ScriptBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        Path echo = Path.of("scripts/hooks/echo.js").toAbsolutePath();
        System.out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs; JavaScript " + JsEngine.mode());
        AdapterBehaviour java = (request, queue) -> Response.Reply.of(request.message());
        report("Java echo lambda", java, seconds);
        report("echo.js, defaults (deadline 100 ms, statement limit 1,000,000)",
                script(echo, new ScriptSettings(Duration.ofMillis(100), 1_000_000, ScriptSettings.OnFailure.CHECKSTOP, false)), seconds);
        report("echo.js, no statement limit", script(echo,
                new ScriptSettings(Duration.ofMillis(100), 0, ScriptSettings.OnFailure.CHECKSTOP, false)), seconds);
        report("echo.js, no statement limit, no deadline", script(echo,
                new ScriptSettings(Duration.ZERO, 0, ScriptSettings.OnFailure.CHECKSTOP, false)), seconds);
        report("echo.js, defaults and watch", script(echo,
                new ScriptSettings(Duration.ofMillis(100), 1_000_000, ScriptSettings.OnFailure.CHECKSTOP, true)), seconds);
        System.exit(0);
    }

    static AdapterBehaviour script(Path file, ScriptSettings settings) {
        ComponentContext context = new ComponentContext("script", "hooks/echo.js", file, List.of(file.getParent()),
                io.apvirt.api.plugin.Options.NONE, 0, settings, line -> {
        }, Samples.ADAPTER);
        ScriptBehaviour bean = new ScriptBehaviour();
        return bean.bind(context);
    }

    static void report(String name, AdapterBehaviour behaviour, double seconds) {
        QueueView queue = new Samples.Queue();
        byte[] message = Samples.request().message();
        long tick = 0;
        // warm-up: a round of the same length
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                behaviour.onRequest(new Request(tick, message.clone(), tick++), queue);
            }
        }
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            long calls = 0;
            long t0 = System.nanoTime();
            long stop = t0 + (long) (seconds * 1e9);
            long now;
            do {
                for (int i = 0; i < 1000; i++) {
                    Response r = behaviour.onRequest(new Request(tick, message.clone(), tick++), queue);
                    if (!(r instanceof Response.Reply)) {
                        throw new IllegalStateException(name + ": " + r);
                    }
                }
                calls += 1000;
                now = System.nanoTime();
            } while (now < stop);
            rates.add(calls / ((now - t0) / 1e9));
        }
        rates.sort(null);
        System.out.printf("%-70s median %,12.0f calls/s (%.2f us/call), rounds %s%n", name, rates.get(2), 1e6 / rates.get(2),
                rates.stream().map(r -> String.format("%,.0f", r)).toList());
    }
}

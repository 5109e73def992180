package io.apvirt.plugin.js;

import io.apvirt.api.plugin.PluginLog;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * What every script of the JVM shares: one polyglot {@link Engine} (created on first use, so
 * a run without scripts pays nothing for JavaScript), the parsed {@link Source}s, and the
 * watchdog thread that enforces call deadlines.
 *
 * <p><b>The pool.</b> The Engine holds the parsed code and, with the Graal compiler, the
 * compiled code; every script instance (one per bound adapter, one per configured hook) makes
 * its own {@link Context} from it. A Context is the JavaScript realm of one device: its module
 * state is that device's state, and it is used by one thread at a time (the instance's lock).
 * Contexts are cheap to make from the shared Engine (the module source is parsed once per
 * Engine), so a Context that a resource limit or the watchdog cancelled is simply replaced by a
 * fresh one that evaluates the module again.
 *
 * <p><b>Sandbox.</b> The Engine and every Context run under {@link SandboxPolicy#CONSTRAINED}:
 * no host class lookup, no I/O, no threads, no native access, no environment, no process
 * creation; {@link #HOST_ACCESS} exposes no host method or field at all, so the guest sees the
 * host only through the read-only proxies of {@link Views}. Output ({@code console.log},
 * {@code print}) goes to the machine log; {@code load} is switched off.
 */
final class JsEngine {

    static final String LANGUAGE = "js";
    static final String MODULE_MIME = "application/javascript+module";

    /** Nothing of the host is accessible (and no mutable mappings of host types, as CONSTRAINED requires). */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder().allowMutableTargetMappings().build();

    /** What {@link Engine#getImplementationName()} answers on the fallback runtime (no JIT compiler). */
    static final String INTERPRETED_IMPLEMENTATION = "Interpreted";

    private static final Object LOCK = new Object();
    private static volatile Engine engine;
    private static volatile String mode;
    /** Engine-level output (rare: engine warnings) goes to the log of the machine that started the engine. */
    private static volatile WeakReference<PluginLog> engineLog = new WeakReference<>(null);

    private static final Map<SourceKey, Source> SOURCES = new ConcurrentHashMap<>();

    private JsEngine() {
    }

    /** The shared Engine; starting it reports the runtime mode to {@code log} (once per JVM). */
    static Engine engine(PluginLog log) {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (LOCK) {
            if (engine == null) {
                engineLog = new WeakReference<>(log);
                LogStream engineOut = new LogStream(line -> {
                    PluginLog l = engineLog.get();
                    if (l != null) {
                        l.report("js-hooks: " + line);
                    }
                });
                Engine built = Engine.newBuilder(LANGUAGE)
                        .sandbox(SandboxPolicy.CONSTRAINED)
                        .out(engineOut)
                        .err(engineOut)
                        // the fallback runtime's stderr warning: runtimeMode() says it instead
                        .option("engine.WarnInterpreterOnly", "false")
                        .build();
                mode = describe(built.getImplementationName());
                warmUp(built);
                // the mode depends on how the JVM was started, not on the configuration: it stays out
                // of the machine log (the report is byte-identical); the CLI prints runtimeMode()
                engine = built;
            }
            return engine;
        }
    }

    /** What the warm-up evaluates: the paths of a device call, a thrown error, and a loop to interrupt. */
    private static final String WARM_UP = """
            let calls = 0;
            export function onRequest(request, queue) {
              calls++;
              let sum = 0;
              for (const b of request.message) { sum = (sum + b) & 0xff; }
              try { request.nothing; } catch (e) { sum ^= e.message.length & 0xff; }
              const m = request.message;
              const text = [JSON.stringify(m), JSON.stringify({a: [1, "x"], b: null}), Object.keys(request).join(),
                  Object.keys(queue).join(","), m.map(b => b ^ 0xff).join(" "), m.filter(b => b > 3).length,
                  m.reduce((a, b) => a + b, 0), m.slice(1, 3).indexOf(2), m.includes(7), Array.from(m).length,
                  [...m].reverse()[0], m.some(b => b > 9), m.every(b => b < 256), m.find(b => b === 5),
                  (sum).toString(16).padStart(2, "0"), `${queue.apqn} ${request.psmid} ${queue.pending}`,
                  request.hex().split(" ").length, request.hex().replace(/ /g, "").toUpperCase(),
                  String(request), String(queue.interrupts), Math.max(...m), Math.floor(ap.random() * 10),
                  Number.parseInt("ff", 16), new Uint8Array(m).length, ap.now(), ap.rc.BUSY, typeof ap.log,
                  new Map([[1, 2]]).get(1), new Set(m).size, [3, 1, 2].sort().join(), "a,b".split(",").length,
                  Date.now() > 0, Object.entries({x: 1}).length, Object.assign({}, {y: 2}).y];
              m.forEach(b => { sum ^= b; });
              if (calls % 10 === 0) { ap.log(text.join(" | ").length, sum); console.log(calls); }
              return calls % 2 ? {reply: [sum, text.length & 0xff], latency: 1}
                  : calls % 3 ? {reply: request.hex()} : {reply: request.message};
            }
            export function onTest(queue) { return calls > 1000 ? {rc: ap.rc.BUSY} : undefined; }
            export function onReset(queue, kind) { return kind === "RAPQ" ? {ticks: 1} : undefined; }
            export function spin() { while (true) {} }
            """;

    /**
     * Pays the first-use costs (class loading, the first parse, the first interop calls and the
     * first interrupt: about 2 s on a cold JVM, most of it the first module evaluation) when the
     * engine starts, so that they do not count against the deadline of the first script call.
     */
    private static void warmUp(Engine built) {
        ScriptHost host = new ScriptHost("warm-up", line -> {
        }, 0, 0);
        try (Context c = newContext(built, new LogStream(line -> {
        }), 0, () -> {
        })) {
            Value bindings = c.getBindings(LANGUAGE);
            host.typeError = bindings.getMember("TypeError");
            bindings.putMember("ap", host.ap);
            c.eval(PRELUDE);
            Value exports = c.eval(source(WARM_UP, "warm-up.js"));
            Value onRequest = exports.getMember("onRequest");
            Value onTest = exports.getMember("onTest");
            Value onReset = exports.getMember("onReset");
            Returns.Fn fn = new Returns.Fn("onRequest", onRequest, 1);
            io.apvirt.api.device.QueueView queue = new Samples.Queue();
            for (int i = 0; i < 50; i++) {
                c.resetLimits();
                Value r = onRequest.execute(new Views.RequestView(host, Samples.request()), new Views.Queue(host, queue));
                Returns.response(fn, r, Samples.ADAPTER);
                Returns.testRc(new Returns.Fn("onTest", onTest, 1), onTest.execute(new Views.Queue(host, queue)));
                Returns.resetTicks(new Returns.Fn("onReset", onReset, 1), onReset.execute(new Views.Queue(host, queue), "RAPQ"));
            }
            Value spin = exports.getMember("spin");
            var alarm = watchdog().schedule(() -> {
                try {
                    c.interrupt(java.time.Duration.ofSeconds(5));
                } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
                    // the warm-up context is closed below either way
                }
            }, 5, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                spin.execute();
            } catch (org.graalvm.polyglot.PolyglotException expected) {
                // interrupted
            } finally {
                alarm.cancel(false);
            }
        } catch (RuntimeException e) {
            // a warm-up that fails costs speed, not correctness
        }
    }

    /** {@code optimized (GraalVM CE)} or {@code interpreted (Interpreted; ...)}; starts the engine. */
    static String mode() {
        engine(null);
        return mode;
    }

    static String describe(String implementationName) {
        if (INTERPRETED_IMPLEMENTATION.equalsIgnoreCase(implementationName)) {
            return "interpreted (" + implementationName
                    + "; start the JVM with the Graal compiler for speed, see the launcher)";
        }
        return "optimized (" + implementationName + ")";
    }

    /**
     * A new Context of the shared Engine for one script instance: sandboxed, its output to
     * {@code out}, statements per call bounded by {@code statementLimit} (0: no bound), and
     * {@code onLimit} told when that bound fired (the Context is then cancelled).
     */
    static Context newContext(PluginLog firstLog, LogStream out, long statementLimit, Runnable onLimit) {
        return newContext(engine(firstLog), out, statementLimit, onLimit);
    }

    private static Context newContext(Engine engine, LogStream out, long statementLimit, Runnable onLimit) {
        Context.Builder b = Context.newBuilder(LANGUAGE)
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HOST_ACCESS)
                .out(out)
                .err(out)
                .option("js.load", "false")
                .option("js.esm-eval-returns-exports", "true");
        if (statementLimit > 0) {
            b.resourceLimits(ResourceLimits.newBuilder()
                    .statementLimit(statementLimit, null)
                    .onLimit(event -> onLimit.run())
                    .build());
        }
        return b.build();
    }

    /**
     * The module source of {@code file}, named {@code name} (as the user wrote it, so that
     * GraalJS's own messages and stack frames name it that way), cached by path, modification
     * time and name: scripts shared by several devices are read and parsed once.
     */
    static Source source(Path file, String name) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        SourceKey key = new SourceKey(file.toAbsolutePath().normalize(), modified, name);
        Source cached = SOURCES.get(key);
        if (cached != null) {
            return cached;
        }
        // an older version of the same file is not needed any more
        SOURCES.keySet().removeIf(old -> old.path().equals(key.path()) && old.name().equals(key.name()));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Source source = Source.newBuilder(LANGUAGE, text, name).mimeType(MODULE_MIME).build();
        Source raced = SOURCES.putIfAbsent(key, source);
        return raced == null ? source : raced;
    }

    /** Evaluated in every Context before the module: Math.random draws from the device's seeded stream. */
    static final Source PRELUDE = Source.newBuilder(LANGUAGE,
            "Object.defineProperty(Math, 'random', {value: function random() { return ap.random(); }, "
                    + "writable: false, enumerable: false, configurable: false});", "apvirt-prelude.js").buildLiteral();

    /** A module source from text (for {@code check} and tests). */
    static Source source(String text, String name) {
        return Source.newBuilder(LANGUAGE, text, name).mimeType(MODULE_MIME).buildLiteral();
    }

    private record SourceKey(Path path, FileTime modified, String name) {
    }

    /** The shared daemon thread that interrupts calls past their deadline. */
    static ScheduledThreadPoolExecutor watchdog() {
        return Watchdog.EXECUTOR;
    }

    private static final class Watchdog {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "apvirt-js-watchdog");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }

    /** Splits what a context prints into lines and hands each to a consumer. */
    static final class LogStream extends java.io.OutputStream {
        private final Consumer<String> lines;
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

        LogStream(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else if (buffer.size() < 64 * 1024) {
                buffer.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            if (buffer.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String line = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            lines.accept(line);
        }
    }
}

package io.apvirt.plugin.js;

import io.apvirt.api.plugin.PluginLog;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

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
                if (log != null) {
                    log.report("js-hooks: JavaScript runs " + mode);
                }
                engine = built;
            }
            return engine;
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
        Context.Builder b = Context.newBuilder(LANGUAGE)
                .engine(engine(firstLog))
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

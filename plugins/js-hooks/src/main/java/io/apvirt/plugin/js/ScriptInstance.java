package io.apvirt.plugin.js;

import io.apvirt.api.plugin.PluginLog;
import io.apvirt.api.plugin.ScriptSettings;
import io.apvirt.plugin.js.Returns.BadReturn;
import io.apvirt.plugin.js.Returns.Fn;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One script for one device (a bound adapter) or one configured hook: its own {@link Context}
 * of the shared engine ({@link JsEngine}), whose module state is the device's state, guarded
 * by a lock so that one thread at a time runs it (an adapter's queues call from several vCPU
 * threads).
 *
 * <p>Every call runs under the limits of {@code apvirt.scripts.*}: the {@link Watchdog} interrupts
 * a call past its deadline ({@link Context#interrupt}, which keeps the Context and its state, or
 * {@link Context#close(boolean) close(true)} when the interrupt does not take), and the
 * statement limit, counted per call ({@link Context#resetLimits()} before each), cancels the
 * Context when it fires. A cancelled Context is replaced by a fresh one that evaluates the
 * module again before the next call: <b>the module state is lost</b>. Every failure is
 * reported to the machine log as {@code file:line:col: error} and the guest stack; the caller
 * (adapter or hook) turns it into the configured outcome.
 *
 * <p>With {@code watch}, before a call (at most every 100 ms of wall-clock time) a changed
 * modification time loads the file into a fresh Context; a version that does not load is
 * logged and the previous one kept.
 */
final class ScriptInstance implements AutoCloseable {

    /** The functions a script may export. */
    static final List<String> API = List.of("describe", "onRequest", "onReset", "onTest", "onAqic");

    static final long WATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * The module's top-level code (which includes parsing it) may take this long even when the
     * call deadline is shorter: parsing a large script in the interpreter takes tens of ms.
     */
    static final Duration MIN_LOAD_DEADLINE = Duration.ofSeconds(2);

    private static final Cleaner CLEANER = Cleaner.create();

    final String name;
    final Path file;
    final ScriptSettings settings;
    final ScriptHost host;

    private final ReentrantLock lock = new ReentrantLock();
    private final Holder holder = new Holder();
    private final JsEngine.LogStream out;
    private Map<String, Fn> functions = Map.of();
    private List<String> unknownExports = List.of();
    private FileTime version;
    private long lastWatch;
    private ScriptFailure loadFailure;
    private boolean needsFresh;

    /** The Context, closed when the instance is closed or becomes unreachable. */
    private static final class Holder implements Runnable {
        final Watchdog.Watch watch = Watchdog.register();
        volatile Context context;
        /** Set by the statement limit's listener (which must not refer to the instance). */
        volatile boolean limitHit;

        @Override
        public void run() {
            Watchdog.unregister(watch);
            closeQuietly(context);
        }
    }

    /**
     * Loads {@code file} (named {@code name} in messages) into a new Context; a failure is
     * reported and kept ({@link #loadFailure()}): every call then fails with it.
     */
    ScriptInstance(String name, Path file, ScriptSettings settings, PluginLog log, long seed, int stream) {
        this.name = name;
        this.file = file;
        this.settings = settings;
        this.host = new ScriptHost(name, log, seed, stream);
        this.out = new JsEngine.LogStream(line -> log.report(name + ": " + line));
        CLEANER.register(this, holder);
        lock.lock();
        try {
            lastWatch = System.nanoTime();
            try {
                install(load());
            } catch (ScriptFailure f) {
                loadFailure = report(f).reported();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Why the script did not load, or {@code null} when it did. */
    ScriptFailure loadFailure() {
        lock.lock();
        try {
            return loadFailure;
        } finally {
            lock.unlock();
        }
    }

    /** What the loaded module exports besides the API functions. */
    List<String> unknownExports() {
        lock.lock();
        try {
            return unknownExports;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where {@code name} is exported: the first line with {@code export} followed by the name
     * as a word, and the name's column (1-based); {0, 0} when not found (a multi-line export list).
     */
    static int[] exportLocation(CharSequence text, String name) {
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b");
        String[] lines = text.toString().split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int export = lines[i].indexOf("export");
            if (export < 0) {
                continue;
            }
            java.util.regex.Matcher m = word.matcher(lines[i]);
            if (m.find(export + "export".length())) {
                return new int[] {i + 1, m.start() + 1};
            }
        }
        return new int[] {0, 0};
    }

    /** Whether the loaded module exports {@code function}. */
    boolean exports(String function) {
        lock.lock();
        try {
            return functions.containsKey(function);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Calls the exported {@code function} with the arguments {@code args} makes, and converts
     * its result; {@code missing} answers when the module does not export it.
     */
    <T> T call(String function, long tick, Supplier<Object[]> args, Converter<T> convert, Supplier<T> missing)
            throws ScriptFailure {
        lock.lock();
        try {
            host.now = tick;
            refresh();
            Fn fn = functions.get(function);
            if (fn == null) {
                return missing.get();
            }
            Context context = holder.context;
            try {
                return guarded(context, settings.timeout(), () -> convert.convert(fn, fn.value().execute(args.get())));
            } catch (PolyglotException e) {
                throw report(failure(function, e, context));
            } catch (BadReturn b) {
                throw report(new ScriptFailure(name, b.line, 0, b.getMessage(), List.of()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Converts what an API function returned; throws {@link BadReturn} when it does not fit. */
    @FunctionalInterface
    interface Converter<T> {
        T convert(Fn fn, Value result);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly(holder.context);
            holder.context = null;
            functions = Map.of();
            Watchdog.unregister(holder.watch);
        } finally {
            lock.unlock();
        }
    }

    // ---- loading -------------------------------------------------------------------------------------

    private record Loaded(Context context, Value typeError, Map<String, Fn> functions, List<String> unknown,
                          FileTime version) {
    }

    /** Evaluates the current file in a fresh Context (under the call limits); nothing is reported. */
    private Loaded load() throws ScriptFailure {
        FileTime modified;
        Source source;
        try {
            modified = Files.getLastModifiedTime(file);
            source = JsEngine.source(file, name);
        } catch (IOException e) {
            throw new ScriptFailure(name, 0, 0, "cannot read " + file + ": " + e, List.of());
        }
        Holder h = holder;
        Context context = JsEngine.newContext(host.log, out, settings.statementLimit(), () -> h.limitHit = true);
        Value previousTypeError = host.typeError;
        boolean ok = false;
        try {
            Value bindings = context.getBindings(JsEngine.LANGUAGE);
            Value typeError = bindings.getMember("TypeError");
            bindings.putMember("ap", host.ap);
            context.eval(JsEngine.PRELUDE);
            host.typeError = typeError;
            Value exports;
            try {
                exports = guarded(context, loadDeadline(), () -> context.eval(source));
            } catch (PolyglotException e) {
                throw failure("the module's top-level code", e, context);
            }
            Map<String, Fn> fns = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>();
            for (String key : exports.getMemberKeys()) {
                if (!API.contains(key)) {
                    unknown.add(key);
                    continue;
                }
                Value v = exports.getMember(key);
                if (!v.canExecute()) {
                    int[] at = exportLocation(source.getCharacters(), key);
                    throw new ScriptFailure(name, at[0], at[1], "exports " + key + ", which is not a function (it is "
                            + Returns.shown(v) + ")", List.of());
                }
                fns.put(key, new Fn(key, v, line(v)));
            }
            ok = true;
            return new Loaded(context, typeError, Map.copyOf(fns), List.copyOf(unknown), modified);
        } finally {
            if (!ok) {
                host.typeError = previousTypeError;
                closeQuietly(context);
            }
        }
    }

    /** Makes {@code loaded} the current version, closing the previous Context. */
    private void install(Loaded loaded) {
        Context old = holder.context;
        holder.context = loaded.context();
        host.typeError = loaded.typeError();
        functions = loaded.functions();
        unknownExports = loaded.unknown();
        version = loaded.version();
        loadFailure = null;
        if (old != null && old != loaded.context()) {
            closeQuietly(old);
        }
        for (String unknown : loaded.unknown()) {
            host.report(name + ": exports " + unknown + ", which is not part of the script API ("
                    + String.join(", ", API) + ")");
        }
    }

    /** Hot reload (with {@code watch}) and a fresh Context after a cancelled one, before a call. */
    private void refresh() throws ScriptFailure {
        if (settings.watch()) {
            long t = System.nanoTime();
            if (t - lastWatch >= WATCH_INTERVAL_NANOS) {
                lastWatch = t;
                FileTime modified = modified();
                if (modified != null && !modified.equals(version)) {
                    version = modified;
                    boolean hadOne = holder.context != null;
                    try {
                        install(load());
                        needsFresh = false;
                        host.report(name + ": reloaded");
                    } catch (ScriptFailure f) {
                        if (hadOne) {
                            host.report(name + ": reload failed, keeping the previous version: " + f.getMessage());
                        } else {
                            host.report(name + ": reload failed: " + f.getMessage());
                            loadFailure = f.reported();
                        }
                        f.stack.forEach(host::report);
                    }
                }
            }
        }
        if (needsFresh) {
            needsFresh = false;
            try {
                install(load());
                host.report(name + ": a fresh context evaluated the module again (the previous one was cancelled; module state is lost)");
            } catch (ScriptFailure f) {
                loadFailure = report(f).reported();
            }
        }
        if (holder.context == null) {
            throw loadFailure != null ? loadFailure
                    : new ScriptFailure(name, 0, 0, "the script is not loaded", List.of(), false);
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- the watchdog ---------------------------------------------------------------------------------

    private Duration loadDeadline() {
        Duration timeout = settings.timeout();
        return timeout == null || timeout.isZero() || timeout.isNegative() || timeout.compareTo(MIN_LOAD_DEADLINE) >= 0
                ? timeout : MIN_LOAD_DEADLINE;
    }

    /** Runs {@code body} in {@code context} with the statement count reset and {@code deadline} armed (0: none). */
    private <T> T guarded(Context context, Duration deadline, Supplier<T> body) {
        holder.limitHit = false;
        holder.watch.start(context, deadline);
        try {
            if (settings.statementLimit() > 0) {
                context.resetLimits();
            }
            return body.get();
        } finally {
            holder.watch.end();
        }
    }

    // ---- failures ---------------------------------------------------------------------------------------

    /** The failure of {@code what} (a function name, or the module's top-level code). */
    private ScriptFailure failure(String what, PolyglotException e, Context context) {
        boolean replace = false;
        String error;
        long ms = holder.watch.deadlineMillis();
        boolean timedOut = holder.watch.expired();
        boolean cancelled = holder.watch.cancelled();
        if (holder.limitHit) {
            error = what + " exceeded the statement limit (" + settings.statementLimit()
                    + " statements per call); the context was cancelled";
            replace = true;
        } else if (cancelled) {
            error = what + " did not return within " + ms + " ms and did not stop when interrupted; the context was cancelled";
            replace = true;
        } else if (e.isInterrupted() || (timedOut && !e.isGuestException())) {
            error = what + " did not return within " + ms + " ms (interrupted)";
        } else if (e.isCancelled()) {
            error = what + ": the context was cancelled";
            replace = true;
        } else if (e.isResourceExhausted()) {
            error = what + " ran out of resources: " + e.getMessage();
            replace = true;
        } else if (e.isHostException()) {
            Throwable t = e.asHostException();
            error = what + ": internal error: " + t;
        } else if (e.isSyntaxError()) {
            error = syntaxMessage(e);
        } else {
            error = e.getMessage();
            if (error != null && error.startsWith("Error: Operation is not allowed for: ")) {
                error += " (a script has no file access: it is one module, without import or load)";
            }
        }
        if (replace && context == holder.context) {
            closeQuietly(context);
            holder.context = null;
            functions = Map.of();
            needsFresh = true;
        }
        SourceSection at = location(e);
        List<String> stack = stack(e);
        if (at == null) {
            return new ScriptFailure(name, 0, 0, error, stack);
        }
        return new ScriptFailure(name, at.getStartLine(), at.getStartColumn(), error, stack);
    }

    /**
     * {@code SyntaxError: Expected an operand but found }}: GraalJS's message without its own
     * {@code file:line:col} and source excerpt.
     */
    static String syntaxMessage(PolyglotException e) {
        String first = e.getMessage() == null ? "SyntaxError" : e.getMessage().lines().findFirst().orElse("");
        return first.replaceFirst("^(\\w*Error): \\S+:\\d+:\\d+ ", "$1: ");
    }

    /** Where it happened: the exception's own location, else the first guest frame that has one. */
    static SourceSection location(PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        if (at != null && at.isAvailable()) {
            return at;
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && frame.getSourceLocation() != null && frame.getSourceLocation().isAvailable()) {
                return frame.getSourceLocation();
            }
        }
        return null;
    }

    /** The guest frames, one indented line each: {@code     at onRequest (hooks/x.js:4:9)}. */
    static List<String> stack(PolyglotException e) {
        List<String> out = new ArrayList<>();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame()) {
                continue;
            }
            String root = frame.getRootName();
            if (root == null || root.isEmpty() || root.startsWith(":")) {
                root = "<module>";
            }
            SourceSection at = frame.getSourceLocation();
            out.add(at == null || !at.isAvailable() ? "    at " + root
                    : "    at " + root + " (" + at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn() + ")");
        }
        return out;
    }

    private ScriptFailure report(ScriptFailure f) {
        if (!f.reported) {
            host.report(f.getMessage());
            f.stack.forEach(host::report);
        }
        return f;
    }

    static int line(Value function) {
        SourceSection at = function.getSourceLocation();
        return at == null || !at.isAvailable() ? 0 : at.getStartLine();
    }

    private static void closeQuietly(Context context) {
        if (context != null) {
            try {
                context.close(true);
            } catch (RuntimeException e) {
                // already closed or cancelled
            }
        }
    }

    private static void closeQuietlyCancel(Context context) {
        closeQuietly(context);
    }
}

package io.apvirt.plugin.js;

import io.apvirt.api.plugin.PluginLog;
import org.graalvm.polyglot.Value;

import java.util.SplittableRandom;

/**
 * The host side of one script instance as its guest code sees it: the name it logs under, the
 * machine log, the virtual time of the call, its seeded random stream, and the current
 * Context's {@code TypeError} (for the errors of the read-only views). It refers to nothing
 * else, so the proxies a Context keeps do not keep the device alive.
 *
 * <p>Fields other than the name and log are used under the instance's lock only.
 */
final class ScriptHost {

    /** The seed stream of a hook instance (adapters use their APID, 0-255). */
    static final int HOOK_STREAM = 256;

    final String name;
    final PluginLog log;
    final SplittableRandom random;
    long now;
    Value typeError;
    final Views.Ap ap;

    ScriptHost(String name, PluginLog log, long seed, int stream) {
        this.name = name;
        this.log = log;
        this.random = new SplittableRandom(seed(seed, stream));
        this.ap = new Views.Ap(this);
    }

    /** {@code apvirt.seed} combined with the adapter number: one deterministic stream per device. */
    static long seed(long seed, int stream) {
        return seed ^ (0x9E3779B97F4A7C15L * (stream + 1L));
    }

    void report(String line) {
        log.report(line);
    }

    /** A call of the script failed: the report shows {@code error} and {@code script.failed} on the instruction's row. */
    void callFailed(String error) {
        log.callFailed(ScriptHook.FAILED, error);
    }

    /**
     * A JavaScript {@code TypeError} with this message, thrown into the guest (or, outside a
     * call, an {@link UnsupportedOperationException}).
     */
    RuntimeException typeError(String message) {
        Value ctor = typeError;
        if (ctor == null) {
            throw new UnsupportedOperationException(message);
        }
        throw ctor.newInstance(message).throwException();
    }
}

package io.apvirt.cli;

/**
 * {@code APVIRT_START_TIMING=1}: the JVM's uptime at each phase of a command's start, on stderr
 * (a diagnostic for BENCHMARKS.md "Issue 11: time to the first result"; never on stdout, so no
 * report changes).
 */
final class StartupTiming {
    private static final boolean ON = System.getenv("APVIRT_START_TIMING") != null;
    private static long last = -1;

    private StartupTiming() {
    }

    /** The phase that just ended: its name, the uptime now and the time since the previous mark. */
    static void mark(String phase) {
        if (!ON) {
            return;
        }
        long now = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.err.printf("apvirt: start timing: %-28s at %5d ms (+%d ms)%n", phase, now, last < 0 ? now : now - last);
        last = now;
    }
}

package io.apvirt.cli;

/** Process exit codes of every command. */
public final class ExitCode {
    /** Everything ran and every expectation held. */
    public static final int OK = 0;
    /** An expectation failed. */
    public static final int EXPECTATION_FAILED = 1;
    /** Bad input: configuration, scenario or command line. Nothing ran. */
    public static final int INVALID_INPUT = 2;
    /** {@code apvirt conformance}: every case was skipped, nothing ran (the automake/kvm-unit-tests SKIP code). */
    public static final int ALL_SKIPPED = 77;

    private ExitCode() {
    }
}

package io.apvirt.cli;

/** Process exit codes of every command. */
public final class ExitCode {
    /** Everything ran and every expectation held. */
    public static final int OK = 0;
    /** An expectation failed. */
    public static final int EXPECTATION_FAILED = 1;
    /** Bad input: configuration, scenario or command line. Nothing ran. */
    public static final int INVALID_INPUT = 2;

    private ExitCode() {
    }
}

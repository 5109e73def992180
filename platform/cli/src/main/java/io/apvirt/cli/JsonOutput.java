package io.apvirt.cli;

/**
 * A command with a {@code --json} flag. When the flag is given, an error (invalid
 * configuration or scenario, a plugin failure, a bad command-line argument) is also printed as
 * an {@link ErrorReport} document on stdout, so a consumer of the JSON always gets JSON; the
 * text stays on stderr.
 */
public interface JsonOutput {

    /** Whether {@code --json} was given. */
    boolean json();
}

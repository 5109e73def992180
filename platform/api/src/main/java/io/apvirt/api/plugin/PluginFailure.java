package io.apvirt.api.plugin;

/**
 * A plugin failed and was configured to stop the run ({@code apvirt.scripts.on-failure: fail}).
 * The message names the file, line and column and the cause.
 */
public class PluginFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginFailure(String message) {
        super(message);
    }

    public PluginFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

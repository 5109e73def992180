package io.apvirt.plugin.js;

import java.util.List;

/**
 * A script call (or the evaluation of a module) that failed: an error thrown by the script, a
 * deadline or statement limit that fired, a return value that does not fit the API, or a
 * script that did not load. The message is {@code file:line:col: error}; the stack holds the
 * guest frames, one indented line each.
 */
final class ScriptFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final String file;
    final int line;
    final int column;
    final String error;
    final transient List<String> stack;
    /** Already in the machine log (a script that did not load fails every call without a new line). */
    final boolean reported;

    ScriptFailure(String file, int line, int column, String error, List<String> stack, boolean reported) {
        super(render(file, line, column, error), null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.error = error;
        this.stack = List.copyOf(stack);
        this.reported = reported;
    }

    ScriptFailure(String file, int line, int column, String error, List<String> stack) {
        this(file, line, column, error, stack, false);
    }

    /** The same failure, marked as already reported. */
    ScriptFailure reported() {
        return reported ? this : new ScriptFailure(file, line, column, error, stack, true);
    }

    static String render(String file, int line, int column, String error) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        return b.append(": ").append(error).toString();
    }
}

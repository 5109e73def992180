package io.apvirt.api.plugin;

/**
 * One problem in a script, where it is.
 *
 * @param file       the script as the user named it
 * @param line       1-based, or 0 when unknown
 * @param column     1-based, or 0 when unknown
 * @param message    what is wrong and how to fix it
 * @param sourceLine the text of that line, or {@code null}
 */
public record ScriptProblem(String file, int line, int column, String message, String sourceLine) {

    /** {@code file:line:col: message}, then the line and a caret under the column. */
    public String render() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ").append(message);
        if (sourceLine != null && line > 0) {
            b.append('\n').append("  ").append(sourceLine);
            if (column > 0) {
                b.append('\n').append("  ").append(" ".repeat(column - 1)).append('^');
            }
        }
        return b.toString();
    }
}

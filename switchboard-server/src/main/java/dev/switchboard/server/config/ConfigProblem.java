package dev.switchboard.server.config;

/**
 * One error in a configuration file.
 *
 * @param line the 1-based line in the file, or 0 when the problem has no single line
 * @param path the setting, such as {@code providers.gemini.timeout}
 * @param message what is wrong and how to fix it
 */
public record ConfigProblem(int line, String path, String message) {

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (path.isEmpty() ? "" : path + ": ") + message;
    }
}

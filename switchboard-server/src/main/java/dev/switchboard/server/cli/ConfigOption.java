package dev.switchboard.server.cli;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.SwitchboardConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --config FILE} option. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file; without it, the built-in defaults (SQLite in the data folder,"
                    + " Ollama on 127.0.0.1:11434, Gemini when GEMINI_API_KEY is set)")
    Path file;

    SwitchboardConfig load() {
        return file == null ? ConfigLoader.defaults(System.getenv()) : ConfigLoader.load(file, System.getenv());
    }
}

package dev.switchboard.server.cli;

import dev.switchboard.server.drill.Drill;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard drill}: the failure drill against the provider simulator. */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Start the provider simulator and the gateway in front of it, send a mix of requests that meet"
                + " rate limits, outages, timeouts and a revoked key, then print the failure report and the gateway's"
                + " counters. Exit 0 when every count matches the requests sent.")
final class DrillCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "drill configuration (default: the built-in copy of examples/drill.yaml); it must keep the"
                    + " example's provider and profile names")
    Path file;

    @Override
    public Integer call() throws Exception {
        String home = System.getenv("SWITCHBOARD_HOME");
        Path dataRoot = Path.of(home == null || home.isBlank() ? "data" : home);
        Files.createDirectories(dataRoot);
        Path log = dataRoot.resolve("drill.log");
        // The JSON log lines go to a file so that the report stays readable; this must be set
        // before the first logger is created.
        System.setProperty("switchboard.log.target", "JSON_FILE");
        System.setProperty("switchboard.log.file", log.toString());
        String yaml;
        if (file != null) {
            yaml = Files.readString(file);
        } else {
            try (InputStream in = DrillCommand.class.getResourceAsStream("/drill.yaml")) {
                if (in == null) {
                    System.err.println("the built-in drill configuration is missing from the jar; pass --config"
                            + " examples/drill.yaml");
                    return 2;
                }
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Drill.Result result = new Drill(System.out).run(yaml, dataRoot);
        System.out.println("log events: " + log + "; runs: " + result.dataDir().resolve("switchboard.db"));
        return result.passed() ? 0 : 1;
    }
}

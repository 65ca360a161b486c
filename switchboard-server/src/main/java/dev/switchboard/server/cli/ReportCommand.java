package dev.switchboard.server.cli;

import dev.switchboard.server.config.ConfigException;
import dev.switchboard.server.config.Durations;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.gateway.Gateway;
import dev.switchboard.server.report.FailureTable;
import dev.switchboard.store.FailureReport;
import dev.switchboard.store.FailureRow;
import dev.switchboard.store.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard report failures}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports from the run store.",
        subcommands = ReportCommand.Failures.class)
final class ReportCommand {

    /** Output formats of a report. */
    enum Format { table, json }

    @Command(name = "failures", mixinStandardHelpOptions = true,
            description = "Which models failed, why and how often: one row per group with the count, the share of"
                    + " that model's attempts, first and last seen, and one redacted sample message.")
    static final class Failures implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h",
                description = "how far back to look, such as 15m, 24h or 7d (default: ${DEFAULT-VALUE})")
        String since;

        @Option(names = "--by", paramLabel = "FIELDS", defaultValue = "provider,model,error_code",
                description = "comma-separated grouping fields from provider, model, error_code, profile, stage,"
                        + " workspace_id (default: ${DEFAULT-VALUE})")
        String by;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table or json (default: ${DEFAULT-VALUE})")
        Format format;

        @Override
        public Integer call() {
            Duration window;
            try {
                window = Durations.parse(since);
            } catch (IllegalArgumentException e) {
                System.err.println("--since: " + e.getMessage());
                return 2;
            }
            List<String> groupBy = Arrays.stream(by.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            SwitchboardConfig loaded;
            try {
                loaded = config.load();
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            List<FailureRow> rows;
            try (RunStore store = RunStore.open(Gateway.storeSettings(loaded))) {
                rows = FailureReport.query(store, Instant.now().minus(window), groupBy);
            } catch (IllegalArgumentException e) {
                System.err.println("--by: " + e.getMessage());
                return 2;
            } catch (java.sql.SQLException e) {
                System.err.println("cannot read the run store " + loaded.store().url() + ": " + e.getMessage());
                return 1;
            }
            if (format == Format.json) {
                System.out.println(FailureTable.json(rows, groupBy));
            } else {
                FailureTable.print(rows, groupBy, System.out);
            }
            return 0;
        }
    }
}

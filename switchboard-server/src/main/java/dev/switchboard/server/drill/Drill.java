package dev.switchboard.server.drill;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.gateway.Gateway;
import dev.switchboard.server.report.FailureTable;
import dev.switchboard.server.simulator.Simulator;
import dev.switchboard.server.simulator.SimulatorConfig;
import dev.switchboard.store.FailureReport;
import dev.switchboard.store.FailureRow;
import dev.switchboard.store.RunQueries;
import dev.switchboard.store.RunStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The drill: starts the provider simulator and the gateway in front of it, sends a mix of
 * requests over HTTP, and prints the failure report and the gateway's counters. Everything but
 * the providers is the real product.
 *
 * <p>The scenarios match the profiles of {@code examples/drill.yaml}: each profile's first
 * deployment fails in one way, and the drill checks that the report counts each failure exactly
 * once per request.
 */
public final class Drill {

    /** The scenarios of {@code examples/drill.yaml}. */
    public static final List<DrillScenario> SCENARIOS = List.of(
            new DrillScenario("summarize", 8, "gemini-sim", "gemini-quota", "rate_limited", 200),
            new DrillScenario("extract", 8, "ollama-down", "llama3.2", "unavailable", 200),
            new DrillScenario("classify", 6, "openai-slow", "slow-model", "timeout", 200),
            new DrillScenario("outage", 8, "ollama-sim", "flaky-503", "unavailable", 200),
            new DrillScenario("tag", 6, "openai-revoked", "gpt-4o-mini", "auth", 401),
            new DrillScenario("parse", 6, "openai-sim", "broken-json", "provider_error", 200));

    private static final int CONCURRENCY = 6;

    private final PrintStream out;

    public Drill(PrintStream out) {
        this.out = out;
    }

    /** The outcome of a drill: whether every check passed, and the store the runs went to. */
    public record Result(boolean passed, Path dataDir, int requests, Map<Integer, Integer> statuses) {
    }

    /**
     * Runs the drill with the configuration text {@code yaml} in a new folder under {@code dataRoot}.
     */
    public Result run(String yaml, Path dataRoot) throws IOException, InterruptedException, java.sql.SQLException {
        Path dataDir = dataRoot.resolve("drill-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss-SSS")));
        Files.createDirectories(dataDir);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DRILL_DIR", dataDir.toString());
        env.put("SIM_PORT", Integer.toString(Gateway.freePort("127.0.0.1")));
        env.put("DOWN_PORT", Integer.toString(Gateway.freePort("127.0.0.1")));
        env.remove("SWITCHBOARD_KEY");
        SwitchboardConfig config = ConfigLoader.parse(yaml, "drill configuration", env);
        SimulatorConfig simulatorConfig = SimulatorConfig.parse(yaml).withPort(Integer.parseInt(env.get("SIM_PORT")));

        out.println("Switchboard drill: the provider simulator on 127.0.0.1:" + env.get("SIM_PORT")
                + " stands in for Gemini, Ollama and OpenAI; everything else is the real gateway.");
        out.println("data folder: " + dataDir);
        Instant started = Instant.now();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Map<Integer, Integer>> statusesByProfile = new TreeMap<>();
        String metrics;
        try (Simulator simulator = Simulator.start(simulatorConfig)) {
            Gateway gateway = Gateway.start(config, 0);
            try {
                out.println("gateway: " + gateway.baseUrl() + " (store " + config.store().url() + ")");
                send(gateway, statuses, statusesByProfile);
                metrics = get(gateway, "/metrics");
            } finally {
                gateway.close();
            }
        }

        int total = SCENARIOS.stream().mapToInt(DrillScenario::requests).sum();
        out.println();
        out.println("Responses by profile (HTTP status: count):");
        statusesByProfile.forEach((profile, counts) -> out.println("  " + profile + ": " + counts));

        List<FailureRow> rows;
        long runs;
        long fallbacks;
        try (RunStore store = RunStore.open(Gateway.storeSettings(config))) {
            rows = FailureReport.query(store, started.minusSeconds(1), FailureReport.DEFAULT_GROUP_BY);
            runs = RunQueries.countRuns(store.dataSource(), started.minusSeconds(1));
            fallbacks = RunQueries.countRecoveredRuns(store.dataSource(), started.minusSeconds(1));
        }
        out.println();
        out.println("Failure report (switchboard report failures --config <drill config> --since 10m):");
        FailureTable.print(rows, FailureReport.DEFAULT_GROUP_BY, out);
        out.println();
        out.println("Counters from GET /metrics:");
        MetricsText.series(metrics, "llm_requests_total").forEach(line -> out.println("  " + line));
        MetricsText.series(metrics, "llm_errors_total").forEach(line -> out.println("  " + line));

        boolean passed = check(rows, statusesByProfile, runs, fallbacks, total, metrics);
        return new Result(passed, dataDir, total, statuses);
    }

    private boolean check(List<FailureRow> rows, Map<String, Map<Integer, Integer>> statusesByProfile, long runs,
            long fallbacks, int total, String metrics) {
        out.println();
        out.println("Checks:");
        boolean passed = true;
        int expectedFallbacks = 0;
        for (DrillScenario scenario : SCENARIOS) {
            long counted = rows.stream()
                    .filter(row -> scenario.provider().equals(row.value("provider"))
                            && scenario.model().equals(row.value("model"))
                            && scenario.errorCode().equals(row.value("error_code")))
                    .mapToLong(FailureRow::count).sum();
            int answered = statusesByProfile.getOrDefault(scenario.profile(), Map.of())
                    .getOrDefault(scenario.expectedStatus(), 0);
            double metricErrors = MetricsText.sum(metrics, "llm_errors_total",
                    "provider=\"" + scenario.provider() + "\"", "code=\"" + scenario.errorCode() + "\"");
            boolean ok = counted == scenario.requests() && answered == scenario.requests();
            passed &= ok;
            out.printf("  %-4s %-9s %s/%s %s: %d in the report, %d in llm_errors_total, %d of %d answered %d%n",
                    ok ? "ok" : "FAIL", scenario.profile(), scenario.provider(), scenario.model(), scenario.errorCode(),
                    counted, (long) metricErrors, answered, scenario.requests(), scenario.expectedStatus());
            if (scenario.expectedStatus() == 200) {
                expectedFallbacks += scenario.requests();
            }
        }
        boolean runsOk = runs == total;
        boolean fallbacksOk = fallbacks == expectedFallbacks;
        out.printf("  %-4s llm_runs rows: %d of %d requests%n", runsOk ? "ok" : "FAIL", runs, total);
        out.printf("  %-4s successful runs after a failed attempt (fallbacks): %d, expected %d%n",
                fallbacksOk ? "ok" : "FAIL", fallbacks, expectedFallbacks);
        passed &= runsOk && fallbacksOk;
        out.println(passed ? "drill passed" : "drill FAILED");
        return passed;
    }

    private void send(Gateway gateway, Map<Integer, Integer> statuses,
            Map<String, Map<Integer, Integer>> statusesByProfile) throws InterruptedException {
        String key = gateway.key().key().reveal();
        List<String[]> requests = new ArrayList<>();
        for (DrillScenario scenario : SCENARIOS) {
            for (int i = 0; i < scenario.requests(); i++) {
                requests.add(new String[] {scenario.profile(), Integer.toString(i)});
            }
        }
        java.util.Collections.shuffle(requests, new java.util.Random(7));
        Semaphore permits = new Semaphore(CONCURRENCY);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<int[]>> results = new ArrayList<>();
            for (String[] request : requests) {
                results.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return new int[] {post(client, gateway, key, request[0], Integer.parseInt(request[1]))};
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                int status;
                try {
                    status = results.get(i).get()[0];
                } catch (java.util.concurrent.ExecutionException e) {
                    status = -1;
                }
                statuses.merge(status, 1, Integer::sum);
                statusesByProfile.computeIfAbsent(requests.get(i)[0], p -> new TreeMap<>()).merge(status, 1,
                        Integer::sum);
            }
        }
    }

    private static int post(HttpClient client, Gateway gateway, String key, String profile, int index)
            throws IOException, InterruptedException {
        String body = "{\"model\":\"" + profile + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a careful assistant for document pipelines.\"},"
                + "{\"role\":\"user\",\"content\":\"Document " + index + " for the " + profile + " stage: invoice"
                + " from jane.doe@example.com, card 4111 1111 1111 1111, amount 120.50 EUR.\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("X-Workspace-Id", "ws-drill")
                .header("X-Stage", profile)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(Gateway gateway, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                    .header("Authorization", "Bearer " + gateway.key().key().reveal())
                    .build();
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}

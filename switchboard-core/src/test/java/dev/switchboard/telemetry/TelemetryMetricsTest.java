package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunSinkStats;
import dev.switchboard.run.RunStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TelemetryMetricsTest {

    private static final Pattern BUCKET_BOUND = Pattern.compile("le=\"([^\"]+)\"");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Telemetry telemetry = Telemetry.create(TelemetrySettings.DEFAULT, registry, List.of());
    private final RunContext run = new RunContext("run-1", "ws-1", "summarize", "fast", List.of());

    @Test
    void attemptsCountedWithProviderModelProfileAndStatus() {
        telemetry.attemptFinished(run, success(1, 120, Usage.of(10, 5, null)));
        telemetry.attemptFinished(run, success(2, 80, Usage.UNKNOWN));
        telemetry.attemptFinished(run, failure(3, 30, ErrorCode.RATE_LIMITED));

        assertThat(scrapeLines())
                .contains("# TYPE llm_requests_total counter")
                .contains("llm_requests_total{model=\"gemini-2.0-flash\",profile=\"fast\",provider=\"gemini\","
                        + "status=\"ok\"} 2.0")
                .contains("llm_requests_total{model=\"gemini-2.0-flash\",profile=\"fast\",provider=\"gemini\","
                        + "status=\"error\"} 1.0");
    }

    @Test
    void latencyBucketsSpanTenMsToFiveMinutes() {
        telemetry.attemptFinished(run, success(1, 120, Usage.UNKNOWN));
        telemetry.attemptFinished(run, success(2, 30, Usage.UNKNOWN));

        List<String> lines = scrapeLines();

        assertThat(lines).contains("# TYPE llm_latency_ms histogram")
                .contains("llm_latency_ms_bucket{model=\"gemini-2.0-flash\",provider=\"gemini\",le=\"25.0\"} 0")
                .contains("llm_latency_ms_bucket{model=\"gemini-2.0-flash\",provider=\"gemini\",le=\"50.0\"} 1")
                .contains("llm_latency_ms_bucket{model=\"gemini-2.0-flash\",provider=\"gemini\",le=\"250.0\"} 2")
                .contains("llm_latency_ms_bucket{model=\"gemini-2.0-flash\",provider=\"gemini\",le=\"+Inf\"} 2")
                .contains("llm_latency_ms_count{model=\"gemini-2.0-flash\",provider=\"gemini\"} 2")
                .contains("llm_latency_ms_sum{model=\"gemini-2.0-flash\",provider=\"gemini\"} 150.0");
        assertThat(bucketBounds(lines, "llm_latency_ms_bucket{")).containsExactly("10.0", "25.0", "50.0", "100.0",
                "250.0", "500.0", "1000.0", "2500.0", "5000.0", "10000.0", "20000.0", "30000.0", "60000.0", "120000.0",
                "300000.0", "+Inf");
    }

    @Test
    void tokensCountedByDirectionWhenReported() {
        telemetry.attemptFinished(run, success(1, 100, Usage.of(10, 5, null)));
        telemetry.attemptFinished(run, success(2, 100, Usage.of(7, null, null)));

        assertThat(scrapeLines())
                .contains("# TYPE llm_tokens_total counter")
                .contains("llm_tokens_total{kind=\"in\",model=\"gemini-2.0-flash\",provider=\"gemini\"} 17.0")
                .contains("llm_tokens_total{kind=\"out\",model=\"gemini-2.0-flash\",provider=\"gemini\"} 5.0");
    }

    @Test
    void errorsCountedByProviderAndCode() {
        telemetry.attemptFinished(run, failure(1, 30, ErrorCode.RATE_LIMITED));
        telemetry.attemptFinished(run, failure(2, 30, ErrorCode.RATE_LIMITED));
        telemetry.attemptFinished(run, failure(3, 30, ErrorCode.TIMEOUT));

        List<String> lines = scrapeLines();

        assertThat(lines).contains("# TYPE llm_errors_total counter")
                .contains("llm_errors_total{code=\"rate_limited\",provider=\"gemini\"} 2.0")
                .contains("llm_errors_total{code=\"timeout\",provider=\"gemini\"} 1.0");
    }

    @Test
    void successCountsNoError() {
        telemetry.attemptFinished(run, success(1, 100, Usage.UNKNOWN));

        assertThat(registry.scrape()).doesNotContain("llm_errors_total");
    }

    @Test
    void missingProfileTaggedNone() {
        RunContext noProfile = new RunContext("run-2", "ws-1", "summarize", null, List.of());

        telemetry.attemptFinished(noProfile, success(1, 100, Usage.UNKNOWN));

        assertThat(scrapeLines()).contains(
                "llm_requests_total{model=\"gemini-2.0-flash\",profile=\"none\",provider=\"gemini\","
                        + "status=\"ok\"} 1.0");
    }

    @Test
    void overheadBucketsSpanOneToHundredMs() {
        telemetry.recordGatewayOverhead(300_000);
        telemetry.recordGatewayOverhead(1_000_000);
        telemetry.recordGatewayOverhead(1_500_000);
        telemetry.recordGatewayOverhead(40_000_000);

        List<String> lines = scrapeLines();

        assertThat(lines).contains("# TYPE llm_gateway_overhead_ms histogram")
                .contains("llm_gateway_overhead_ms_bucket{le=\"1.0\"} 2")
                .contains("llm_gateway_overhead_ms_bucket{le=\"2.0\"} 3")
                .contains("llm_gateway_overhead_ms_bucket{le=\"25.0\"} 3")
                .contains("llm_gateway_overhead_ms_bucket{le=\"50.0\"} 4")
                .contains("llm_gateway_overhead_ms_count 4")
                .contains("llm_gateway_overhead_ms_sum 42.8")
                .contains("llm_gateway_overhead_ms_max 40.0");
        assertThat(bucketBounds(lines, "llm_gateway_overhead_ms_bucket{")).containsExactly("1.0", "2.0", "5.0", "10.0",
                "25.0", "50.0", "100.0", "+Inf");
    }

    @Test
    void negativeGatewayOverheadCountsAsZero() {
        telemetry.recordGatewayOverhead(-5);

        assertThat(scrapeLines()).contains("llm_gateway_overhead_ms_bucket{le=\"1.0\"} 1")
                .contains("llm_gateway_overhead_ms_sum 0.0");
    }

    @ParameterizedTest
    @EnumSource(GatewayRejection.class)
    void gatewayRejectionCountedByReason(GatewayRejection rejection) {
        telemetry.gatewayRejected(rejection.reason());
        telemetry.gatewayRejected(rejection);

        assertThat(scrapeLines()).contains("# TYPE switchboard_gateway_rejected_total counter")
                .contains("switchboard_gateway_rejected_total{reason=\"" + rejection.reason() + "\"} 2.0");
    }

    @Test
    void unknownRejectionReasonCountedAsOther() {
        telemetry.gatewayRejected("client sent sk-secret in the path");
        telemetry.gatewayRejected((String) null);

        String scrape = registry.scrape();

        assertThat(scrape).contains("switchboard_gateway_rejected_total{reason=\"other\"} 2.0")
                .doesNotContain("sk-secret");
    }

    @Test
    void runSinkCountersReadSupplierAtEachScrape() {
        AtomicReference<RunSinkStats> stats = new AtomicReference<>(new RunSinkStats(5, 4, 1, 1, 0, 2));
        telemetry.bindRunSink(stats::get);

        assertThat(scrapeLines())
                .contains("# TYPE switchboard_store_records_total counter")
                .contains("switchboard_store_records_total{outcome=\"queued\"} 5.0")
                .contains("switchboard_store_records_total{outcome=\"written\"} 4.0")
                .contains("switchboard_store_records_total{outcome=\"spilled\"} 1.0")
                .contains("switchboard_store_records_total{outcome=\"replayed\"} 1.0")
                .contains("switchboard_store_records_total{outcome=\"dropped\"} 0.0")
                .contains("# TYPE switchboard_store_queue_depth gauge")
                .contains("switchboard_store_queue_depth 2.0");

        stats.set(new RunSinkStats(9, 8, 1, 1, 1, 0));

        assertThat(scrapeLines())
                .contains("switchboard_store_records_total{outcome=\"queued\"} 9.0")
                .contains("switchboard_store_records_total{outcome=\"dropped\"} 1.0")
                .contains("switchboard_store_queue_depth 0.0");
    }

    @Test
    void bindingRunSinkAgainReplacesSupplier() {
        telemetry.bindRunSink(() -> new RunSinkStats(1, 1, 0, 0, 0, 0));
        telemetry.bindRunSink(() -> new RunSinkStats(7, 6, 0, 0, 0, 1));

        assertThat(scrapeLines())
                .contains("switchboard_store_records_total{outcome=\"queued\"} 7.0")
                .contains("switchboard_store_queue_depth 1.0");
    }

    @Test
    void failingStatsSupplierReadsNaN() {
        telemetry.bindRunSink(() -> {
            throw new IllegalStateException("store closed");
        });
        telemetry.attemptFinished(run, success(1, 100, Usage.UNKNOWN));

        assertThat(scrapeLines())
                .contains("switchboard_store_records_total{outcome=\"written\"} NaN")
                .contains("switchboard_store_queue_depth NaN")
                .anyMatch(line -> line.startsWith("llm_requests_total{"));
    }

    @Test
    void libraryUseRegistersNoGatewayMeters() {
        telemetry.attemptFinished(run, success(1, 100, Usage.UNKNOWN));

        assertThat(registry.scrape()).contains("llm_requests_total")
                .doesNotContain("llm_gateway_overhead_ms")
                .doesNotContain("switchboard_gateway_rejected_total")
                .doesNotContain("switchboard_store");
    }

    private List<String> scrapeLines() {
        return registry.scrape().lines().toList();
    }

    private static List<String> bucketBounds(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> {
            Matcher matcher = BUCKET_BOUND.matcher(line);
            return matcher.find() ? matcher.group(1) : "";
        }).toList();
    }

    private static AttemptRecord success(int attempt, long latencyMs, Usage usage) {
        return new AttemptRecord("run-1", attempt, "gemini", "gemini-2.0-flash", Instant.EPOCH, latencyMs,
                RunStatus.OK, null, null, usage);
    }

    private static AttemptRecord failure(int attempt, long latencyMs, ErrorCode code) {
        return new AttemptRecord("run-1", attempt, "gemini", "gemini-2.0-flash", Instant.EPOCH, latencyMs,
                RunStatus.ERROR, code, "failed", Usage.UNKNOWN);
    }
}

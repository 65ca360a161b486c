package dev.switchboard.telemetry;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus metrics of LLM attempts:
 * {@code llm_requests_total{provider,model,profile,status}}, {@code llm_latency_ms{provider,model}}
 * (a histogram), {@code llm_tokens_total{provider,model,kind}} and {@code llm_errors_total{provider,code}}.
 *
 * <p>Tag values come from configuration (provider names, models and profiles that the router
 * selected), so the number of series is bounded by the configuration. Meter handles are cached,
 * so recording does no registry look-up after the first attempt of each series.
 */
public final class LlmMetrics {

    static final String REQUESTS = "llm.requests";
    static final String LATENCY = "llm.latency.ms";
    static final String TOKENS = "llm.tokens";
    static final String ERRORS = "llm.errors";

    /** Histogram bucket bounds in milliseconds, from tens of milliseconds to five minutes. */
    static final double[] LATENCY_BUCKETS_MS = {
        10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000
    };

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DistributionSummary> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

    public LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String profile, AttemptRecord attempt) {
        String provider = attempt.provider();
        String model = attempt.model();
        String status = attempt.status().value();
        requests.computeIfAbsent(provider + '\u0000' + model + '\u0000' + profile + '\u0000' + status,
                key -> Counter.builder(REQUESTS)
                        .description("LLM provider attempts")
                        .tags("provider", provider, "model", model, "profile", profile, "status", status)
                        .register(registry))
                .increment();
        latencies.computeIfAbsent(provider + '\u0000' + model,
                key -> DistributionSummary.builder(LATENCY)
                        .description("LLM provider attempt latency in milliseconds")
                        .tags("provider", provider, "model", model)
                        .serviceLevelObjectives(LATENCY_BUCKETS_MS)
                        .register(registry))
                .record(attempt.latencyMs());
        attempt.usage().inputTokens().ifPresent(count -> tokenCounter(provider, model, "in").increment(count));
        attempt.usage().outputTokens().ifPresent(count -> tokenCounter(provider, model, "out").increment(count));
        ErrorCode code = attempt.errorCode();
        if (code != null) {
            errors.computeIfAbsent(provider + '\u0000' + code.code(),
                    key -> Counter.builder(ERRORS)
                            .description("Failed LLM provider attempts by error code")
                            .tags("provider", provider, "code", code.code())
                            .register(registry))
                    .increment();
        }
    }

    private Counter tokenCounter(String provider, String model, String kind) {
        return tokens.computeIfAbsent(provider + '\u0000' + model + '\u0000' + kind,
                key -> Counter.builder(TOKENS)
                        .description("LLM tokens by direction: in is the prompt, out is the generated text")
                        .tags("provider", provider, "model", model, "kind", kind)
                        .register(registry));
    }
}

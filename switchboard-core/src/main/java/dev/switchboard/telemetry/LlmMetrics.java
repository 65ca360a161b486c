package dev.switchboard.telemetry;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of LLM provider attempts. In Prometheus they appear as
 * {@code llm_requests_total{provider,model,profile,status}}, the histogram
 * {@code llm_latency_ms{provider,model}} (with {@code _bucket}, {@code _sum} and {@code _count}),
 * {@code llm_tokens_total{provider,model,kind}} with kind {@code in} or {@code out}, and
 * {@code llm_errors_total{provider,code}}.
 *
 * <p>Tag values come from configuration (provider names, models and profiles that the router
 * selected) and from the closed sets {@link RunStatus} and {@link ErrorCode}, so the number of
 * series is bounded by the configuration. Meter handles are cached, so recording does no
 * registry look-up after the first attempt of each series.
 */
public final class LlmMetrics {

    static final String REQUESTS = "llm.requests";
    static final String LATENCY = "llm.latency.ms";
    static final String TOKENS = "llm.tokens";
    static final String ERRORS = "llm.errors";
    /** The tag value written when a value is missing, so that every series has the same tags. */
    static final String NONE = "none";

    /** Histogram bucket bounds in milliseconds, from 10 milliseconds to five minutes. */
    static final double[] LATENCY_BUCKETS_MS = {
        10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000
    };

    private final MeterRegistry registry;
    private final ConcurrentHashMap<RequestSeries, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ModelSeries, ModelMeters> models = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ErrorSeries, Counter> errors = new ConcurrentHashMap<>();

    /** Creates the metrics; meters are registered in {@code registry} on first use. */
    public LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String profile, AttemptRecord attempt) {
        String provider = attempt.provider();
        String model = attempt.model();
        requests.computeIfAbsent(new RequestSeries(provider, model, tagValue(profile), attempt.status()),
                this::registerRequests).increment();

        ModelMeters meters = models.computeIfAbsent(new ModelSeries(provider, model), this::registerModel);
        meters.latency.record(attempt.latencyMs());
        attempt.usage().inputTokens().ifPresent(meters.inputTokens::increment);
        attempt.usage().outputTokens().ifPresent(meters.outputTokens::increment);

        ErrorCode code = attempt.errorCode();
        if (code != null) {
            errors.computeIfAbsent(new ErrorSeries(provider, code), this::registerErrors).increment();
        }
    }

    private Counter registerRequests(RequestSeries series) {
        return Counter.builder(REQUESTS)
                .description("LLM provider attempts")
                .tags("provider", series.provider, "model", series.model, "profile", series.profile,
                        "status", series.status.value())
                .register(registry);
    }

    private ModelMeters registerModel(ModelSeries series) {
        DistributionSummary latency = DistributionSummary.builder(LATENCY)
                .description("LLM provider attempt latency in milliseconds")
                .tags("provider", series.provider, "model", series.model)
                .serviceLevelObjectives(LATENCY_BUCKETS_MS)
                .register(registry);
        return new ModelMeters(latency, tokens(series, "in"), tokens(series, "out"));
    }

    private Counter tokens(ModelSeries series, String kind) {
        return Counter.builder(TOKENS)
                .description("LLM tokens by direction: in is the prompt, out is the generated text")
                .tags("provider", series.provider, "model", series.model, "kind", kind)
                .register(registry);
    }

    private Counter registerErrors(ErrorSeries series) {
        return Counter.builder(ERRORS)
                .description("Failed LLM provider attempts by error code")
                .tags("provider", series.provider, "code", series.code.code())
                .register(registry);
    }

    static String tagValue(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private record RequestSeries(String provider, String model, String profile, RunStatus status) {
    }

    private record ModelSeries(String provider, String model) {
    }

    private record ErrorSeries(String provider, ErrorCode code) {
    }

    private record ModelMeters(DistributionSummary latency, Counter inputTokens, Counter outputTokens) {
    }
}

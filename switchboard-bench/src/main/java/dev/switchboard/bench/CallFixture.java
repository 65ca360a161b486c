package dev.switchboard.bench;

import dev.switchboard.ChatMessage;
import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.LlmRateLimited;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunStatus;
import dev.switchboard.telemetry.RunContext;
import dev.switchboard.telemetry.Telemetry;
import dev.switchboard.telemetry.TelemetrySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;

/**
 * The inputs of one chat call's telemetry: a 1 KB prompt, a 1 KB answer, the run's identity, and
 * telemetry that registers its meters in a Prometheus registry, as the gateway's does.
 */
final class CallFixture {

    static final int PREVIEW_SOURCE_CHARS = 1024;
    static final String PROVIDER = "stub";
    static final String MODEL = "gpt-4.1-mini";
    static final String PROFILE = "bench";

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Telemetry telemetry = Telemetry.create(TelemetrySettings.DEFAULT, registry, SampleTexts.CONFIGURED_SECRETS);
    final List<ChatMessage> prompt = SampleTexts.prompt(PREVIEW_SOURCE_CHARS);
    final String answer = SampleTexts.plain(PREVIEW_SOURCE_CHARS);
    final Usage usage = Usage.of(148, 61, 209);
    final String runId = "01938a4e-7c2b-7d1e-9f3a-5b6c7d8e9f01";
    final RunContext context = new RunContext(runId, "ws-bench", "extract", PROFILE, prompt);
    final Instant startedAt = Instant.parse("2026-12-04T12:00:00Z");
    final AttemptRecord succeededAttempt = new AttemptRecord(runId, 1, PROVIDER, MODEL, startedAt, 42, RunStatus.OK,
            null, null, usage);
    final LlmRateLimited rateLimited = new LlmRateLimited("provider 'stub' answered HTTP 429: rate limit reached for "
            + "gpt-4.1-mini in organization org-bench on requests per min (RPM): limit 500, used 500, requested 1",
            null, false);

    /**
     * Runs the telemetry of one call whose first attempt succeeded, as LlmService does: the
     * attempt event and metrics, the answer's and the prompt's previews, the run event.
     */
    RunRecord succeededCall() {
        AttemptRecord attempt = new AttemptRecord(runId, 1, PROVIDER, MODEL, startedAt, 42, RunStatus.OK, null, null,
                usage);
        telemetry.attemptFinished(context, attempt);
        String responsePreview = telemetry.preview(answer);
        RunRecord run = new RunRecord(runId, startedAt, startedAt, "ws-bench", "extract", PROFILE, PROVIDER, MODEL,
                RunStatus.OK, null, null, 43, usage, null, telemetry.promptPreview(prompt), responsePreview,
                List.of(attempt));
        telemetry.runFinished(run);
        return run;
    }

    /**
     * Runs the telemetry of one call whose only attempt failed: the redacted error message on the
     * attempt and on the run, the WARN attempt event, the prompt preview and the run event.
     */
    RunRecord failedCall() {
        String attemptMessage = telemetry.redactMessage(rateLimited.getMessage());
        AttemptRecord attempt = new AttemptRecord(runId, 1, PROVIDER, MODEL, startedAt, 42, RunStatus.ERROR,
                ErrorCode.RATE_LIMITED, attemptMessage, Usage.UNKNOWN);
        telemetry.attemptFinished(context, attempt);
        RunRecord run = new RunRecord(runId, startedAt, startedAt, "ws-bench", "extract", PROFILE, PROVIDER, MODEL,
                RunStatus.ERROR, ErrorCode.RATE_LIMITED, telemetry.redactMessage(rateLimited.getMessage()), 43,
                Usage.UNKNOWN, null, telemetry.promptPreview(prompt), null, List.of(attempt));
        telemetry.runFinished(run);
        return run;
    }
}

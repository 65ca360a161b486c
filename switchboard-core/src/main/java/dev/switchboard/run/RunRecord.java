package dev.switchboard.run;

import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code LlmService} call, as stored in {@code llm_runs}. Every text field is already
 * redacted when the record is built.
 *
 * @param llmRunId the time-ordered run id (UUIDv7)
 * @param startedAt when the call arrived
 * @param finishedAt when it returned or failed
 * @param workspaceId the caller's workspace
 * @param stage the pipeline stage
 * @param profile the profile asked for
 * @param provider the provider that returned the response or failed last; null when no attempt was made
 * @param model the model that answered or failed last; null when no attempt was made
 * @param status the outcome
 * @param errorCode the failure class, null on success
 * @param errorMessage the redacted failure message, null on success
 * @param latencyMs the whole call's duration in milliseconds
 * @param usage token counts summed over the attempts that reported them
 * @param costUsd the price of the call, null while no price is known
 * @param promptPreview the redacted, truncated prompt
 * @param responsePreview the redacted, truncated answer, null on failure
 * @param attempts every provider attempt, in order
 */
public record RunRecord(String llmRunId, Instant startedAt, Instant finishedAt, String workspaceId, String stage,
        String profile, String provider, String model, RunStatus status, ErrorCode errorCode, String errorMessage,
        long latencyMs, Usage usage, BigDecimal costUsd, String promptPreview, String responsePreview,
        List<AttemptRecord> attempts) {

    public RunRecord {
        Objects.requireNonNull(llmRunId, "llmRunId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(usage, "usage");
        attempts = List.copyOf(attempts);
    }

    /** The number of provider attempts. */
    public int attemptCount() {
        return attempts.size();
    }
}

package dev.switchboard.run;

import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import java.time.Instant;
import java.util.Objects;

/**
 * One provider attempt within a run.
 *
 * @param llmRunId the run the attempt belongs to
 * @param attempt the attempt number within the run, starting at 1
 * @param provider the configured provider name
 * @param model the model asked
 * @param startedAt when the attempt was sent
 * @param latencyMs the time waited on the provider, in milliseconds
 * @param status the outcome
 * @param errorCode the failure class, null when {@code status} is OK
 * @param errorMessage the redacted failure message, null when {@code status} is OK
 * @param usage the counts the provider reported, {@link Usage#UNKNOWN} when none
 */
public record AttemptRecord(String llmRunId, int attempt, String provider, String model, Instant startedAt,
        long latencyMs, RunStatus status, ErrorCode errorCode, String errorMessage, Usage usage) {

    public AttemptRecord {
        Objects.requireNonNull(llmRunId, "llmRunId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(usage, "usage");
        if ((status == RunStatus.ERROR) != (errorCode != null)) {
            throw new IllegalArgumentException("an attempt has an error code exactly when its status is error");
        }
    }
}

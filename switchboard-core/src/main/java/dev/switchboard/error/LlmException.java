package dev.switchboard.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed LLM call, classified into one of the seven {@link ErrorCode} classes.
 *
 * <p>Messages never contain request URLs, request headers or API keys. They may quote a
 * provider's error text, which is redacted by the telemetry package before it is stored or
 * logged.
 */
public abstract sealed class LlmException extends RuntimeException
        permits LlmAuthError, LlmUnavailable, LlmRateLimited, LlmTimeout, LlmBadRequest,
        LlmContentBlocked, LlmProviderError {

    private final ErrorCode errorCode;
    private volatile String llmRunId;

    LlmException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause, false, true);
        this.errorCode = errorCode;
    }

    /** The failure class. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The run that failed with this exception, or null before {@code LlmService} assigned it. */
    public String llmRunId() {
        return llmRunId;
    }

    /**
     * Records the run this failure ended; {@code LlmService} calls it once before throwing.
     * Later calls keep the first id.
     */
    public void assignRunId(String runId) {
        if (this.llmRunId == null) {
            this.llmRunId = runId;
        }
    }

    /** Whether the same deployment may succeed if the call is sent again. */
    public boolean retryable() {
        return errorCode != ErrorCode.AUTH && errorCode != ErrorCode.BAD_REQUEST
                && errorCode != ErrorCode.CONTENT_BLOCKED;
    }

    /** The delay the provider asked for before a retry, when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}

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

    LlmException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause, false, true);
        this.errorCode = errorCode;
    }

    /** The failure class. */
    public ErrorCode errorCode() {
        return errorCode;
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

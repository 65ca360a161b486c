package dev.switchboard.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider rejected the call because a rate limit or quota was reached.
 *
 * <p>A per-minute limit is retryable, after {@link #retryAfter()} when the provider gave a delay.
 * An exhausted quota (a daily cap, credits used up) is not retryable on the same deployment.
 */
public final class LlmRateLimited extends LlmException {

    private final Duration retryAfter;
    private final boolean quotaExhausted;

    public LlmRateLimited(String message, Duration retryAfter, boolean quotaExhausted) {
        super(ErrorCode.RATE_LIMITED, message, null);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
        this.quotaExhausted = quotaExhausted;
    }

    public LlmRateLimited(String message, Duration retryAfter) {
        this(message, retryAfter, false);
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the limit is an exhausted quota rather than a short rate window. */
    public boolean quotaExhausted() {
        return quotaExhausted;
    }

    @Override
    public boolean retryable() {
        return !quotaExhausted;
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + getMessage()
                + (retryAfter == null ? "" : " (retry after " + retryAfter + ")")
                + (quotaExhausted ? " (quota exhausted)" : "");
    }
}

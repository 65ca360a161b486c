package dev.switchboard.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long to retry a retryable failure on the same deployment before falling back.
 *
 * @param maxRetries extra attempts on the same deployment, 0 for none
 * @param initialBackoff the first backoff when the provider gave no retry delay
 * @param maxBackoff the cap on the exponential backoff
 * @param maxRetryDelay the longest provider-given retry delay that is waited for. A longer one
 *     moves on to the next deployment at once, and the deployment cools down instead
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(1, Duration.ofMillis(250), Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(250), Duration.ofSeconds(5),
            Duration.ZERO);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + maxRetries);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryDelay.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative");
        }
    }

    /** The backoff before retry number {@code retry} (1-based), before jitter. */
    public Duration backoff(int retry) {
        long millis = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}

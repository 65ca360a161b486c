package dev.switchboard.routing;

import dev.switchboard.error.LlmException;
import dev.switchboard.error.LlmRateLimited;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Tracks failing deployments and the time until which each is skipped (its cooldown).
 *
 * <p>A rate limit with a retry delay cools the deployment for that delay. Other retryable
 * failures cool it for the profile's cooldown once {@code cooldownAfter} of them came in a row.
 * A success resets the count.
 */
final class DeploymentHealth {

    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    DeploymentHealth(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    boolean isCoolingDown(Deployment deployment) {
        State state = states.get(deployment.key());
        return state != null && state.coolUntil.get() - nanoTime.getAsLong() > 0;
    }

    void recordSuccess(Deployment deployment) {
        State state = states.get(deployment.key());
        if (state != null) {
            state.consecutiveFailures.set(0);
        }
    }

    void recordFailure(Profile profile, Deployment deployment, LlmException failure) {
        if (profile.cooldown().isZero() || !failure.errorCode().fallsBack()) {
            return;
        }
        State state = states.computeIfAbsent(deployment.key(), key -> new State());
        int failures = state.consecutiveFailures.incrementAndGet();
        Duration cooldown = null;
        if (failure instanceof LlmRateLimited limited && (limited.retryAfter().isPresent() || limited.quotaExhausted())) {
            cooldown = limited.retryAfter().orElse(profile.cooldown());
        } else if (failures >= profile.cooldownAfter()) {
            cooldown = profile.cooldown();
        }
        if (cooldown != null) {
            long until = nanoTime.getAsLong() + cooldown.toNanos();
            state.coolUntil.accumulateAndGet(until, (current, proposed) -> proposed - current > 0 ? proposed : current);
        }
    }

    private static final class State {
        final AtomicInteger consecutiveFailures = new AtomicInteger();
        final AtomicLong coolUntil = new AtomicLong(Long.MIN_VALUE / 2);
    }
}

package dev.switchboard.routing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named routing recipe: which deployments serve a call and how failures are handled.
 *
 * @param name the profile name that requests give
 * @param deployments the deployments, in preference order, at least one
 * @param mode ordered or balanced
 * @param retry the retry policy for each deployment
 * @param cooldown how long a failing deployment is skipped; {@link Duration#ZERO} turns cooldowns off
 * @param cooldownAfter consecutive retryable failures that start a cooldown
 */
public record Profile(String name, List<Deployment> deployments, RoutingMode mode, RetryPolicy retry,
        Duration cooldown, int cooldownAfter) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);
    public static final int DEFAULT_COOLDOWN_AFTER = 3;

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deployments, "deployments");
        if (deployments.isEmpty()) {
            throw new IllegalArgumentException("profile '" + name + "' must list at least one deployment");
        }
        deployments = List.copyOf(deployments);
        mode = mode == null ? RoutingMode.ORDERED : mode;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown;
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("profile '" + name + "': cooldown must not be negative, got " + cooldown);
        }
        if (cooldownAfter < 1) {
            throw new IllegalArgumentException("profile '" + name + "': cooldown_after must be 1 or more, got "
                    + cooldownAfter);
        }
    }

    /** An ordered profile with the default retry and cooldown settings. */
    public static Profile ordered(String name, Deployment... deployments) {
        return new Profile(name, List.of(deployments), RoutingMode.ORDERED, RetryPolicy.DEFAULT, DEFAULT_COOLDOWN,
                DEFAULT_COOLDOWN_AFTER);
    }

    public Profile withRetry(RetryPolicy newRetry) {
        return new Profile(name, deployments, mode, newRetry, cooldown, cooldownAfter);
    }

    public Profile withCooldown(Duration newCooldown) {
        return new Profile(name, deployments, mode, retry, newCooldown, cooldownAfter);
    }

    public Profile withMode(RoutingMode newMode) {
        return new Profile(name, deployments, newMode, retry, cooldown, cooldownAfter);
    }
}

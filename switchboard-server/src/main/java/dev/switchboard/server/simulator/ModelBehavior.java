package dev.switchboard.server.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-model settings of the simulator: latency, fault and reply text.
 *
 * @param latency   the delay before responding; empty means the config's {@code default_latency}
 * @param fault     the failure to inject; {@link Fault#NONE} responds normally
 * @param retryDelay the delay a {@link Fault#RATE_LIMITED} answer tells the client to wait
 * @param quota     the quota window a {@link Fault#RATE_LIMITED} answer reports
 * @param failEvery the fault hits requests number N, 2N, 3N… for this model; 1 means every request
 * @param reply     the fixed answer text; empty means a short text derived from the prompt
 */
public record ModelBehavior(
        Optional<Duration> latency,
        Fault fault,
        Duration retryDelay,
        Quota quota,
        int failEvery,
        Optional<String> reply) {

    /** The retry delay a rate-limited response reports when the config gives no {@code retry_delay}. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(20);

    private static final ModelBehavior DEFAULTS = new ModelBehavior(
            Optional.empty(), Fault.NONE, DEFAULT_RETRY_DELAY, Quota.PER_MINUTE, 1, Optional.empty());

    /**
     * Checks every component.
     *
     * @throws SimulatorConfigException when a duration is negative, {@code failEvery} is below 1 or
     *                                  {@code reply} is blank
     */
    public ModelBehavior {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(reply, "reply");
        if (latency.isPresent() && latency.get().isNegative()) {
            throw new SimulatorConfigException("latency", "must not be negative, got " + latency.get());
        }
        if (retryDelay.isNegative()) {
            throw new SimulatorConfigException("retry_delay", "must not be negative, got " + retryDelay);
        }
        if (failEvery < 1) {
            throw new SimulatorConfigException("fail_every", "invalid value " + failEvery
                    + "; allowed values: a whole number of at least 1");
        }
        if (reply.isPresent() && reply.get().isBlank()) {
            throw new SimulatorConfigException("reply", "must not be blank");
        }
    }

    /** Returns a behaviour that responds normally after the default latency with a prompt-derived text. */
    public static ModelBehavior ofDefaults() {
        return DEFAULTS;
    }

    /** Returns a behaviour that fails every request with {@code fault}, with all other settings at their defaults. */
    public static ModelBehavior failingWith(Fault fault) {
        return DEFAULTS.withFault(fault);
    }

    /** Returns this behaviour with another fault. */
    public ModelBehavior withFault(Fault newFault) {
        return new ModelBehavior(latency, newFault, retryDelay, quota, failEvery, reply);
    }

    /** Returns this behaviour with a fixed latency instead of the config default. */
    public ModelBehavior withLatency(Duration newLatency) {
        return new ModelBehavior(Optional.of(newLatency), fault, retryDelay, quota, failEvery, reply);
    }

    /** Returns this behaviour with the fault hitting only every {@code n}th request. */
    public ModelBehavior withFailEvery(int n) {
        return new ModelBehavior(latency, fault, retryDelay, quota, n, reply);
    }

    /** Returns whether request number {@code sequence} (counting from 1) for this model gets the fault. */
    boolean faultHits(long sequence) {
        return fault != Fault.NONE && sequence % failEvery == 0;
    }
}

package dev.switchboard.server.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * The quota window a simulated rate limit reports. It changes the Gemini {@code quotaId}
 * ({@code PerMinute} or {@code PerDay}) and the OpenAI error code ({@code rate_limit_exceeded} or
 * {@code insufficient_quota}).
 */
public enum Quota {
    /** A short window: retrying after the delay helps. */
    PER_MINUTE("per_minute"),
    /** A daily cap: retrying within seconds does not help. */
    PER_DAY("per_day");

    private final String configName;

    Quota(String configName) {
        this.configName = configName;
    }

    /** Returns the lowercase name used in the YAML {@code quota} setting. */
    public String configName() {
        return configName;
    }

    /** Returns the YAML names of all quota windows. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Quota::configName).toList();
    }

    /**
     * Finds the quota window with the given YAML name.
     *
     * @throws IllegalArgumentException when {@code name} is not one of {@link #configNames()}
     */
    public static Quota fromConfigName(String name) {
        for (Quota quota : values()) {
            if (quota.configName.equals(name)) {
                return quota;
            }
        }
        throw new IllegalArgumentException("unknown quota '" + name + "'; allowed values: " + configNames());
    }
}

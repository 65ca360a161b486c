package dev.switchboard.server.simulator;

import java.util.Arrays;
import java.util.List;

/** A failure the simulator injects for a model, in each provider's real wire shape. */
public enum Fault {
    /** Answers normally. */
    NONE("none"),
    /** HTTP 429: Gemini {@code RESOURCE_EXHAUSTED} with {@code RetryInfo}, OpenAI with {@code retry-after}. */
    RATE_LIMITED("rate_limited"),
    /** HTTP 503, the provider's overload error. */
    UNAVAILABLE("unavailable"),
    /** The provider's bad-key error, whatever key the request carries. */
    INVALID_KEY("invalid_key"),
    /** HTTP 200 with a JSON body cut off halfway. */
    MALFORMED("malformed"),
    /** A blocked answer: Gemini {@code promptFeedback.blockReason}, OpenAI {@code content_filter}. */
    CONTENT_BLOCKED("content_blocked"),
    /** Resets the TCP connection without sending a response. */
    CONNECTION_RESET("connection_reset"),
    /** HTTP 500, the provider's internal error. */
    SERVER_ERROR("server_error");

    private final String configName;

    Fault(String configName) {
        this.configName = configName;
    }

    /** Returns the lowercase name used in the YAML {@code fault} setting. */
    public String configName() {
        return configName;
    }

    /** Returns the YAML names of all faults, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Fault::configName).toList();
    }

    /**
     * Finds the fault with the given YAML name.
     *
     * @throws IllegalArgumentException when {@code name} is not one of {@link #configNames()}
     */
    public static Fault fromConfigName(String name) {
        for (Fault fault : values()) {
            if (fault.configName.equals(name)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; allowed values: " + configNames());
    }
}

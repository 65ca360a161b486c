package dev.switchboard.server.simulator;

import dev.switchboard.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of a {@link Simulator}, read from the {@code simulator:} section of a YAML file.
 *
 * @param host           the loopback address to listen on
 * @param port           the TCP port; 0 picks a free one
 * @param apiKeys        the accepted keys; empty accepts any request without a key check
 * @param defaultLatency the delay before responding, for models without their own {@code latency}
 * @param strictModels   whether a model missing from {@code models} gets the provider's 404
 * @param models         per-model behaviour, in file order
 */
public record SimulatorConfig(
        String host,
        int port,
        List<Secret> apiKeys,
        Duration defaultLatency,
        boolean strictModels,
        Map<String, ModelBehavior> models) {

    /** The address used when the config gives no {@code host}. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The port used when the config gives no {@code port}. */
    public static final int DEFAULT_PORT = 9100;

    static final String ALLOWED_HOSTS = "localhost, an IPv4 address in 127.0.0.0/8 or ::1";

    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");

    /**
     * Checks every component and copies the collections.
     *
     * @throws SimulatorConfigException when the host is not a loopback address, the port is outside
     *                                  0–65535, the latency is negative or a model name is blank
     */
    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(defaultLatency, "defaultLatency");
        Objects.requireNonNull(models, "models");
        // The simulator accepts made-up keys and injects faults, so it must not be reachable from
        // other machines.
        if (!isLoopback(host)) {
            throw new SimulatorConfigException("simulator.host", "invalid value '" + host
                    + "'; allowed values: " + ALLOWED_HOSTS + " (the simulator listens on loopback only)");
        }
        if (port < 0 || port > 65_535) {
            throw new SimulatorConfigException("simulator.port", "invalid value " + port
                    + "; allowed values: 0 to 65535 (0 picks a free port)");
        }
        if (defaultLatency.isNegative()) {
            throw new SimulatorConfigException("simulator.default_latency",
                    "must not be negative, got " + defaultLatency);
        }
        for (String name : models.keySet()) {
            if (name == null || name.isBlank()) {
                throw new SimulatorConfigException("simulator.models", "a model name must not be blank");
            }
            Objects.requireNonNull(models.get(name), "behaviour of model " + name);
        }
        apiKeys = List.copyOf(apiKeys);
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /** Listens on 127.0.0.1:9100 with no key check, no latency, no faults and no model list. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, DEFAULT_PORT, List.of(), Duration.ZERO, false, Map.of());
    }

    /**
     * Reads the {@code simulator:} section of the YAML file at {@code path}. Other top-level
     * sections are ignored.
     *
     * @throws IOException              when the file cannot be read
     * @throws SimulatorConfigException when the section is missing or a setting is invalid
     */
    public static SimulatorConfig load(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * Reads the {@code simulator:} section of a YAML document. Other top-level sections are ignored.
     *
     * @throws SimulatorConfigException when the text is not YAML, the section is missing or a
     *                                  setting is invalid
     */
    public static SimulatorConfig parse(String yaml) {
        return SimulatorConfigParser.parse(yaml);
    }

    /** Returns this config listening on {@code newPort} instead. */
    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, apiKeys, defaultLatency, strictModels, models);
    }

    /** Returns this config with {@code behaviour} for {@code model}, replacing any earlier entry for it. */
    public SimulatorConfig withModel(String model, ModelBehavior behaviour) {
        Map<String, ModelBehavior> copy = new LinkedHashMap<>(models);
        copy.put(model, behaviour);
        return new SimulatorConfig(host, port, apiKeys, defaultLatency, strictModels, copy);
    }

    /** Returns this config accepting only {@code keys}. */
    public SimulatorConfig withApiKeys(List<Secret> keys) {
        return new SimulatorConfig(host, port, keys, defaultLatency, strictModels, models);
    }

    /** Returns whether the key check is on. */
    boolean checksKeys() {
        return !apiKeys.isEmpty();
    }

    /** Returns whether {@code presented} equals one of the configured keys. */
    boolean accepts(String presented) {
        boolean accepted = false;
        for (Secret key : apiKeys) {
            // Checks every key, so the time taken does not tell which one matched.
            accepted |= key.matches(presented);
        }
        return accepted;
    }

    /** Returns the behaviour for {@code model}, or the defaults when it is not configured. */
    ModelBehavior behaviourOf(String model) {
        ModelBehavior behaviour = models.get(model);
        return behaviour == null ? ModelBehavior.ofDefaults() : behaviour;
    }

    /** Returns the delay before responding for {@code behaviour}. */
    Duration latencyOf(ModelBehavior behaviour) {
        return behaviour.latency().orElse(defaultLatency);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
    }
}

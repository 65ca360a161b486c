package dev.switchboard.provider;

import dev.switchboard.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One configured provider endpoint.
 *
 * @param name the configured name, used as the {@code provider} tag in logs, metrics and rows
 * @param kind the wire protocol
 * @param baseUrl the API root, such as {@code http://127.0.0.1:11434} or {@code https://api.openai.com/v1}
 * @param apiKey the credential, or null where the server needs none (a local Ollama)
 * @param timeout the limit on one attempt, from sending the request to the last byte of the answer
 * @param maxConcurrency the maximum number of attempts in flight to this provider
 * @param maxQueued the maximum number of attempts waiting for a concurrency slot
 */
public record ProviderSettings(String name, ProviderKind kind, URI baseUrl, Secret apiKey, Duration timeout,
        int maxConcurrency, int maxQueued) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONCURRENCY = 64;
    public static final int DEFAULT_MAX_QUEUED = 1024;

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("provider '" + name + "': timeout must be positive, got " + timeout);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("provider '" + name + "': max_concurrency must be 1 or more, got "
                    + maxConcurrency);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("provider '" + name + "': max_queued must be 0 or more, got "
                    + maxQueued);
        }
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("provider '" + name + "': base_url must start with http:// or https://, got '"
                    + baseUrl + "'");
        }
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null) {
            throw new IllegalArgumentException("provider '" + name + "': base_url must not carry credentials or a query;"
                    + " put the key in api_key");
        }
    }

    /** Settings with the defaults for everything but the name, kind, URL and key. */
    public static ProviderSettings of(String name, ProviderKind kind, String baseUrl, Secret apiKey) {
        return new ProviderSettings(name, kind, URI.create(baseUrl), apiKey, DEFAULT_TIMEOUT,
                DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_QUEUED);
    }

    public ProviderSettings withTimeout(Duration newTimeout) {
        return new ProviderSettings(name, kind, baseUrl, apiKey, newTimeout, maxConcurrency, maxQueued);
    }

    public ProviderSettings withMaxConcurrency(int newMaxConcurrency) {
        return new ProviderSettings(name, kind, baseUrl, apiKey, timeout, newMaxConcurrency, maxQueued);
    }

    /** The host and port, for messages that must not show a path or query. */
    public String endpoint() {
        int port = baseUrl.getPort();
        return baseUrl.getHost() + (port < 0 ? "" : ":" + port);
    }
}

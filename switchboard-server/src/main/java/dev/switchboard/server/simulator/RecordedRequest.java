package dev.switchboard.server.simulator;

import dev.switchboard.provider.ProviderKind;
import java.util.Objects;

/**
 * One request the simulator handled, as kept in {@link Simulator#recentRequests()}. It holds no
 * header values, query string or body, so no API key can end up in it.
 *
 * @param provider   the wire format the path belongs to
 * @param method     the HTTP method, such as {@code POST}
 * @param path       the request path without the query string
 * @param model      the model the request named, or an empty string when it named none
 * @param credential where the request carried its key
 * @param userAgent  the {@code User-Agent} header, or an empty string
 * @param fault      the fault injected into the answer; {@link Fault#NONE} for a normal answer
 * @param status     the HTTP status sent, or 0 when the connection was reset without a response
 */
public record RecordedRequest(
        ProviderKind provider,
        String method,
        String path,
        String model,
        Credential credential,
        String userAgent,
        Fault fault,
        int status) {

    /** Checks that no component is null. */
    public RecordedRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(fault, "fault");
    }

    /** The place in a request that carried its API key. */
    public enum Credential {
        /** No key at all. */
        NONE,
        /** {@code Authorization: Bearer <key>} (OpenAI-compatible, Ollama). */
        AUTHORIZATION_BEARER,
        /** {@code x-goog-api-key: <key>} (Gemini). */
        GOOG_API_KEY_HEADER,
        /** {@code ?key=<key>} in the URL (Gemini, discouraged because URLs get logged). */
        KEY_QUERY_PARAMETER
    }
}

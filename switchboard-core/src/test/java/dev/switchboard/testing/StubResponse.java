package dev.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A canned response of {@link StubHttpServer}.
 *
 * @param status the HTTP status
 * @param headers response headers
 * @param body the body bytes, empty for none
 * @param delay how long the server waits before it responds; closing the server ends the wait
 */
public record StubResponse(int status, Map<String, String> headers, byte[] body, Duration delay) {

    public StubResponse {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(delay, "delay");
    }

    /** Creates a response with an {@code application/json} body. */
    public static StubResponse json(int status, String json) {
        return text(status, "application/json", json);
    }

    /** Creates a response with a body of the given content type. */
    public static StubResponse text(int status, String contentType, String text) {
        return new StubResponse(status, Map.of("content-type", contentType), text.getBytes(StandardCharsets.UTF_8),
                Duration.ZERO);
    }

    /** Creates a response with no body. */
    public static StubResponse empty(int status) {
        return new StubResponse(status, Map.of(), new byte[0], Duration.ZERO);
    }

    /** Returns this response with one more header. */
    public StubResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new StubResponse(status, more, body, delay);
    }

    /** Returns this response sent after {@code newDelay}. */
    public StubResponse withDelay(Duration newDelay) {
        return new StubResponse(status, headers, body, newDelay);
    }
}

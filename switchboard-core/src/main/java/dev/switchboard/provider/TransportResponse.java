package dev.switchboard.provider;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP response.
 *
 * @param status the status code
 * @param headers the response headers, names in lower case, first value of each
 * @param body the body bytes, empty when there was none
 */
public record TransportResponse(int status, Map<String, String> headers, byte[] body) {

    public TransportResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** Returns the value of a header, case-insensitively, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}

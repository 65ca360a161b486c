package dev.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as {@link StubHttpServer} received it.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param path the decoded path, such as {@code /v1/chat/completions}
 * @param query the raw query string without the {@code ?}, or null when there was none
 * @param headers every header value, names in lower case
 * @param body the body bytes, empty when there was none
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
        byte[] body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** Returns the first value of a header, case-insensitively, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns the path with the query, as it appeared on the request line. */
    public String target() {
        return query == null ? path : path + "?" + query;
    }
}

package dev.switchboard.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.error.LlmException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The request and failure handling shared by the JSON-over-HTTP provider clients.
 *
 * <p>A response is classified in this order: a transport failure first, then the HTTP status with
 * the provider's structured error fields, then the semantic checks of a 2xx body (block and
 * finish reasons), and the error message text only as a last resort.
 */
abstract class HttpProviderClient implements ProviderClient {

    /**
     * Rejects trailing content, so that a body streamed as several JSON documents (a server that
     * ignored {@code "stream": false}) counts as malformed instead of being cut to its first chunk.
     */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ProviderSettings settings;
    private final HttpTransport transport;
    private final Clock clock;

    HttpProviderClient(ProviderSettings settings, HttpTransport transport, Clock clock, ProviderKind kind) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (settings.kind() != kind) {
            throw new IllegalArgumentException("provider '" + settings.name() + "' is of type '" + settings.kind().id()
                    + "', but " + getClass().getSimpleName() + " speaks '" + kind.id() + "'");
        }
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    /**
     * Sends one non-streaming chat request with the attempt's timeout. The future fails with an
     * {@link LlmException} whose message names this provider, the model and the endpoint's host
     * and port, and never the request URL, a request header or the API key.
     */
    @Override
    public CompletableFuture<ProviderResponse> chat(ProviderRequest request) {
        Objects.requireNonNull(request, "request");
        URI uri;
        try {
            uri = chatUri(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(errorFactory(request, null)
                    .badRequest("the model name does not fit in a URL", null));
        }
        ErrorFactory errors = errorFactory(request, uri);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(requestBody(request));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(errors.badRequest("cannot encode the request as JSON", null));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", "application/json");
        headers.putAll(authHeaders());

        CompletableFuture<TransportResponse> sent;
        try {
            sent = transport.post(uri, headers, body, request.timeout());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ProviderResponse> result = new CompletableFuture<>();
        sent.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(transportError(errors, request, error));
                return;
            }
            try {
                result.complete(handleResponse(errors, response));
            } catch (LlmException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(errors.providerError("cannot read the response ("
                        + e.getClass().getSimpleName() + ")", null));
            }
        });
        return result;
    }

    /** The chat endpoint's URL for this request. */
    abstract URI chatUri(ProviderRequest request);

    /** The JSON body of the chat request. */
    abstract ObjectNode requestBody(ProviderRequest request);

    /** The headers that carry the API key, empty when none is configured. */
    abstract Map<String, String> authHeaders();

    /**
     * Reads a 2xx body that parsed as a JSON object.
     *
     * @throws LlmException when the response is blocked, failed on the provider's side or lacks its text
     */
    abstract ProviderResponse parseSuccess(ErrorFactory errors, JsonNode body);

    /**
     * Classifies a non-2xx response.
     *
     * @param body the parsed body, or null when it was empty or not JSON
     * @param bodyText a short plain-text excerpt of a body that is not JSON, or null
     */
    abstract LlmException errorFor(ErrorFactory errors, TransportResponse response, JsonNode body, String bodyText);

    /** Returns the clock that turns an HTTP-date {@code retry-after} into a delay. */
    final Clock clock() {
        return clock;
    }

    /** Joins the base URL and a path that starts with {@code /}, dropping a trailing slash of the base URL. */
    final URI resolve(String path) {
        String base = settings.baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    /** Returns the configured key, or null when none is configured. */
    final String apiKey() {
        return settings.apiKey() == null ? null : settings.apiKey().reveal();
    }

    private ErrorFactory errorFactory(ProviderRequest request, URI uri) {
        List<String> hidden = new ArrayList<>();
        hidden.add(apiKey());
        if (uri != null) {
            hidden.add(uri.toString());
            hidden.add(uri.getRawPath());
            hidden.add(uri.getPath());
        }
        return new ErrorFactory(settings.name(), request.model(), settings.endpoint(), hidden);
    }

    private ProviderResponse handleResponse(ErrorFactory errors, TransportResponse response) {
        int status = response.status();
        JsonNode body = parseJson(response.body());
        if (status >= 200 && status < 300) {
            if (body == null || !body.isObject()) {
                throw errors.providerError("HTTP " + status + " with a body that is not a JSON object ("
                        + describeBody(response) + ")", null);
            }
            return parseSuccess(errors, body);
        }
        throw errorFor(errors, response, body, body == null ? plainText(response) : null);
    }

    private static LlmException transportError(ErrorFactory errors, ProviderRequest request, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LlmException failure) {
            return failure;
        }
        if (cause instanceof TransportFailure failure) {
            String detail = errors.scrub(failure.getMessage());
            // A transport of the application's own may put the URL into its messages, and the cause
            // chain gets logged, so the failure is kept as the cause only when nothing had to be scrubbed.
            Throwable safeCause = errors.isClean(failure) ? failure : null;
            return switch (failure.kind()) {
                case TIMEOUT -> errors.timeout("no complete response within " + ErrorFactory.format(request.timeout()),
                        null, safeCause);
                case CONNECT -> errors.unavailable("connection failed (" + detail + ")", null, safeCause);
                case IO -> errors.unavailable("connection broke before a complete response (" + detail + ")", null,
                        safeCause);
            };
        }
        // A transport that breaks its contract still gave no response.
        if (cause instanceof TimeoutException) {
            return errors.timeout("no complete response within " + ErrorFactory.format(request.timeout()), null,
                    null);
        }
        return errors.unavailable("the HTTP transport failed (" + cause.getClass().getSimpleName() + ")", null, null);
    }

    /** Parses a body as JSON, or returns null when it is empty or not valid JSON. */
    static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Returns a body that is not JSON as short text to quote, or null for an HTML page or an empty
     * body. Gateways and proxies in front of a provider send such bodies.
     */
    static String plainText(TransportResponse response) {
        String contentType = response.header("content-type");
        if (response.body().length == 0
                || contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
            return null;
        }
        int length = Math.min(response.body().length, ErrorFactory.MAX_QUOTED_CHARS * 4);
        String text = new String(response.body(), 0, length, StandardCharsets.UTF_8).strip();
        return text.startsWith("<") ? null : text;
    }

    private static String describeBody(TransportResponse response) {
        String contentType = response.header("content-type");
        return (contentType == null ? "no content type" : contentType) + ", " + response.body().length + " bytes";
    }

    /** Returns the text of {@code node.field}, or null when it is missing, null or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Returns {@code node.field} as a non-negative int count, or null when it is missing or not one. */
    static Integer count(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            return null;
        }
        return value.asInt();
    }

    /** Returns a JSON scalar as text (a string as is, a number or boolean as written), or null. */
    static String scalar(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** Returns {@code retry-after-ms} or {@code retry-after} as a delay, or null. */
    final Duration retryAfterHeaders(TransportResponse response) {
        return RetryDelays.retryAfterHeaders(response, clock);
    }
}

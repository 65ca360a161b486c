package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.ChatMessage;
import dev.switchboard.FinishReason;
import dev.switchboard.GenerationParams;
import dev.switchboard.Usage;
import dev.switchboard.error.LlmException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * A client for Ollama's native chat API ({@code POST {baseUrl}/api/chat} with {@code "stream": false}).
 *
 * <pre>{@code
 * ProviderClient ollama = new OllamaClient(ProviderSettings.of("local", ProviderKind.OLLAMA,
 *         "http://127.0.0.1:11434", null), transport);
 * }</pre>
 *
 * <p>Generation settings go under {@code options} ({@code temperature}, {@code top_p},
 * {@code num_predict}, {@code stop}, {@code seed}) because Ollama ignores them at the top level.
 * JSON output sends {@code "format": "json"}. A configured key is sent as
 * {@code Authorization: Bearer}, which Ollama's cloud API expects and a local server ignores.
 *
 * <p>Usage: {@code prompt_eval_count} and {@code eval_count} are each absent when Ollama leaves
 * them out (it drops zero values, and older versions drop the prompt count on a cache hit), and
 * the total is known only when both are.
 *
 * <p>Failures: 400 and 404 are bad requests (a 404 means the model is not pulled), 401 and 403
 * auth errors, 429 a rate limit, 500 a provider error, 502 and 503 unavailable.
 *
 * <p>Thread-safe; the future completes on the transport's thread.
 */
public final class OllamaClient extends HttpProviderClient {

    private final URI chatUri;

    /**
     * Creates a client for one Ollama server.
     *
     * @throws IllegalArgumentException when {@code settings} is not of kind {@link ProviderKind#OLLAMA}
     */
    public OllamaClient(ProviderSettings settings, HttpTransport transport) {
        this(settings, transport, Clock.systemUTC());
    }

    OllamaClient(ProviderSettings settings, HttpTransport transport, Clock clock) {
        super(settings, transport, clock, ProviderKind.OLLAMA);
        this.chatUri = resolve("/api/chat");
    }

    @Override
    URI chatUri(ProviderRequest request) {
        return chatUri;
    }

    @Override
    ObjectNode requestBody(ProviderRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        root.put("stream", false);
        GenerationParams params = request.params();
        if (Boolean.TRUE.equals(params.jsonOutput())) {
            root.put("format", "json");
        }
        ObjectNode options = options(params);
        if (!options.isEmpty()) {
            root.set("options", options);
        }
        return root;
    }

    private static ObjectNode options(GenerationParams params) {
        ObjectNode options = JSON.createObjectNode();
        if (params.temperature() != null) {
            options.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            options.put("top_p", params.topP());
        }
        if (params.maxOutputTokens() != null) {
            options.put("num_predict", params.maxOutputTokens());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            ArrayNode stop = options.putArray("stop");
            params.stop().forEach(stop::add);
        }
        if (params.seed() != null) {
            options.put("seed", params.seed());
        }
        return options;
    }

    @Override
    Map<String, String> authHeaders() {
        String key = apiKey();
        return key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
    }

    @Override
    ProviderResponse parseSuccess(ErrorFactory errors, JsonNode body) {
        String error = text(body, "error");
        if (error != null) {
            throw errors.providerError("HTTP 200 with an error", error);
        }
        String content = text(body.get("message"), "content");
        if (content == null) {
            throw errors.providerError("HTTP 200 with no message.content", null);
        }
        FinishReason finishReason = switch (String.valueOf(text(body, "done_reason"))) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
        return new ProviderResponse(content, finishReason,
                Usage.of(count(body, "prompt_eval_count"), count(body, "eval_count"), null));
    }

    @Override
    LlmException errorFor(ErrorFactory errors, TransportResponse response, JsonNode body, String bodyText) {
        String error = text(body, "error");
        String message = error != null ? error : bodyText;
        int status = response.status();
        String summary = "HTTP " + status;
        return switch (status) {
            case 404 -> error != null
                    // The wording of the not-found text differs by Ollama version, so the status decides.
                    ? errors.badRequest(summary + ", model not found; run 'ollama pull " + errors.model()
                            + "' on the server", message)
                    : errors.badRequest(summary + ", not found; check that base_url points at an Ollama server",
                            message);
            case 429 -> errors.rateLimited(summary + ", rate limited", message, retryAfterHeaders(response), false);
            case 500 -> errors.providerError(summary + ", the model failed to load or run", message);
            default -> errors.forStatus(status, null, message, null);
        };
    }
}

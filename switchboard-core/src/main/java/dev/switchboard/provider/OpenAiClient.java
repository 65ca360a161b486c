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
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A client for OpenAI-compatible servers ({@code POST {baseUrl}/chat/completions}, where the base
 * URL includes {@code /v1}): OpenAI itself, vLLM, llama.cpp, LM Studio and Ollama's {@code /v1}.
 *
 * <pre>{@code
 * ProviderClient vllm = new OpenAiClient(ProviderSettings.of("vllm", ProviderKind.OPENAI,
 *         "http://127.0.0.1:8000/v1", null), transport);
 * }</pre>
 *
 * <p>A configured key is sent as {@code Authorization: Bearer}. The output cap is sent as
 * {@code max_completion_tokens} to {@code api.openai.com} and as {@code max_tokens} to every other
 * host.
 *
 * <p>Failures: a non-null {@code refusal} and the finish reason {@code content_filter} are
 * {@code LlmContentBlocked}. 401 and 403 are auth errors; 400, 404, 409 and 422 bad requests; a
 * 429 with code {@code insufficient_quota} an exhausted quota, any other 429 a rate limit whose
 * delay comes from {@code retry-after-ms}, {@code retry-after} or {@code x-ratelimit-reset-*}.
 * The error body may be OpenAI's object, an object whose {@code code} is a number (vLLM,
 * llama.cpp), or a bare string.
 *
 * <p>Thread-safe; the future completes on the transport's thread.
 */
public final class OpenAiClient extends HttpProviderClient {

    private static final String OPENAI_HOST = "api.openai.com";

    private final boolean maxCompletionTokens;
    private final URI chatUri;

    /**
     * Creates a client for one OpenAI-compatible endpoint.
     *
     * @throws IllegalArgumentException when {@code settings} is not of kind {@link ProviderKind#OPENAI}
     */
    public OpenAiClient(ProviderSettings settings, HttpTransport transport) {
        this(settings, transport, Clock.systemUTC());
    }

    OpenAiClient(ProviderSettings settings, HttpTransport transport, Clock clock) {
        super(settings, transport, clock, ProviderKind.OPENAI);
        // NOTE: OpenAI deprecated max_tokens, and its reasoning models reject it, but Ollama's /v1,
        // llama.cpp and older vLLM builds read only max_tokens and silently ignore
        // max_completion_tokens. So only OpenAI's own host gets the new field.
        this.maxCompletionTokens = OPENAI_HOST.equalsIgnoreCase(settings.baseUrl().getHost());
        this.chatUri = resolve("/chat/completions");
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
        GenerationParams params = request.params();
        if (params.temperature() != null) {
            root.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            root.put("top_p", params.topP());
        }
        if (params.maxOutputTokens() != null) {
            root.put(maxCompletionTokens ? "max_completion_tokens" : "max_tokens", params.maxOutputTokens());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            params.stop().forEach(stop::add);
        }
        if (params.seed() != null) {
            root.put("seed", params.seed());
        }
        if (Boolean.TRUE.equals(params.jsonOutput())) {
            root.putObject("response_format").put("type", "json_object");
        }
        return root;
    }

    @Override
    Map<String, String> authHeaders() {
        String key = apiKey();
        return key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
    }

    @Override
    ProviderResponse parseSuccess(ErrorFactory errors, JsonNode body) {
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            ErrorFields error = ErrorFields.of(body, null);
            throw errors.providerError("HTTP 200 with no choices", error.message);
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw errors.providerError("HTTP 200 with no choices[0].message", null);
        }
        String refusal = text(message, "refusal");
        if (refusal != null && !refusal.isBlank()) {
            throw errors.blocked("the model refused the request", refusal);
        }
        String reason = text(choice, "finish_reason");
        if ("content_filter".equals(reason)) {
            throw errors.blocked("response blocked (finish_reason content_filter)", null);
        }
        FinishReason finishReason = switch (String.valueOf(reason)) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
        return new ProviderResponse(content(message.get("content")), finishReason, usage(body.get("usage")));
    }

    /** Reads {@code content} as a string, or as an array of text parts as some servers send it. */
    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    /** Reads {@code usage}; {@code completion_tokens} already includes reasoning tokens. */
    private static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.UNKNOWN;
        }
        return Usage.of(count(usage, "prompt_tokens"), count(usage, "completion_tokens"),
                count(usage, "total_tokens"));
    }

    @Override
    LlmException errorFor(ErrorFactory errors, TransportResponse response, JsonNode body, String bodyText) {
        ErrorFields error = ErrorFields.of(body, bodyText);
        int status = response.status();
        String label = error.label();
        String summary = "HTTP " + status + (label == null ? "" : " " + label);
        if (status == 400 && ("content_filter".equals(error.code) || "content_policy_violation".equals(error.code))) {
            return errors.blocked(summary + ", prompt blocked by the content filter", error.message);
        }
        if (status == 429) {
            if ("insufficient_quota".equals(error.code) || "insufficient_quota".equals(error.type)
                    || error.code == null && error.message != null
                    && error.message.contains("exceeded your current quota")) {
                return errors.rateLimited(summary + ", quota exhausted", error.message, null, true);
            }
            return errors.rateLimited(summary + ", rate limited", error.message, retryDelay(response, error.type),
                    false);
        }
        return errors.forStatus(status, label, error.message, null);
    }

    /**
     * Reads {@code retry-after-ms} and {@code retry-after}, then the reset header of the limit that
     * was hit: the one the error {@code type} names, else the one with nothing remaining, else the
     * later of the two.
     */
    private Duration retryDelay(TransportResponse response, String type) {
        Duration headerDelay = retryAfterHeaders(response);
        if (headerDelay != null) {
            return headerDelay;
        }
        Duration requests = RetryDelays.goDuration(response.header("x-ratelimit-reset-requests"));
        Duration tokens = RetryDelays.goDuration(response.header("x-ratelimit-reset-tokens"));
        if (requests == null || tokens == null) {
            return requests != null ? requests : tokens;
        }
        String limit = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (limit.equals("requests") || limit.equals("tokens")) {
            return limit.equals("requests") ? requests : tokens;
        }
        boolean requestsSpent = "0".equals(response.header("x-ratelimit-remaining-requests"));
        boolean tokensSpent = "0".equals(response.header("x-ratelimit-remaining-tokens"));
        if (requestsSpent != tokensSpent) {
            return requestsSpent ? requests : tokens;
        }
        return requests.compareTo(tokens) >= 0 ? requests : tokens;
    }

    /**
     * The fields of an error body in any of the shapes compatible servers send:
     * {@code {"error":{"message","type","code"}}} with {@code code} a string, number or null,
     * {@code {"error":"text"}}, {@code {"message":"text"}} or {@code {"detail":...}}.
     */
    private record ErrorFields(String message, String type, String code) {

        static ErrorFields of(JsonNode body, String bodyText) {
            JsonNode error = body == null ? null : body.get("error");
            if (error != null && error.isObject()) {
                return new ErrorFields(text(error, "message"), text(error, "type"), scalar(error, "code"));
            }
            if (error != null && error.isTextual()) {
                return new ErrorFields(error.asText(), null, null);
            }
            String message = text(body, "message");
            if (message == null && body != null) {
                JsonNode detail = body.get("detail");
                message = detail == null ? null : detail.isTextual() ? detail.asText() : text(detail.path(0), "msg");
            }
            return new ErrorFields(message != null ? message : bodyText, null, null);
        }

        /** Returns the error code when it is a name, else the type, or null when there is neither. */
        String label() {
            if (code != null && !code.chars().allMatch(Character::isDigit)) {
                return code;
            }
            return type;
        }
    }
}

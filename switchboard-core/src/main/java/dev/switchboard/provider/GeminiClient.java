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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A client for Google's Gemini API ({@code POST {baseUrl}/models/{model}:generateContent}).
 *
 * <pre>{@code
 * ProviderClient gemini = new GeminiClient(ProviderSettings.of("gemini", ProviderKind.GEMINI,
 *         ProviderKind.GEMINI.defaultBaseUrl(), Secret.of(System.getenv("GEMINI_API_KEY"))), transport);
 * }</pre>
 *
 * <p>The key travels in the {@code x-goog-api-key} header, never in the URL. System messages
 * become {@code systemInstruction} and assistant messages the role {@code model}. The response text is
 * the concatenated text parts of the first candidate, thought parts left out.
 *
 * <p>Failures: a blocked prompt ({@code promptFeedback.blockReason}) and a blocking finish reason
 * ({@code SAFETY}, {@code RECITATION}, {@code BLOCKLIST}, {@code PROHIBITED_CONTENT}, {@code SPII},
 * {@code IMAGE_*}, and {@code OTHER} with no text) are {@code LlmContentBlocked}. {@code MAX_TOKENS}
 * is a success with {@link FinishReason#LENGTH}, even with no text. An {@code API_KEY_INVALID}
 * error, a 403 and a 400 {@code FAILED_PRECONDITION} are auth errors. A 402, and a 429 whose
 * {@code QuotaFailure} names a per-day quota, are exhausted quotas. A 429 takes its retry delay from
 * {@code RetryInfo}.
 *
 * <p>Thread-safe; the future completes on the transport's thread.
 */
public final class GeminiClient extends HttpProviderClient {

    private static final Set<String> BLOCKING_FINISH_REASONS =
            Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII");
    private static final Set<String> FAILED_FINISH_REASONS = Set.of("MALFORMED_FUNCTION_CALL",
            "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS", "NO_IMAGE", "LANGUAGE");
    private static final String RPC_TYPE_PREFIX = "type.googleapis.com/google.rpc.";

    /**
     * Creates a client for one Gemini endpoint.
     *
     * @throws IllegalArgumentException when {@code settings} is not of kind {@link ProviderKind#GEMINI}
     */
    public GeminiClient(ProviderSettings settings, HttpTransport transport) {
        this(settings, transport, Clock.systemUTC());
    }

    GeminiClient(ProviderSettings settings, HttpTransport transport, Clock clock) {
        super(settings, transport, clock, ProviderKind.GEMINI);
    }

    @Override
    URI chatUri(ProviderRequest request) {
        String model = request.model().startsWith("models/") ? request.model().substring(7) : request.model();
        return resolve("/models/" + pathSegment(model) + ":generateContent");
    }

    @Override
    ObjectNode requestBody(ProviderRequest request) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode systemParts = JSON.createArrayNode();
        ArrayNode contents = root.putArray("contents");
        for (ChatMessage message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> systemParts.addObject().put("text", message.content());
                case USER -> addContent(contents, "user", message.content());
                case ASSISTANT -> addContent(contents, "model", message.content());
            }
        }
        if (!systemParts.isEmpty()) {
            root.putObject("systemInstruction").set("parts", systemParts);
        }
        ObjectNode config = generationConfig(request.params());
        if (!config.isEmpty()) {
            root.set("generationConfig", config);
        }
        return root;
    }

    private static void addContent(ArrayNode contents, String role, String text) {
        ObjectNode content = contents.addObject().put("role", role);
        content.putArray("parts").addObject().put("text", text);
    }

    private static ObjectNode generationConfig(GenerationParams params) {
        ObjectNode config = JSON.createObjectNode();
        if (params.temperature() != null) {
            config.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            config.put("topP", params.topP());
        }
        if (params.maxOutputTokens() != null) {
            config.put("maxOutputTokens", params.maxOutputTokens());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            params.stop().forEach(stop::add);
        }
        if (params.seed() != null) {
            config.put("seed", params.seed());
        }
        if (Boolean.TRUE.equals(params.jsonOutput())) {
            config.put("responseMimeType", "application/json");
        }
        return config;
    }

    @Override
    Map<String, String> authHeaders() {
        String key = apiKey();
        return key == null ? Map.of() : Map.of("x-goog-api-key", key);
    }

    @Override
    ProviderResponse parseSuccess(ErrorFactory errors, JsonNode body) {
        JsonNode feedback = body.get("promptFeedback");
        String blockReason = text(feedback, "blockReason");
        if (blockReason != null) {
            // TODO: a blocked prompt still reports promptTokenCount, which is lost here because an
            // LlmException carries no usage, so the run records unknown usage for billed input.
            throw errors.blocked("prompt blocked (blockReason " + blockReason + ")",
                    text(feedback, "blockReasonMessage"));
        }
        JsonNode candidates = body.get("candidates");
        if (candidates == null || !candidates.isArray() || candidates.isEmpty() || !candidates.get(0).isObject()) {
            throw errors.providerError("HTTP 200 with no candidates", null);
        }
        JsonNode candidate = candidates.get(0);
        String text = candidateText(candidate);
        FinishReason finishReason = finishReason(errors, candidate, text);
        return new ProviderResponse(text, finishReason, usage(body.get("usageMetadata")));
    }

    private static String candidateText(JsonNode candidate) {
        JsonNode parts = candidate.path("content").path("parts");
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (!part.path("thought").asBoolean(false) && part.path("text").isTextual()) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    private static FinishReason finishReason(ErrorFactory errors, JsonNode candidate, String text) {
        String reason = text(candidate, "finishReason");
        String finishMessage = text(candidate, "finishMessage");
        if (reason == null || reason.equals("FINISH_REASON_UNSPECIFIED")) {
            if (text.isEmpty()) {
                throw errors.providerError("HTTP 200 with no text and no finish reason", finishMessage);
            }
            return FinishReason.OTHER;
        }
        if (BLOCKING_FINISH_REASONS.contains(reason) || reason.startsWith("IMAGE_")
                || reason.equals("OTHER") && text.isEmpty()) {
            throw errors.blocked("response blocked (finishReason " + reason + ")", finishMessage);
        }
        if (FAILED_FINISH_REASONS.contains(reason)) {
            throw errors.providerError("generation failed (finishReason " + reason + ")", finishMessage);
        }
        return switch (reason) {
            case "STOP" -> FinishReason.STOP;
            // Thinking tokens count against maxOutputTokens, so a small cap can end with no text at all.
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            default -> {
                if (text.isEmpty()) {
                    throw errors.providerError("HTTP 200 with no text (finishReason " + reason + ")", finishMessage);
                }
                yield FinishReason.OTHER;
            }
        };
    }

    /**
     * Reads {@code usageMetadata}. Proto3 JSON leaves out zero counts, so a missing count is 0 while
     * the object itself is present, and usage is unknown without it.
     */
    private static Usage usage(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return Usage.UNKNOWN;
        }
        int input = orZero(count(metadata, "promptTokenCount"));
        // thoughtsTokenCount is billed as output but is not part of candidatesTokenCount.
        int output = orZero(count(metadata, "candidatesTokenCount")) + orZero(count(metadata, "thoughtsTokenCount"));
        return Usage.of(input, output, count(metadata, "totalTokenCount"));
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    @Override
    LlmException errorFor(ErrorFactory errors, TransportResponse response, JsonNode body, String bodyText) {
        JsonNode error = errorObject(body);
        String message = error == null ? bodyText : text(error, "message");
        String status = text(error, "status");
        ErrorDetails details = ErrorDetails.of(error == null ? null : error.get("details"));
        int code = response.status();
        String label = ((status == null ? "" : status)
                + (details.reason == null ? "" : " (" + details.reason + ")")).strip();
        String summary = "HTTP " + code + (label.isEmpty() ? "" : " " + label);

        // Gemini rejects a bad key with 400, so the ErrorInfo reason decides before the status does.
        if ("API_KEY_INVALID".equals(details.reason)) {
            return errors.auth(summary + ", API key invalid", message);
        }
        return switch (code) {
            case 400 -> {
                if ("FAILED_PRECONDITION".equals(status)) {
                    yield errors.auth(summary + ", the API is not available to this account or region", message);
                }
                if (details.reason == null && message != null && message.contains("API key not valid")) {
                    yield errors.auth(summary + ", API key invalid", message);
                }
                yield errors.badRequest(summary + ", request rejected", message);
            }
            case 402 -> errors.rateLimited(summary + ", prepaid credits exhausted", message, details.retryDelay, true);
            case 403 -> errors.auth(summary + ", API key missing or not permitted", message);
            case 429 -> {
                Duration delay = details.retryDelay != null ? details.retryDelay : retryAfterHeaders(response);
                yield details.perDayQuota
                        ? errors.rateLimited(summary + ", daily quota exhausted", message, delay, true)
                        : errors.rateLimited(summary + ", rate limited", message, delay, false);
            }
            default -> errors.forStatus(code, label, message, null);
        };
    }

    /** Finds {@code error} in {@code {"error":{...}}}, or in the one-element array some Google front ends send. */
    private static JsonNode errorObject(JsonNode body) {
        JsonNode root = body != null && body.isArray() && !body.isEmpty() ? body.get(0) : body;
        JsonNode error = root == null ? null : root.get("error");
        return error != null && error.isObject() ? error : null;
    }

    /** Percent-encodes everything but the URL-safe characters of RFC 3986. */
    private static String pathSegment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** The structured parts of a {@code google.rpc.Status} that change the classification. */
    private record ErrorDetails(String reason, Duration retryDelay, boolean perDayQuota) {

        static ErrorDetails of(JsonNode details) {
            String reason = null;
            Duration retryDelay = null;
            boolean perDay = false;
            if (details != null && details.isArray()) {
                for (JsonNode detail : details) {
                    String type = text(detail, "@type");
                    if (type == null || !type.startsWith(RPC_TYPE_PREFIX)) {
                        continue;
                    }
                    switch (type.substring(RPC_TYPE_PREFIX.length())) {
                        case "ErrorInfo" -> reason = reason != null ? reason : text(detail, "reason");
                        case "RetryInfo" -> retryDelay = RetryDelays.protobufDuration(text(detail, "retryDelay"));
                        case "QuotaFailure" -> {
                            for (JsonNode violation : detail.path("violations")) {
                                String quotaId = text(violation, "quotaId");
                                perDay |= quotaId != null && quotaId.contains("PerDay");
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
            return new ErrorDetails(reason, retryDelay, perDay);
        }
    }
}

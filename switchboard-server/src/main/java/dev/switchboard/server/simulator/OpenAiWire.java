package dev.switchboard.server.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.ProviderKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAI chat completions format ({@code /v1/chat/completions}, {@code /v1/models}), with
 * errors shaped {@code {"error":{"message","type","param","code"}}}.
 */
final class OpenAiWire extends ProviderWire {

    private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
    private static final long CREATED = System.currentTimeMillis() / 1000;

    @Override
    ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    PresentedKey presentedKey(HttpServerRequest request) {
        return bearerKey(request);
    }

    @Override
    WireReply missingKey() {
        return error(401, "You didn't provide an API key. You need to provide your API key in an Authorization "
                + "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error",
                null, null);
    }

    @Override
    WireReply invalidKey() {
        // OpenAI quotes a masked form of the key here; the simulator leaves the key out entirely.
        return error(401, "Incorrect API key provided. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
    }

    @Override
    ChatCall parseChat(String pathModel, Buffer body, long startNanos) {
        JsonNode root = parseJson(body);
        if (root == null || !root.isObject()) {
            throw new InvalidRequest(error(400, "We could not parse the JSON body of your request. The OpenAI API "
                    + "expects a JSON payload, but what was sent was not valid JSON.", "invalid_request_error",
                    null, null));
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new InvalidRequest(error(400, "you must provide a model parameter", "invalid_request_error",
                    null, null));
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new InvalidRequest(error(400, "Missing required parameter: 'messages'.", "invalid_request_error",
                    "messages", "missing_required_parameter"));
        }
        if (messages.isEmpty()) {
            throw new InvalidRequest(error(400, "Invalid 'messages': empty array. Expected an array with minimum "
                    + "length 1, but got an empty array instead.", "invalid_request_error", "messages",
                    "empty_array"));
        }
        if (root.path("stream").asBoolean(false)) {
            throw new InvalidRequest(error(400, "Streaming is not simulated yet: send \"stream\": false or leave "
                    + "it out.", "invalid_request_error", "stream", null));
        }

        StringBuilder prompt = new StringBuilder();
        String lastUser = "";
        for (JsonNode message : messages) {
            int start = prompt.length();
            appendText(message.get("content"), prompt);
            if ("user".equals(message.path("role").asText())) {
                lastUser = prompt.substring(start);
            }
        }
        return new ChatCall(model.asText(), prompt.length(), lastUser, false, true, startNanos);
    }

    @Override
    WireReply modelNotFound(String model) {
        return error(404, "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", null, "model_not_found");
    }

    @Override
    WireReply answer(ChatCall call, String text) {
        return completion(call, text, "stop", Tokens.estimate(text.length()));
    }

    @Override
    WireReply contentBlocked(ChatCall call) {
        return completion(call, null, "content_filter", 0);
    }

    @Override
    WireReply rateLimited(ChatCall call, ModelBehavior behaviour) {
        Duration delay = behaviour.retryDelay();
        WireReply reply = behaviour.quota() == Quota.PER_DAY
                ? error(429, "You exceeded your current quota, please check your plan and billing details.",
                        "insufficient_quota", null, "insufficient_quota")
                : error(429, "Rate limit reached for " + call.model() + " on requests per min (RPM): Limit 60, "
                        + "Used 60, Requested 1. Please try again in " + DurationText.format(delay) + ".",
                        "requests", null, "rate_limit_exceeded");
        Map<CharSequence, CharSequence> headers = new LinkedHashMap<>();
        headers.put("retry-after", Long.toString(DurationText.retryAfterSeconds(delay)));
        headers.put("retry-after-ms", Long.toString(delay.toMillis()));
        headers.put("x-ratelimit-limit-requests", "60");
        headers.put("x-ratelimit-remaining-requests", "0");
        headers.put("x-ratelimit-reset-requests", DurationText.format(delay));
        headers.put(REQUEST_ID, requestId());
        return reply.withHeaders(headers);
    }

    @Override
    WireReply unavailable(ChatCall call) {
        return error(503, "The engine is currently overloaded, please try again later.", "server_error", null,
                null);
    }

    @Override
    WireReply serverError(ChatCall call) {
        return error(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null, null);
    }

    @Override
    WireReply modelList(Collection<String> models) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : models) {
            data.add(modelNode(model));
        }
        return WireReply.json(200, serialize(root));
    }

    @Override
    WireReply modelInfo(String model) {
        return WireReply.json(200, serialize(modelNode(model)));
    }

    @Override
    WireReply unknownPath(HttpServerRequest request) {
        return error(404, "Invalid URL (" + request.method() + " " + request.path() + ")", "invalid_request_error",
                null, null);
    }

    private static ObjectNode modelNode(String model) {
        return JSON.createObjectNode()
                .put("id", model)
                .put("object", "model")
                .put("created", CREATED)
                .put("owned_by", "switchboard-simulator");
    }

    private static WireReply completion(ChatCall call, String text, String finishReason, int completionTokens) {
        int promptTokens = call.promptTokens();
        StringBuilder out = new StringBuilder(512 + (text == null ? 0 : text.length()));
        out.append("{\"id\":\"chatcmpl-").append(ReplyText.alphanumeric(29))
                .append("\",\"object\":\"chat.completion\",\"created\":").append(System.currentTimeMillis() / 1000)
                .append(",\"model\":");
        quoted(out, call.model());
        out.append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
        if (text == null) {
            out.append("null");
        } else {
            quoted(out, text);
        }
        out.append(",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"")
                .append(finishReason)
                .append("\"}],\"usage\":{\"prompt_tokens\":").append(promptTokens)
                .append(",\"completion_tokens\":").append(completionTokens)
                .append(",\"total_tokens\":").append(promptTokens + completionTokens)
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
                        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_switchboard_sim\"}");
        return WireReply.json(200, Buffer.buffer(out.toString())).withHeaders(Map.of(REQUEST_ID, requestId()));
    }

    private static WireReply error(int status, String message, String type, String param, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return WireReply.json(status, serialize(root)).withHeaders(Map.of(REQUEST_ID, requestId()));
    }

    private static String requestId() {
        return "req_" + ReplyText.hex(32);
    }
}

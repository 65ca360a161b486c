package dev.switchboard.server.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.server.simulator.RecordedRequest.Credential;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;

/**
 * The Gemini API format ({@code /v1beta/models/{model}:generateContent}, {@code /v1beta/models}),
 * with {@code google.rpc.Status} error bodies.
 */
final class GeminiWire extends ProviderWire {

    private static final CharSequence JSON_UTF8 = HttpHeaders.createOptimized("application/json; charset=UTF-8");
    private static final String RATE_LIMIT_DOCS = "https://ai.google.dev/gemini-api/docs/rate-limits";

    @Override
    ProviderKind kind() {
        return ProviderKind.GEMINI;
    }

    @Override
    PresentedKey presentedKey(HttpServerRequest request) {
        String header = request.getHeader("x-goog-api-key");
        if (header != null && !header.isBlank()) {
            return new PresentedKey(Credential.GOOG_API_KEY_HEADER, header.strip());
        }
        // The real API still takes ?key=; the simulator accepts it too but never records or logs URLs with it.
        String query = request.getParam("key");
        if (query != null && !query.isBlank()) {
            return new PresentedKey(Credential.KEY_QUERY_PARAMETER, query.strip());
        }
        return PresentedKey.NONE;
    }

    @Override
    WireReply missingKey() {
        return error(403, "Method doesn't allow unregistered callers (callers without established identity). "
                + "Please use API Key or other form of API consumer identity to call this API.",
                "PERMISSION_DENIED", null);
    }

    @Override
    WireReply invalidKey() {
        String message = "API key not valid. Please pass a valid API key.";
        ArrayNode details = JSON.createArrayNode();
        ObjectNode info = details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .put("reason", "API_KEY_INVALID")
                .put("domain", "googleapis.com");
        info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.LocalizedMessage")
                .put("locale", "en-US")
                .put("message", message);
        return error(400, message, "INVALID_ARGUMENT", details);
    }

    @Override
    ChatCall parseChat(String pathModel, Buffer body, long startNanos) {
        JsonNode root = parseJson(body);
        if (root == null || !root.isObject()) {
            throw new InvalidRequest(error(400, "Invalid JSON payload received. Unexpected token.",
                    "INVALID_ARGUMENT", null));
        }
        JsonNode contents = root.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw new InvalidRequest(error(400, "* GenerateContentRequest.contents: contents is not specified\n",
                    "INVALID_ARGUMENT", null));
        }

        StringBuilder prompt = new StringBuilder();
        appendText(root.path("systemInstruction").get("parts"), prompt);
        String lastUser = "";
        for (JsonNode content : contents) {
            String role = content.path("role").asText("user");
            if (role.equals("system")) {
                throw new InvalidRequest(error(400, "Please use a valid role: user, model.", "INVALID_ARGUMENT",
                        null));
            }
            int start = prompt.length();
            appendText(content.get("parts"), prompt);
            if (role.equals("user")) {
                lastUser = prompt.substring(start);
            }
        }
        return new ChatCall(pathModel, prompt.length(), lastUser, false, true, startNanos);
    }

    /** Builds the 400 for {@code :streamGenerateContent}, which the simulator does not serve. */
    WireReply streamingNotSimulated() {
        return error(400, "Streaming is not simulated yet: call :generateContent instead of "
                + ":streamGenerateContent.", "INVALID_ARGUMENT", null);
    }

    @Override
    WireReply modelNotFound(String model) {
        return error(404, "models/" + model + " is not found for API version v1beta, or is not supported for "
                + "generateContent. Call ListModels to see the list of available models and their supported "
                + "methods.", "NOT_FOUND", null);
    }

    @Override
    WireReply answer(ChatCall call, String text) {
        int promptTokens = call.promptTokens();
        int candidateTokens = Tokens.estimate(text.length());
        StringBuilder out = new StringBuilder(400 + text.length());
        out.append("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":");
        quoted(out, text);
        out.append("}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{")
                .append("\"promptTokenCount\":").append(promptTokens)
                .append(",\"candidatesTokenCount\":").append(candidateTokens)
                .append(",\"totalTokenCount\":").append(promptTokens + candidateTokens)
                .append(",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":").append(promptTokens)
                .append("}]},\"modelVersion\":");
        quoted(out, call.model());
        out.append(",\"responseId\":\"").append(ReplyText.alphanumeric(22)).append("\"}");
        return WireReply.of(200, JSON_UTF8, Buffer.buffer(out.toString()));
    }

    @Override
    WireReply contentBlocked(ChatCall call) {
        int promptTokens = call.promptTokens();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode feedback = root.putObject("promptFeedback").put("blockReason", "SAFETY");
        ArrayNode ratings = feedback.putArray("safetyRatings");
        rating(ratings, "HARM_CATEGORY_SEXUALLY_EXPLICIT", "NEGLIGIBLE", false);
        rating(ratings, "HARM_CATEGORY_HATE_SPEECH", "NEGLIGIBLE", false);
        rating(ratings, "HARM_CATEGORY_HARASSMENT", "NEGLIGIBLE", false);
        rating(ratings, "HARM_CATEGORY_DANGEROUS_CONTENT", "HIGH", true);
        root.putObject("usageMetadata").put("promptTokenCount", promptTokens).put("totalTokenCount", promptTokens);
        root.put("modelVersion", call.model());
        root.put("responseId", ReplyText.alphanumeric(22));
        return WireReply.of(200, JSON_UTF8, serialize(root));
    }

    @Override
    WireReply rateLimited(ChatCall call, ModelBehavior behaviour) {
        boolean daily = behaviour.quota() == Quota.PER_DAY;
        String delay = DurationText.protobuf(behaviour.retryDelay());
        String limit = daily ? "250" : "10";
        String message = "You exceeded your current quota, please check your plan and billing details. For more "
                + "information on this error, head to: " + RATE_LIMIT_DOCS + ".\n* Quota exceeded for metric: "
                + "generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: " + limit
                + ", model: " + call.model() + "\nPlease retry in " + delay + ".";

        ArrayNode details = JSON.createArrayNode();
        ObjectNode violation = details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                .putArray("violations").addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                .put("quotaId", daily
                        ? "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
                        : "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        violation.putObject("quotaDimensions").put("location", "global").put("model", call.model());
        violation.put("quotaValue", limit);
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.Help")
                .putArray("links").addObject()
                .put("description", "Learn more about Gemini API quotas")
                .put("url", RATE_LIMIT_DOCS);
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", delay);
        return error(429, message, "RESOURCE_EXHAUSTED", details);
    }

    @Override
    WireReply unavailable(ChatCall call) {
        return error(503, "The model is overloaded. Please try again later.", "UNAVAILABLE", null);
    }

    @Override
    WireReply serverError(ChatCall call) {
        return error(500, "An internal error has occurred. Please retry or report in "
                + "https://developers.generativeai.google/guide/troubleshooting", "INTERNAL", null);
    }

    @Override
    WireReply modelList(Collection<String> models) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("models");
        for (String model : models) {
            list.add(modelNode(model));
        }
        return WireReply.of(200, JSON_UTF8, serialize(root));
    }

    @Override
    WireReply modelInfo(String model) {
        return WireReply.of(200, JSON_UTF8, serialize(modelNode(model)));
    }

    @Override
    WireReply unknownPath(HttpServerRequest request) {
        return error(404, "Requested entity was not found.", "NOT_FOUND", null);
    }

    private static ObjectNode modelNode(String model) {
        ObjectNode node = JSON.createObjectNode()
                .put("name", "models/" + model)
                .put("version", "001")
                .put("displayName", model)
                .put("description", "A model simulated by switchboard-simulator")
                .put("inputTokenLimit", 1_048_576)
                .put("outputTokenLimit", 65_536);
        node.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
        return node;
    }

    private static void rating(ArrayNode ratings, String category, String probability, boolean blocked) {
        ObjectNode rating = ratings.addObject().put("category", category).put("probability", probability);
        if (blocked) {
            rating.put("blocked", true);
        }
    }

    private static WireReply error(int status, String message, String statusName, ArrayNode details) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", status).put("message", message)
                .put("status", statusName);
        if (details != null) {
            error.set("details", details);
        }
        return WireReply.of(status, JSON_UTF8, serialize(root));
    }
}

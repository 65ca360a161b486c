package dev.switchboard.server.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.ProviderKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Ollama's native format ({@code /api/chat}, {@code /api/tags}, {@code /}), with errors shaped
 * {@code {"error":"text"}}.
 */
final class OllamaWire extends ProviderWire {

    static final CharSequence NDJSON = HttpHeaders.createOptimized("application/x-ndjson");
    static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain; charset=utf-8");

    /** A local model refuses in words: Ollama has no content-filter status or done reason. */
    static final String REFUSAL = "I'm sorry, but I can't help with that request.";

    private static final String MODIFIED_AT = Instant.now().toString();

    @Override
    ProviderKind kind() {
        return ProviderKind.OLLAMA;
    }

    @Override
    PresentedKey presentedKey(HttpServerRequest request) {
        return bearerKey(request);
    }

    @Override
    WireReply missingKey() {
        return error(401, "unauthorized");
    }

    @Override
    WireReply invalidKey() {
        return error(401, "unauthorized");
    }

    @Override
    ChatCall parseChat(String pathModel, Buffer body, long startNanos) {
        if (body.length() == 0) {
            throw new InvalidRequest(error(400, "missing request body"));
        }
        JsonNode root = parseJson(body);
        if (root == null || !root.isObject()) {
            throw new InvalidRequest(error(400, "invalid character in request body: not a JSON object"));
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new InvalidRequest(error(400, "model is required"));
        }
        // Ollama streams unless the request sets "stream": false.
        boolean stream = root.path("stream").asBoolean(true);
        JsonNode messages = root.get("messages");
        boolean hasMessages = messages != null && messages.isArray() && !messages.isEmpty();

        StringBuilder prompt = new StringBuilder();
        String lastUser = "";
        if (hasMessages) {
            for (JsonNode message : messages) {
                int start = prompt.length();
                appendText(message.get("content"), prompt);
                if ("user".equals(message.path("role").asText())) {
                    lastUser = prompt.substring(start);
                }
            }
        }
        return new ChatCall(model.asText(), prompt.length(), lastUser, stream, hasMessages, startNanos);
    }

    @Override
    WireReply modelNotFound(String model) {
        return error(404, "model \"" + model + "\" not found, try pulling it first");
    }

    @Override
    WireReply answer(ChatCall call, String text) {
        if (!call.hasMessages()) {
            return loaded(call);
        }
        long total = Math.max(3, System.nanoTime() - call.startNanos());
        long load = Math.max(1, total / 20);
        long promptEval = Math.max(1, (total - load) / 4);
        long eval = Math.max(1, total - load - promptEval);

        StringBuilder out = new StringBuilder(400 + text.length());
        out.append("{\"model\":");
        quoted(out, call.model());
        out.append(",\"created_at\":\"").append(Instant.now()).append("\",\"message\":{\"role\":\"assistant\","
                + "\"content\":");
        quoted(out, text);
        out.append("},\"done_reason\":\"stop\",\"done\":true")
                .append(",\"total_duration\":").append(total)
                .append(",\"load_duration\":").append(load)
                .append(",\"prompt_eval_count\":").append(call.promptTokens())
                .append(",\"prompt_eval_duration\":").append(promptEval)
                .append(",\"eval_count\":").append(Math.max(1, Tokens.estimate(text.length())))
                .append(",\"eval_duration\":").append(eval)
                .append('}');
        return chatReply(call, out);
    }

    @Override
    WireReply contentBlocked(ChatCall call) {
        return answer(call, REFUSAL);
    }

    @Override
    WireReply rateLimited(ChatCall call, ModelBehavior behaviour) {
        String retry = "please retry in " + DurationText.format(behaviour.retryDelay());
        return error(429, behaviour.quota() == Quota.PER_DAY
                ? "you have reached your daily usage limit, " + retry
                : "rate limit exceeded, " + retry);
    }

    @Override
    WireReply unavailable(ChatCall call) {
        return error(503, "server busy, please try again.  maximum pending requests exceeded");
    }

    @Override
    WireReply serverError(ChatCall call) {
        return error(500, "an error was encountered while running the model");
    }

    @Override
    WireReply modelList(Collection<String> models) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("models");
        for (String model : models) {
            list.add(modelNode(model));
        }
        return WireReply.json(200, serialize(root));
    }

    @Override
    WireReply modelInfo(String model) {
        return WireReply.json(200, serialize(modelNode(model)));
    }

    @Override
    WireReply unknownPath(HttpServerRequest request) {
        // Ollama's router returns Go's plain-text 404 for unknown paths.
        return WireReply.of(404, TEXT_PLAIN, Buffer.buffer("404 page not found"));
    }

    /** Builds the {@code GET /} health response. */
    WireReply running() {
        return WireReply.of(200, TEXT_PLAIN, Buffer.buffer("Ollama is running"));
    }

    /** Builds the {@code GET /api/version} response. */
    WireReply version() {
        return WireReply.json(200, Buffer.buffer("{\"version\":\"0.0.0-switchboard-simulator\"}"));
    }

    /** Builds the response to a request without messages, which only loads the model, so it carries no metrics. */
    private static WireReply loaded(ChatCall call) {
        StringBuilder out = new StringBuilder(160);
        out.append("{\"model\":");
        quoted(out, call.model());
        out.append(",\"created_at\":\"").append(Instant.now())
                .append("\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"load\","
                        + "\"done\":true}");
        return chatReply(call, out);
    }

    private static WireReply chatReply(ChatCall call, StringBuilder json) {
        if (call.stream()) {
            // A stream of one line: the final done:true object with the whole answer.
            return WireReply.of(200, NDJSON, Buffer.buffer(json.append('\n').toString()));
        }
        return WireReply.json(200, Buffer.buffer(json.toString()));
    }

    private static ObjectNode modelNode(String model) {
        String digest = sha256(model);
        ObjectNode node = JSON.createObjectNode()
                .put("name", model)
                .put("model", model)
                .put("modified_at", MODIFIED_AT)
                .put("size", 1_000_000_000L)
                .put("digest", digest);
        ObjectNode details = node.putObject("details")
                .put("parent_model", "")
                .put("format", "gguf")
                .put("family", "simulated");
        details.putArray("families").add("simulated");
        details.put("parameter_size", "1B").put("quantization_level", "Q4_K_M");
        return node;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static WireReply error(int status, String message) {
        ObjectNode root = JSON.createObjectNode().put("error", message);
        return WireReply.json(status, serialize(root));
    }
}

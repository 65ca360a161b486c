package dev.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ChatMessage;
import dev.switchboard.ChatRequest;
import dev.switchboard.GenerationParams;
import dev.switchboard.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an OpenAI {@code POST /v1/chat/completions} body into a {@link ChatRequest}. The
 * {@code model} field names a Switchboard profile.
 */
final class ChatCompletionParser {

    static final int MAX_MESSAGES = 4096;

    private final ObjectMapper mapper;

    ChatCompletionParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ChatRequest parse(byte[] body, String workspaceId, String stage) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw GatewayError.invalid(null, "the request body is not valid JSON; send a chat completion object"
                    + " such as {\"model\":\"PROFILE\",\"messages\":[{\"role\":\"user\",\"content\":\"...\"}]}");
        }
        if (root == null || !root.isObject()) {
            throw GatewayError.invalid(null, "the request body must be a JSON object");
        }
        JsonNode stream = root.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw GatewayError.invalid("stream", "'stream' must be true or false");
        }
        if (root.path("n").canConvertToInt() && root.path("n").asInt() != 1) {
            throw new GatewayError(400, "invalid_request_error", "unsupported_value", "n",
                    "only one choice per request is supported; send \"n\": 1 or leave it out");
        }
        for (String unsupported : List.of("tools", "functions", "tool_choice")) {
            if (root.hasNonNull(unsupported)) {
                throw new GatewayError(400, "invalid_request_error", "unsupported_value", unsupported,
                        "tool calls are not supported by this gateway yet; remove '" + unsupported + "'");
            }
        }
        if (stream.asBoolean(false)) {
            throw new GatewayError(400, "invalid_request_error", "unsupported_value", "stream",
                    "streaming is not supported by this gateway yet; send \"stream\": false");
        }
        JsonNode model = root.path("model");
        if (model.isMissingNode() || model.isNull() || (model.isTextual() && model.asText().isBlank())) {
            throw GatewayError.invalid("model", "'model' is missing; set it to a profile name listed by GET /v1/models");
        }
        if (!model.isTextual()) {
            throw GatewayError.invalid("model", "'model' must be a string naming a profile listed by GET /v1/models");
        }
        List<ChatMessage> messages = messages(root.path("messages"));
        GenerationParams params = params(root);
        try {
            return new ChatRequest(workspaceId, stage, model.asText(), messages, params, java.util.Map.of());
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalid(null, e.getMessage());
        }
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw GatewayError.invalid("messages", "'messages' must be a non-empty array of {role, content}");
        }
        // A request is parsed, routed and serialised again on an event loop. Tens of thousands of
        // messages (about 1 s of work at 50,000, measured here) would stall every other request there.
        if (node.size() > MAX_MESSAGES) {
            throw GatewayError.invalid("messages", "'messages' has " + node.size() + " entries; the limit is "
                    + MAX_MESSAGES + ", so shorten the conversation");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            String param = "messages[" + i + "]";
            Role role = role(message.path("role").asText(""), param);
            messages.add(new ChatMessage(role, content(message.path("content"), param)));
        }
        return messages;
    }

    private static Role role(String role, String param) {
        return switch (role.toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default -> throw GatewayError.invalid(param + ".role", "unsupported role '" + role
                    + "'; use system, developer, user or assistant");
        };
    }

    private static String content(JsonNode content, String param) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw GatewayError.invalid(param + ".content", "only text content parts are supported, got type '"
                            + part.path("type").asText() + "'");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw GatewayError.invalid(param + ".content", "content must be a string or an array of text parts");
    }

    private static GenerationParams params(JsonNode root) {
        try {
            Double temperature = root.hasNonNull("temperature") ? number(root, "temperature") : null;
            Double topP = root.hasNonNull("top_p") ? number(root, "top_p") : null;
            Integer maxTokens = null;
            for (String field : List.of("max_completion_tokens", "max_tokens")) {
                if (root.hasNonNull(field)) {
                    if (!root.get(field).canConvertToInt()) {
                        throw GatewayError.invalid(field, "'" + field + "' must be a whole number");
                    }
                    maxTokens = root.get(field).asInt();
                    break;
                }
            }
            List<String> stop = null;
            JsonNode stopNode = root.path("stop");
            if (stopNode.isTextual()) {
                stop = List.of(stopNode.asText());
            } else if (stopNode.isArray()) {
                stop = new ArrayList<>();
                for (JsonNode item : stopNode) {
                    stop.add(item.asText());
                }
            }
            Long seed = root.hasNonNull("seed") ? root.get("seed").asLong() : null;
            String format = root.path("response_format").path("type").asText("");
            Boolean json = format.equals("json_object") || format.equals("json_schema") ? Boolean.TRUE : null;
            return new GenerationParams(temperature, topP, maxTokens, stop, seed, json);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalid(null, e.getMessage());
        }
    }

    private static Double number(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (!value.isNumber()) {
            throw GatewayError.invalid(field, "'" + field + "' must be a number");
        }
        return value.asDouble();
    }
}

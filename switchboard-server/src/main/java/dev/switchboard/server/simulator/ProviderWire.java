package dev.switchboard.server.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.provider.ProviderKind;
import dev.switchboard.server.simulator.RecordedRequest.Credential;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.Collection;

/**
 * One provider's wire format: how its requests carry keys and prompts, and the exact shape of its
 * answers and errors.
 */
abstract class ProviderWire {

    static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    abstract ProviderKind kind();

    /** The key the request carries, read the way this provider's servers read it. */
    abstract PresentedKey presentedKey(HttpServerRequest request);

    abstract WireReply missingKey();

    abstract WireReply invalidKey();

    /**
     * Reads a chat request.
     *
     * @param pathModel the model named in the path (Gemini), or null when the body names it
     * @throws InvalidRequest with the provider's 400 reply when the body is not a valid request
     */
    abstract ChatCall parseChat(String pathModel, Buffer body, long startNanos);

    abstract WireReply modelNotFound(String model);

    /** Builds a normal response with {@code text}. It is built when sent, so durations include the latency. */
    abstract WireReply answer(ChatCall call, String text);

    abstract WireReply contentBlocked(ChatCall call);

    abstract WireReply rateLimited(ChatCall call, ModelBehavior behaviour);

    abstract WireReply unavailable(ChatCall call);

    abstract WireReply serverError(ChatCall call);

    abstract WireReply modelList(Collection<String> models);

    abstract WireReply modelInfo(String model);

    abstract WireReply unknownPath(HttpServerRequest request);

    /** Builds the reply for {@code fault}, where {@link Fault#NONE} gives the normal response. */
    final WireReply replyFor(Fault fault, ChatCall call, ModelBehavior behaviour, String text) {
        return switch (fault) {
            case NONE -> answer(call, text);
            case RATE_LIMITED -> rateLimited(call, behaviour);
            case UNAVAILABLE -> unavailable(call);
            case INVALID_KEY -> invalidKey();
            case MALFORMED -> answer(call, text).truncated();
            case CONTENT_BLOCKED -> contentBlocked(call);
            case CONNECTION_RESET -> WireReply.RESET;
            case SERVER_ERROR -> serverError(call);
        };
    }

    static PresentedKey bearerKey(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return PresentedKey.NONE;
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return value.isEmpty() ? PresentedKey.NONE : new PresentedKey(Credential.AUTHORIZATION_BEARER, value);
    }

    /**
     * Parses a request body.
     *
     * @return the tree, or null when the body is not JSON
     */
    static JsonNode parseJson(Buffer body) {
        if (body.length() == 0) {
            return null;
        }
        try {
            return JSON.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    static Buffer serialize(Object tree) {
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new IllegalStateException("could not serialise a simulated response", e);
        }
    }

    /** Appends {@code text} as a JSON string literal, quotes included. */
    static StringBuilder quoted(StringBuilder out, String text) {
        out.append('"');
        ENCODER.quoteAsString(text, out);
        return out.append('"');
    }

    /** Appends the text of every {@code "text"} field of the parts, or the node itself when it is a string. */
    static int appendText(JsonNode content, StringBuilder out) {
        int before = out.length();
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            out.append(content.asText());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode text = part.get("text");
                if (text != null && text.isTextual()) {
                    out.append(text.asText());
                }
            }
        }
        return out.length() - before;
    }
}

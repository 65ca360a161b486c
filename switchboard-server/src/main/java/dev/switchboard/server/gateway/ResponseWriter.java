package dev.switchboard.server.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.ChatResponse;
import dev.switchboard.Usage;
import dev.switchboard.error.LlmException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.OptionalInt;

/** Writes OpenAI-format response bodies with Jackson's streaming generator. */
final class ResponseWriter {

    private final JsonFactory factory;

    ResponseWriter(JsonFactory factory) {
        this.factory = factory;
    }

    byte[] completion(ChatResponse response, long createdEpochSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + response.text().length());
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", "chatcmpl-" + response.llmRunId());
            json.writeStringField("object", "chat.completion");
            json.writeNumberField("created", createdEpochSeconds);
            json.writeStringField("model", response.model());
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            json.writeObjectFieldStart("message");
            json.writeStringField("role", "assistant");
            json.writeStringField("content", response.text());
            json.writeEndObject();
            json.writeStringField("finish_reason", response.finishReason().openAiName());
            json.writeEndObject();
            json.writeEndArray();
            writeUsage(json, response.usage());
            json.writeStringField("llm_run_id", response.llmRunId());
            json.writeStringField("provider", response.provider());
            json.writeNumberField("attempts", response.attempts());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeUsage(JsonGenerator json, Usage usage) throws IOException {
        json.writeObjectFieldStart("usage");
        writeCount(json, "prompt_tokens", usage.inputTokens());
        writeCount(json, "completion_tokens", usage.outputTokens());
        writeCount(json, "total_tokens", usage.totalTokens());
        json.writeEndObject();
    }

    private static void writeCount(JsonGenerator json, String field, OptionalInt count) throws IOException {
        if (count.isPresent()) {
            json.writeNumberField(field, count.getAsInt());
        } else {
            json.writeNullField(field);
        }
    }

    byte[] error(String message, String type, String code, String param, String llmRunId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", message);
            json.writeStringField("type", type);
            if (param == null) {
                json.writeNullField("param");
            } else {
                json.writeStringField("param", param);
            }
            json.writeStringField("code", code);
            if (llmRunId != null) {
                json.writeStringField("llm_run_id", llmRunId);
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    byte[] models(Collection<String> profiles, long createdEpochSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 64 * profiles.size());
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (String profile : profiles) {
                json.writeStartObject();
                json.writeStringField("id", profile);
                json.writeStringField("object", "model");
                json.writeNumberField("created", createdEpochSeconds);
                json.writeStringField("owned_by", "switchboard");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The HTTP status, OpenAI error type and Retry-After seconds for a failed call. */
    static int status(LlmException failure) {
        return switch (failure.errorCode()) {
            case AUTH -> 401;
            case BAD_REQUEST, CONTENT_BLOCKED -> 400;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case PROVIDER_ERROR -> 502;
        };
    }

    static String type(LlmException failure) {
        return switch (failure.errorCode()) {
            case AUTH -> "authentication_error";
            case BAD_REQUEST -> "invalid_request_error";
            case CONTENT_BLOCKED -> "content_policy_violation";
            case RATE_LIMITED -> "rate_limit_error";
            case UNAVAILABLE -> "service_unavailable";
            case TIMEOUT -> "timeout";
            case PROVIDER_ERROR -> "api_error";
        };
    }
}

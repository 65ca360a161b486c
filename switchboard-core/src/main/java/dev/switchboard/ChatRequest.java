package dev.switchboard;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat call from a pipeline stage.
 *
 * @param workspaceId the tenant or workspace the call is made for; recorded, never used as a metric tag
 * @param stage the pipeline stage making the call, such as {@code extract} or {@code summarize}
 * @param profile the configured profile that decides which deployments serve the call
 * @param messages the conversation, at least one message
 * @param params generation settings; {@link GenerationParams#DEFAULT} for the profile's defaults
 * @param metadata free-form labels kept with the run
 */
public record ChatRequest(String workspaceId, String stage, String profile, List<ChatMessage> messages,
        GenerationParams params, Map<String, String> metadata) {

    public ChatRequest {
        requireText("workspaceId", workspaceId);
        requireText("stage", stage);
        requireText("profile", profile);
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must contain at least one message");
        }
        messages = List.copyOf(messages);
        params = params == null ? GenerationParams.DEFAULT : params;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Starts a request for the given workspace, stage and profile. */
    public static Builder builder(String workspaceId, String stage, String profile) {
        return new Builder(workspaceId, stage, profile);
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be a non-blank string, got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /** A mutable builder for {@link ChatRequest}. */
    public static final class Builder {
        private final String workspaceId;
        private final String stage;
        private final String profile;
        private final java.util.ArrayList<ChatMessage> messages = new java.util.ArrayList<>();
        private GenerationParams params = GenerationParams.DEFAULT;
        private final java.util.LinkedHashMap<String, String> metadata = new java.util.LinkedHashMap<>();

        private Builder(String workspaceId, String stage, String profile) {
            this.workspaceId = workspaceId;
            this.stage = stage;
            this.profile = profile;
        }

        public Builder system(String content) {
            messages.add(ChatMessage.system(content));
            return this;
        }

        public Builder user(String content) {
            messages.add(ChatMessage.user(content));
            return this;
        }

        public Builder assistant(String content) {
            messages.add(ChatMessage.assistant(content));
            return this;
        }

        public Builder message(ChatMessage message) {
            messages.add(message);
            return this;
        }

        public Builder params(GenerationParams params) {
            this.params = params;
            return this;
        }

        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(workspaceId, stage, profile, messages, params, metadata);
        }
    }
}

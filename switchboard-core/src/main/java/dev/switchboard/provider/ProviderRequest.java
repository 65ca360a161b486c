package dev.switchboard.provider;

import dev.switchboard.ChatMessage;
import dev.switchboard.GenerationParams;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One attempt's request to a provider: the model, the final parameters after the profile's
 * defaults were applied, and the attempt's timeout.
 *
 * @param model the model id
 * @param messages the conversation
 * @param params the generation settings
 * @param timeout the limit on this attempt, from sending to the last byte of the answer
 */
public record ProviderRequest(String model, List<ChatMessage> messages, GenerationParams params, Duration timeout) {

    public ProviderRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        params = params == null ? GenerationParams.DEFAULT : params;
        Objects.requireNonNull(timeout, "timeout");
    }
}

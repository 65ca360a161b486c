package dev.switchboard.provider;

import dev.switchboard.FinishReason;
import dev.switchboard.Usage;
import java.util.Objects;

/**
 * A provider's successful answer.
 *
 * @param text the generated text, thought parts left out
 * @param finishReason why generation stopped
 * @param usage the counts the provider reported
 */
public record ProviderResponse(String text, FinishReason finishReason, Usage usage) {

    public ProviderResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }
}

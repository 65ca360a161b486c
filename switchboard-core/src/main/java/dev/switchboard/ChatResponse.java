package dev.switchboard;

import java.time.Duration;

/**
 * The answer to a {@link ChatRequest}.
 *
 * @param llmRunId the run's identifier, as stored in {@code llm_runs}
 * @param text the generated text, possibly empty when {@code finishReason} is LENGTH
 * @param finishReason why generation stopped
 * @param usage token counts of the answering attempt
 * @param provider the configured name of the provider that answered
 * @param model the model that answered
 * @param latency the time from the call to the answer, retries and fallbacks included
 * @param providerTime the time spent waiting on providers, summed over attempts
 * @param attempts the number of provider attempts, 1 when the first one answered
 */
public record ChatResponse(String llmRunId, String text, FinishReason finishReason, Usage usage,
        String provider, String model, Duration latency, Duration providerTime, int attempts) {
}

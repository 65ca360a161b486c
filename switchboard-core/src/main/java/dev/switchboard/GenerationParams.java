package dev.switchboard;

import java.util.List;

/**
 * Sampling and length settings for one call. Every field is nullable: null means the provider's
 * default, or the deployment's when {@link #withDefaults} is applied.
 *
 * @param temperature sampling temperature, 0 or more
 * @param topP nucleus sampling mass, in (0, 1]
 * @param maxOutputTokens the cap on generated tokens, 1 or more
 * @param stop stop sequences, at most 4 (the smallest limit among the supported providers)
 * @param seed a sampling seed where the provider supports one
 * @param jsonOutput whether the answer must be a JSON object
 */
public record GenerationParams(Double temperature, Double topP, Integer maxOutputTokens,
        List<String> stop, Long seed, Boolean jsonOutput) {

    public static final GenerationParams DEFAULT = new GenerationParams(null, null, null, null, null, null);

    public GenerationParams {
        if (temperature != null && (temperature < 0 || temperature.isNaN())) {
            throw new IllegalArgumentException("temperature must be 0 or more, got " + temperature);
        }
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("max output tokens must be 1 or more, got " + maxOutputTokens);
        }
        if (stop != null) {
            if (stop.size() > 4) {
                throw new IllegalArgumentException("at most 4 stop sequences are supported, got " + stop.size());
            }
            stop = List.copyOf(stop);
        }
    }

    /** Returns these parameters with every null field taken from {@code defaults}. */
    public GenerationParams withDefaults(GenerationParams defaults) {
        if (defaults == null || defaults.equals(DEFAULT)) {
            return this;
        }
        return new GenerationParams(
                temperature != null ? temperature : defaults.temperature,
                topP != null ? topP : defaults.topP,
                maxOutputTokens != null ? maxOutputTokens : defaults.maxOutputTokens,
                stop != null ? stop : defaults.stop,
                seed != null ? seed : defaults.seed,
                jsonOutput != null ? jsonOutput : defaults.jsonOutput);
    }
}

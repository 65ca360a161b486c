package dev.switchboard.routing;

import dev.switchboard.GenerationParams;
import java.util.Objects;

/**
 * A model on a provider, as one entry of a profile.
 *
 * @param provider the configured provider name
 * @param model the model id the provider knows, such as {@code gemini-2.5-flash}
 * @param params defaults for this deployment; request parameters override them
 * @param weight the share of traffic in a balanced profile, 1 or more
 */
public record Deployment(String provider, String model, GenerationParams params, int weight) {

    public Deployment {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("deployment on provider '" + provider + "': model must not be blank");
        }
        params = params == null ? GenerationParams.DEFAULT : params;
        if (weight < 1) {
            throw new IllegalArgumentException("deployment " + provider + "/" + model
                    + ": weight must be 1 or more, got " + weight);
        }
    }

    public static Deployment of(String provider, String model) {
        return new Deployment(provider, model, GenerationParams.DEFAULT, 1);
    }

    /** The {@code provider/model} key used for cooldowns and messages. */
    public String key() {
        return provider + "/" + model;
    }
}

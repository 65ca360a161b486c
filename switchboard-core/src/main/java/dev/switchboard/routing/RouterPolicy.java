package dev.switchboard.routing;

/**
 * Operator overrides applied to every profile, changeable while the service runs.
 *
 * @param preferredProvider a provider name whose deployments move to the front of every
 *     profile that has any, or null for the profiles' own order
 */
public record RouterPolicy(String preferredProvider) {

    public static final RouterPolicy DEFAULT = new RouterPolicy(null);

    public RouterPolicy {
        if (preferredProvider != null && preferredProvider.isBlank()) {
            preferredProvider = null;
        }
    }
}

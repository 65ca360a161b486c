package dev.switchboard.routing;

/** How a profile orders its deployments for each call. */
public enum RoutingMode {
    /** Always in the configured order: the first deployment takes all traffic while it works. */
    ORDERED,
    /** Spread by weight: each call starts at a deployment drawn by weight, the rest follow as fallbacks. */
    BALANCED
}

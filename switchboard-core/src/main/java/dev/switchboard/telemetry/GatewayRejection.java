package dev.switchboard.telemetry;

/**
 * The reasons for which the gateway rejects a request before calling any provider, as counted
 * by {@code switchboard_gateway_rejected_total{reason}}. The set is closed so that the metric
 * has a bounded number of series.
 */
public enum GatewayRejection {
    /** The gateway key is missing or wrong (HTTP 401). */
    UNAUTHORIZED("unauthorized"),
    /** The caller may not use the requested profile or endpoint (HTTP 403). */
    FORBIDDEN("forbidden"),
    /** The body or a parameter is invalid, or the profile is unknown (HTTP 400). */
    BAD_REQUEST("bad_request"),
    /** No route matches the path (HTTP 404). */
    NOT_FOUND("not_found"),
    /** The route exists, but not for this HTTP method (HTTP 405). */
    METHOD_NOT_ALLOWED("method_not_allowed"),
    /** The body is larger than the gateway accepts (HTTP 413). */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** The body is not JSON (HTTP 415). */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** The gateway's own limit on requests was reached (HTTP 429). */
    RATE_LIMITED("rate_limited"),
    /** The gateway shed the request because it is overloaded or shutting down (HTTP 503). */
    OVERLOADED("overloaded"),
    /** Any other reason; {@link #fromReason} maps unknown reasons here. */
    OTHER("other");

    private final String reason;

    GatewayRejection(String reason) {
        this.reason = reason;
    }

    /** Returns the tag value, such as {@code unauthorized}. */
    public String reason() {
        return reason;
    }

    /** Returns the rejection whose {@link #reason()} is {@code reason}, or {@link #OTHER} for any other value. */
    public static GatewayRejection fromReason(String reason) {
        for (GatewayRejection rejection : values()) {
            if (rejection.reason.equals(reason)) {
                return rejection;
            }
        }
        return OTHER;
    }
}

package dev.switchboard.error;

/**
 * The stable failure classes of an LLM call. {@link #code()} is the value written to logs,
 * metrics and {@code llm_runs} rows, and never changes once released.
 */
public enum ErrorCode {
    AUTH("auth", false),
    UNAVAILABLE("unavailable", true),
    RATE_LIMITED("rate_limited", true),
    TIMEOUT("timeout", true),
    BAD_REQUEST("bad_request", false),
    CONTENT_BLOCKED("content_blocked", false),
    PROVIDER_ERROR("provider_error", true);

    private final String code;
    private final boolean fallsBack;

    ErrorCode(String code, boolean fallsBack) {
        this.code = code;
        this.fallsBack = fallsBack;
    }

    /** The lowercase identifier used in logs, metrics and rows, such as {@code rate_limited}. */
    public String code() {
        return code;
    }

    /**
     * Whether the router moves on to the next deployment after this failure. Auth, bad-request
     * and content-blocked failures are caused by the request or its credentials, so another
     * deployment is not tried.
     */
    public boolean fallsBack() {
        return fallsBack;
    }

    /**
     * Parses a code as written by {@link #code()}.
     *
     * @throws IllegalArgumentException when {@code code} is not one of the published codes
     */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown error code '" + code + "'; expected one of "
                + java.util.Arrays.stream(values()).map(ErrorCode::code).toList());
    }
}

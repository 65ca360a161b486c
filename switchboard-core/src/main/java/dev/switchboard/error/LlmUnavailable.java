package dev.switchboard.error;

/** The provider could not be reached or reported that it is overloaded or failing (connection refused, 5xx). */
public final class LlmUnavailable extends LlmException {

    public LlmUnavailable(String message) {
        this(message, null);
    }

    public LlmUnavailable(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}

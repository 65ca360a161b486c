package dev.switchboard.error;

/** The provider rejected the credentials (invalid, missing or unauthorized key). */
public final class LlmAuthError extends LlmException {

    public LlmAuthError(String message) {
        this(message, null);
    }

    public LlmAuthError(String message, Throwable cause) {
        super(ErrorCode.AUTH, message, cause);
    }
}

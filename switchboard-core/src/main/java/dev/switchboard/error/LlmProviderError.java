package dev.switchboard.error;

/** The provider answered with something that could not be used: a malformed body, an unknown status or a generation failure. */
public final class LlmProviderError extends LlmException {

    public LlmProviderError(String message) {
        this(message, null);
    }

    public LlmProviderError(String message, Throwable cause) {
        super(ErrorCode.PROVIDER_ERROR, message, cause);
    }
}

package dev.switchboard.error;

/** The provider did not answer within the configured timeout, or reported its own deadline as exceeded. */
public final class LlmTimeout extends LlmException {

    public LlmTimeout(String message) {
        this(message, null);
    }

    public LlmTimeout(String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
    }
}

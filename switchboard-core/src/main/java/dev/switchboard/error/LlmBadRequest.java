package dev.switchboard.error;

/** The request is invalid for this provider or model: a bad parameter, an unknown model or profile, or a prompt over the context limit. */
public final class LlmBadRequest extends LlmException {

    public LlmBadRequest(String message) {
        this(message, null);
    }

    public LlmBadRequest(String message, Throwable cause) {
        super(ErrorCode.BAD_REQUEST, message, cause);
    }
}

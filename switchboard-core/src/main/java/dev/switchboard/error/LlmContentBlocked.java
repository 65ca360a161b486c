package dev.switchboard.error;

/** The provider refused to answer for safety or policy reasons (a blocked prompt, a filtered response or a refusal). */
public final class LlmContentBlocked extends LlmException {

    public LlmContentBlocked(String message) {
        this(message, null);
    }

    public LlmContentBlocked(String message, Throwable cause) {
        super(ErrorCode.CONTENT_BLOCKED, message, cause);
    }
}

package dev.switchboard;

/** The reason the model stopped generating. Blocked content is an error, not a finish reason. */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP,
    /** The output token cap or the context window was reached; the text may be truncated or empty. */
    LENGTH,
    /** The model asked for a tool call. */
    TOOL_CALLS,
    /** Any other reason the provider reported, or none. */
    OTHER;

    /** Returns the OpenAI-compatible {@code finish_reason} value. */
    public String openAiName() {
        return switch (this) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case OTHER -> "stop";
        };
    }
}

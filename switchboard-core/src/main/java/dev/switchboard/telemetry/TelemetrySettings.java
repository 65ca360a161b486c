package dev.switchboard.telemetry;

/**
 * Telemetry options.
 *
 * @param logPrompts whether attempt log events carry the redacted prompt; off by default
 * @param previewChars the length to which stored prompt and response previews are cut
 * @param messageChars the length to which stored and logged error messages are cut
 * @param promptLogChars the length to which the prompt in attempt log events is cut
 */
public record TelemetrySettings(boolean logPrompts, int previewChars, int messageChars, int promptLogChars) {

    /** The default {@link #promptLogChars()}. */
    public static final int DEFAULT_PROMPT_LOG_CHARS = 4096;

    public static final TelemetrySettings DEFAULT = new TelemetrySettings(false, 256, 1000);

    public TelemetrySettings {
        if (previewChars < 0) {
            throw new IllegalArgumentException("telemetry.preview_chars must be 0 or more, got " + previewChars);
        }
        if (messageChars < 16) {
            throw new IllegalArgumentException("telemetry.message_chars must be 16 or more, got " + messageChars);
        }
        if (promptLogChars < 0) {
            throw new IllegalArgumentException("telemetry.prompt_log_chars must be 0 or more, got " + promptLogChars);
        }
    }

    /** Creates settings that cut logged prompts to {@link #DEFAULT_PROMPT_LOG_CHARS}. */
    public TelemetrySettings(boolean logPrompts, int previewChars, int messageChars) {
        this(logPrompts, previewChars, messageChars, DEFAULT_PROMPT_LOG_CHARS);
    }
}

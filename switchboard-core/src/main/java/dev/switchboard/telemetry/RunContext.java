package dev.switchboard.telemetry;

import dev.switchboard.ChatMessage;
import java.util.List;

/**
 * The identity of one run, carried into every telemetry event of its attempts.
 *
 * @param llmRunId the run id
 * @param workspaceId the caller's workspace
 * @param stage the pipeline stage
 * @param profile the profile asked for
 * @param messages the prompt, logged only when {@link TelemetrySettings#logPrompts()} is on, and then redacted
 */
public record RunContext(String llmRunId, String workspaceId, String stage, String profile,
        List<ChatMessage> messages) {
}

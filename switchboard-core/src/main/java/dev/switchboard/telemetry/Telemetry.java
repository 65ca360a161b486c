package dev.switchboard.telemetry;

import dev.switchboard.ChatMessage;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one place where Switchboard logs and records metrics for LLM calls. The service, the
 * router and the provider clients call these methods and use no logging or metrics API of their
 * own.
 *
 * <p>Each provider attempt produces one log event on the logger {@code switchboard.llm}, with
 * SLF4J key-value pairs, and one update of each metric in {@link LlmMetrics}.
 */
public final class Telemetry {

    /** The logger that carries one event per provider attempt. */
    public static final String ATTEMPT_LOGGER = "switchboard.llm";

    private static final Logger ATTEMPTS = LoggerFactory.getLogger(ATTEMPT_LOGGER);
    private static final Logger RUNS = LoggerFactory.getLogger("switchboard.llm.run");

    private final TelemetrySettings settings;
    private final Redactor redactor;
    private final LlmMetrics metrics;
    private final MeterRegistry registry;

    private Telemetry(TelemetrySettings settings, MeterRegistry registry, Redactor redactor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.metrics = new LlmMetrics(registry);
    }

    /**
     * Creates telemetry that registers its meters in the host application's registry.
     *
     * @param knownSecrets configured credentials, redacted by exact value wherever they appear
     */
    public static Telemetry create(TelemetrySettings settings, MeterRegistry registry, Collection<String> knownSecrets) {
        return new Telemetry(settings, registry, Redactor.create(knownSecrets));
    }

    /** Telemetry with default settings and a private in-memory registry, for hosts without one. */
    public static Telemetry standalone(Collection<String> knownSecrets) {
        return create(TelemetrySettings.DEFAULT, new SimpleMeterRegistry(), knownSecrets);
    }

    public Redactor redactor() {
        return redactor;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public TelemetrySettings settings() {
        return settings;
    }

    /** Logs the attempt's event and updates the metrics. */
    public void attemptFinished(RunContext run, AttemptRecord attempt) {
        metrics.record(run.profile(), attempt);
        boolean failed = attempt.errorCode() != null;
        if (failed ? !ATTEMPTS.isWarnEnabled() : !ATTEMPTS.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder event = failed ? ATTEMPTS.atWarn() : ATTEMPTS.atInfo();
        event = event.addKeyValue("llm_run_id", run.llmRunId())
                .addKeyValue("workspace_id", run.workspaceId())
                .addKeyValue("provider", attempt.provider())
                .addKeyValue("model", attempt.model())
                .addKeyValue("profile", run.profile())
                .addKeyValue("stage", run.stage())
                .addKeyValue("latency_ms", attempt.latencyMs())
                .addKeyValue("status", attempt.status().value())
                .addKeyValue("error_code", failed ? attempt.errorCode().code() : null)
                .addKeyValue("attempt", attempt.attempt());
        if (attempt.usage().inputTokens().isPresent()) {
            event = event.addKeyValue("input_tokens", attempt.usage().inputTokens().getAsInt());
        }
        if (attempt.usage().outputTokens().isPresent()) {
            event = event.addKeyValue("output_tokens", attempt.usage().outputTokens().getAsInt());
        }
        if (attempt.usage().totalTokens().isPresent()) {
            event = event.addKeyValue("total_tokens", attempt.usage().totalTokens().getAsInt());
        }
        if (failed) {
            event = event.addKeyValue("error_message", attempt.errorMessage());
        }
        if (settings.logPrompts()) {
            event = event.addKeyValue("prompt", redactor.redact(promptText(run.messages())));
        }
        event.log(failed ? "llm attempt failed" : "llm attempt succeeded");
    }

    /** Logs the end of a run at DEBUG; the per-attempt events carry the operational fields. */
    public void runFinished(RunRecord run) {
        if (RUNS.isDebugEnabled()) {
            RUNS.atDebug()
                    .addKeyValue("llm_run_id", run.llmRunId())
                    .addKeyValue("status", run.status().value())
                    .addKeyValue("attempts", run.attemptCount())
                    .addKeyValue("latency_ms", run.latencyMs())
                    .log("llm run finished");
        }
    }

    /** Redacts a message and cuts it to {@link TelemetrySettings#messageChars()}. */
    public String redactMessage(String message) {
        return truncate(redactor.redact(message), settings.messageChars());
    }

    /** Redacts text and cuts it to {@link TelemetrySettings#previewChars()}, for stored previews. */
    public String preview(String text) {
        if (text == null) {
            return null;
        }
        // Redact only a head with a margin beyond the preview length, so that a long prompt costs
        // no more than a short one. When redaction shrank the head so far that the cut could come
        // into view, the whole text is redacted instead.
        int margin = settings.previewChars() + 512;
        if (text.length() <= margin) {
            return truncate(redactor.redact(text), settings.previewChars());
        }
        String redactedHead = redactor.redact(text.substring(0, margin));
        if (redactedHead.length() < settings.previewChars() + 256) {
            redactedHead = redactor.redact(text);
        }
        return truncate(redactedHead, settings.previewChars());
    }

    /** Joins a prompt into one preview text, one {@code role: content} line per message. */
    public String promptPreview(List<ChatMessage> messages) {
        return preview(promptText(messages));
    }

    private static String promptText(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(message.role().wireName()).append(": ").append(message.content());
        }
        return text.toString();
    }

    private static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}

package dev.switchboard.telemetry;

import dev.switchboard.ChatMessage;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunSinkStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one place where Switchboard logs and records metrics for LLM calls. The service, the
 * router, the provider clients and the gateway call these methods and use no logging or metrics
 * API of their own.
 *
 * <p>Each provider attempt produces exactly one log event on the logger {@value #ATTEMPT_LOGGER},
 * with SLF4J key-value pairs, and one update of each metric in {@link LlmMetrics}. A success is
 * logged at INFO. A failure is logged at WARN when it starts a streak of failures of its
 * provider, and at the 10th, 100th, 1000th (and so on) failure in a row. The failures in between
 * are logged at INFO with their {@code consecutive_failures} count, so a provider that stays down
 * does not flood the WARN level while every attempt still has its event.
 *
 * <p>Thread-safe.
 */
public final class Telemetry {

    /** The logger that carries one event per provider attempt. */
    public static final String ATTEMPT_LOGGER = "switchboard.llm";
    /** The logger that carries one DEBUG event per finished run. */
    public static final String RUN_LOGGER = "switchboard.llm.run";

    private static final Logger ATTEMPTS = LoggerFactory.getLogger(ATTEMPT_LOGGER);
    private static final Logger RUNS = LoggerFactory.getLogger(RUN_LOGGER);

    /**
     * How much text past a cut is redacted with the head, so that a secret that crosses the cut
     * is still recognised whole.
     */
    private static final int HEAD_MARGIN = 512;
    /** How far past the margin the head may grow to end at whitespace, so a long token is not split. */
    private static final int MAX_HEAD_EXTENSION = 2048;

    private final TelemetrySettings settings;
    private final Redactor redactor;
    private final MeterRegistry registry;
    private final LlmMetrics metrics;
    private final GatewayMetrics gatewayMetrics;
    private final RunSinkMeters runSinkMeters;
    private final FailureStreaks failureStreaks = new FailureStreaks();

    private Telemetry(TelemetrySettings settings, MeterRegistry registry, Redactor redactor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.metrics = new LlmMetrics(registry);
        this.gatewayMetrics = new GatewayMetrics(registry);
        this.runSinkMeters = new RunSinkMeters(registry);
    }

    /**
     * Creates telemetry that registers its meters in the host application's registry.
     *
     * @param knownSecrets configured credentials, redacted by exact value wherever they appear
     *     (values under 8 characters only as whole tokens; see {@link Redactor})
     */
    public static Telemetry create(TelemetrySettings settings, MeterRegistry registry,
            Collection<String> knownSecrets) {
        return new Telemetry(settings, registry, Redactor.create(knownSecrets));
    }

    /** Telemetry with default settings and a private in-memory registry, for hosts without one. */
    public static Telemetry standalone(Collection<String> knownSecrets) {
        return create(TelemetrySettings.DEFAULT, new SimpleMeterRegistry(), knownSecrets);
    }

    /** Returns the redactor applied to messages, previews and logged prompts. */
    public Redactor redactor() {
        return redactor;
    }

    /** Returns the registry in which the telemetry meters are registered. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Returns the settings this telemetry was created with. */
    public TelemetrySettings settings() {
        return settings;
    }

    /**
     * Logs the attempt's event and updates the attempt metrics. The event carries
     * {@code llm_run_id}, {@code workspace_id}, {@code provider}, {@code model}, {@code profile},
     * {@code stage}, {@code attempt}, {@code status}, {@code latency_ms} and {@code error_code}
     * (null on success); {@code input_tokens}, {@code output_tokens} and {@code total_tokens}
     * when the provider reported them; {@code error_message} (redacted) and
     * {@code consecutive_failures} on failure; and {@code prompt} (redacted, cut to
     * {@link TelemetrySettings#promptLogChars()}) when {@link TelemetrySettings#logPrompts()} is on.
     */
    public void attemptFinished(RunContext run, AttemptRecord attempt) {
        metrics.record(run.profile(), attempt);

        boolean failed = attempt.errorCode() != null;
        int streak = 0;
        Level level = Level.INFO;
        if (failed) {
            streak = failureStreaks.failed(attempt.provider(), attempt.errorCode());
            level = FailureStreaks.warns(streak) ? Level.WARN : Level.INFO;
        } else {
            failureStreaks.succeeded(attempt.provider());
        }
        if (!ATTEMPTS.isEnabledForLevel(level)) {
            return;
        }

        LoggingEventBuilder event = ATTEMPTS.atLevel(level)
                .addKeyValue("llm_run_id", run.llmRunId())
                .addKeyValue("workspace_id", run.workspaceId())
                .addKeyValue("provider", attempt.provider())
                .addKeyValue("model", attempt.model())
                .addKeyValue("profile", run.profile())
                .addKeyValue("stage", run.stage())
                .addKeyValue("attempt", attempt.attempt())
                .addKeyValue("status", attempt.status().value())
                .addKeyValue("latency_ms", attempt.latencyMs())
                .addKeyValue("error_code", failed ? attempt.errorCode().code() : null);

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
            // The record's message is redacted already; redacting again costs little on the
            // failure path and covers records built elsewhere.
            event = event.addKeyValue("error_message", redactMessage(attempt.errorMessage()))
                    .addKeyValue("consecutive_failures", streak);
        }
        if (settings.logPrompts()) {
            event = event.addKeyValue("prompt", promptExcerpt(run.messages(), settings.promptLogChars()));
        }
        event.log(failed ? "llm attempt failed" : "llm attempt succeeded");
    }

    /** Logs the end of a run at DEBUG on {@value #RUN_LOGGER}; the attempt events carry the operational fields. */
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

    /**
     * Records the time one gateway request spent outside provider calls (its total time minus the
     * time waited on providers) in the histogram {@code llm_gateway_overhead_ms}. A negative value
     * counts as zero.
     */
    public void recordGatewayOverhead(long nanos) {
        gatewayMetrics.recordOverhead(nanos);
    }

    /**
     * Counts a gateway request that was rejected before any provider call in
     * {@code switchboard_gateway_rejected_total{reason}}. A reason outside
     * {@link GatewayRejection} counts as {@code other}, which keeps the number of series bounded.
     */
    public void gatewayRejected(String reason) {
        gatewayMetrics.rejected(GatewayRejection.fromReason(reason));
    }

    /** Counts a gateway request that was rejected before any provider call; see {@link #gatewayRejected(String)}. */
    public void gatewayRejected(GatewayRejection rejection) {
        gatewayMetrics.rejected(Objects.requireNonNull(rejection, "rejection"));
    }

    /**
     * Exposes the run store's counters as {@code switchboard_store_records_total{outcome}} (queued,
     * written, spilled, replayed, dropped) and the gauge {@code switchboard_store_queue_depth}.
     * The supplier is called at each scrape, once per meter, so it should be cheap. Binding again
     * replaces the supplier.
     */
    public void bindRunSink(Supplier<RunSinkStats> stats) {
        runSinkMeters.bind(Objects.requireNonNull(stats, "stats"));
    }

    /** Redacts a message and cuts it to {@link TelemetrySettings#messageChars()}. */
    public String redactMessage(String message) {
        return redactAndCut(message, settings.messageChars());
    }

    /** Redacts text and cuts it to {@link TelemetrySettings#previewChars()}, for stored previews. */
    public String preview(String text) {
        return redactAndCut(text, settings.previewChars());
    }

    /**
     * Joins a prompt into one preview text, one {@code role: content} line per message, redacted
     * and cut to {@link TelemetrySettings#previewChars()}.
     */
    public String promptPreview(List<ChatMessage> messages) {
        return promptExcerpt(messages, settings.previewChars());
    }

    private String promptExcerpt(List<ChatMessage> messages, int limit) {
        if (messages == null) {
            return null;
        }
        // Joining only the head keeps the cost of a long prompt at that of a short one.
        String head = promptText(messages, limit + HEAD_MARGIN + MAX_HEAD_EXTENSION + 1);
        return redactAndCut(head, limit, () -> promptText(messages, Integer.MAX_VALUE));
    }

    private String redactAndCut(String text, int limit) {
        return redactAndCut(text, limit, () -> text);
    }

    /**
     * Redacts {@code text} and cuts it to {@code limit} characters, redacting only a head with a
     * margin past the cut. When redaction shrank the head so far that text past the head could
     * come into view, as a private key block without an END line does, the whole text from
     * {@code whole} is redacted instead.
     */
    private String redactAndCut(String text, int limit, Supplier<String> whole) {
        if (text == null) {
            return null;
        }
        int headLength = limit + HEAD_MARGIN;
        if (text.length() <= headLength) {
            return truncate(redactor.redact(text), limit);
        }
        int cut = headLength;
        int extensionEnd = Math.min(text.length(), headLength + MAX_HEAD_EXTENSION);
        while (cut < extensionEnd && !Character.isWhitespace(text.charAt(cut))) {
            cut++;
        }
        String redactedHead = redactor.redact(text.substring(0, cut));
        if (redactedHead.length() < limit + HEAD_MARGIN / 2) {
            redactedHead = redactor.redact(whole.get());
        }
        return truncate(redactedHead, limit);
    }

    /** Joins the messages, stopping once {@code maxChars} characters are written. */
    private static String promptText(List<ChatMessage> messages, int maxChars) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            if (text.length() >= maxChars) {
                break;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            String content = message.content();
            text.append(message.role().wireName()).append(": ");
            int room = Math.max(0, maxChars - text.length());
            text.append(content, 0, Math.min(content.length(), room));
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

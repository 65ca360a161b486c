package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.ChatMessage;
import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class TelemetryLoggingTest {

    private static final String PROVIDER_KEY = "fake-provider-key-0123456789";
    private static final String GATEWAY_KEY = "fake-gateway-key-9876543210";
    private static final List<ChatMessage> PROMPT = List.of(
            ChatMessage.system("You answer briefly."),
            ChatMessage.user("Mail jane@example.com, my key is " + PROVIDER_KEY));

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger logger;
    private Level previousLevel;
    private boolean previousAdditive;

    @BeforeEach
    void captureAttemptLogger() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(Telemetry.ATTEMPT_LOGGER);
        previousLevel = logger.getLevel();
        previousAdditive = logger.isAdditive();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void restoreAttemptLogger() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }

    @Test
    void successEventCarriesEveryField() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), success(1, Usage.of(120, 30, null)));

        assertThat(appender.list).hasSize(1);
        ILoggingEvent event = appender.list.get(0);
        assertThat(event.getLoggerName()).isEqualTo("switchboard.llm");
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        assertThat(event.getMessage()).isEqualTo("llm attempt succeeded");
        Map<String, Object> fields = fields(event);
        assertThat(fields).containsEntry("llm_run_id", "run-1")
                .containsEntry("workspace_id", "ws-1")
                .containsEntry("provider", "gemini")
                .containsEntry("model", "gemini-2.0-flash")
                .containsEntry("profile", "fast")
                .containsEntry("stage", "summarize")
                .containsEntry("latency_ms", 840L)
                .containsEntry("status", "ok")
                .containsEntry("error_code", null)
                .containsEntry("attempt", 1)
                .containsEntry("input_tokens", 120)
                .containsEntry("output_tokens", 30)
                .containsEntry("total_tokens", 150)
                .doesNotContainKeys("error_message", "consecutive_failures", "prompt");
    }

    @Test
    void unknownTokenCountsAreLeftOut() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), success(1, Usage.of(null, 30, null)));

        assertThat(fields(appender.list.get(0))).containsEntry("output_tokens", 30)
                .doesNotContainKeys("input_tokens", "total_tokens");
    }

    @Test
    void failureEventCarriesCodeAndRedactedMessage() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), failure(2, ErrorCode.AUTH,
                "HTTP 400 for https://host/v1?key=" + PROVIDER_KEY + " from 10.1.2.3"));

        ILoggingEvent event = appender.list.get(0);
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getMessage()).isEqualTo("llm attempt failed");
        assertThat(fields(event)).containsEntry("status", "error")
                .containsEntry("error_code", "auth")
                .containsEntry("attempt", 2)
                .containsEntry("consecutive_failures", 1)
                .containsEntry("error_message",
                        "HTTP 400 for https://host/v1?key=[REDACTED:configured_secret] from [REDACTED:ip_address]");
    }

    @Test
    void promptLeftOutByDefault() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), success(1, Usage.UNKNOWN));

        assertThat(fields(appender.list.get(0))).doesNotContainKey("prompt");
    }

    @Test
    void promptRedactedWhenLoggingEnabled() {
        Telemetry telemetry = telemetry(new TelemetrySettings(true, 256, 1000));

        telemetry.attemptFinished(run(), success(1, Usage.UNKNOWN));

        assertThat(fields(appender.list.get(0))).containsEntry("prompt",
                "system: You answer briefly.\nuser: Mail [REDACTED:email], my key is [REDACTED:configured_secret]");
    }

    @Test
    void loggedPromptCutToPromptLogChars() {
        Telemetry telemetry = telemetry(new TelemetrySettings(true, 256, 1000, 20));

        telemetry.attemptFinished(run(), success(1, Usage.UNKNOWN));

        assertThat(fields(appender.list.get(0))).containsEntry("prompt", "system: You answer b…");
    }

    @Test
    void noConfiguredKeyAppearsInAnyEvent() {
        Telemetry telemetry = telemetry(new TelemetrySettings(true, 256, 1000));

        telemetry.attemptFinished(run(), failure(1, ErrorCode.AUTH, "rejected key " + GATEWAY_KEY));
        telemetry.attemptFinished(run(), failure(2, ErrorCode.AUTH, "x-goog-api-key: " + PROVIDER_KEY));
        telemetry.attemptFinished(run(), success(3, Usage.UNKNOWN));

        assertThat(appender.list).hasSize(3);
        for (ILoggingEvent event : appender.list) {
            String rendered = event.getFormattedMessage() + " " + event.getKeyValuePairs();
            assertThat(rendered).doesNotContain(PROVIDER_KEY).doesNotContain(GATEWAY_KEY);
        }
    }

    @Test
    void everyAttemptOfFailureStreakGetsOneEvent() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        for (int attempt = 1; attempt <= 12; attempt++) {
            telemetry.attemptFinished(run(), failure(attempt, ErrorCode.UNAVAILABLE, "HTTP 503"));
        }

        assertThat(appender.list).hasSize(12);
        assertThat(appender.list).extracting(event -> fields(event).get("consecutive_failures"))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO,
                Level.INFO, Level.INFO, Level.INFO, Level.INFO, Level.INFO, Level.INFO, Level.INFO, Level.WARN,
                Level.INFO, Level.INFO);
    }

    @Test
    void successEndsFailureStreak() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), failure(1, ErrorCode.TIMEOUT, "timed out"));
        telemetry.attemptFinished(run(), failure(2, ErrorCode.TIMEOUT, "timed out"));
        telemetry.attemptFinished(run(), success(3, Usage.UNKNOWN));
        telemetry.attemptFinished(run(), failure(4, ErrorCode.TIMEOUT, "timed out"));

        assertThat(appender.list).extracting(ILoggingEvent::getLevel)
                .containsExactly(Level.WARN, Level.INFO, Level.INFO, Level.WARN);
        assertThat(fields(appender.list.get(3))).containsEntry("consecutive_failures", 1);
    }

    @Test
    void newErrorCodeStartsNewStreak() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), failure(1, ErrorCode.TIMEOUT, "timed out"));
        telemetry.attemptFinished(run(), failure(2, ErrorCode.RATE_LIMITED, "HTTP 429"));

        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
    }

    @Test
    void streaksAreCountedPerProvider() {
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);
        AttemptRecord ollamaFailure = new AttemptRecord("run-1", 2, "ollama", "llama3.2", Instant.EPOCH, 5,
                RunStatus.ERROR, ErrorCode.TIMEOUT, "timed out", Usage.UNKNOWN);

        telemetry.attemptFinished(run(), failure(1, ErrorCode.TIMEOUT, "timed out"));
        telemetry.attemptFinished(run(), ollamaFailure);

        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
    }

    @Test
    void nothingLoggedWhenLoggerIsOff() {
        logger.setLevel(Level.OFF);
        Telemetry telemetry = telemetry(TelemetrySettings.DEFAULT);

        telemetry.attemptFinished(run(), failure(1, ErrorCode.TIMEOUT, "timed out"));

        assertThat(appender.list).isEmpty();
    }

    private static Telemetry telemetry(TelemetrySettings settings) {
        return Telemetry.create(settings, new SimpleMeterRegistry(), List.of(PROVIDER_KEY, GATEWAY_KEY));
    }

    private static RunContext run() {
        return new RunContext("run-1", "ws-1", "summarize", "fast", PROMPT);
    }

    private static AttemptRecord success(int attempt, Usage usage) {
        return new AttemptRecord("run-1", attempt, "gemini", "gemini-2.0-flash", Instant.EPOCH, 840, RunStatus.OK,
                null, null, usage);
    }

    private static AttemptRecord failure(int attempt, ErrorCode code, String message) {
        return new AttemptRecord("run-1", attempt, "gemini", "gemini-2.0-flash", Instant.EPOCH, 12, RunStatus.ERROR,
                code, message, Usage.UNKNOWN);
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new HashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                assertThat(fields).as("key %s appears once", pair.key).doesNotContainKey(pair.key);
                fields.put(pair.key, pair.value);
            }
        }
        return fields;
    }
}

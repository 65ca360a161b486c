package dev.switchboard.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No accepted or presented API key shows up in logs, recorded requests, responses or the summary. */
class SecretHygieneTest {

    private static final String KEY = "sim-hygiene-key-4e8a1";
    private static final String WRONG = "sim-hygiene-wrong-9f3b2";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger simulatorLogger;
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        simulatorLogger = (Logger) LoggerFactory.getLogger("dev.switchboard.server.simulator");
        previousLevel = simulatorLogger.getLevel();
        simulatorLogger.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        simulatorLogger.setLevel(previousLevel);
    }

    @Test
    void keysNeverLeaveTheSimulator() {
        List<String> output = new ArrayList<>();
        try (Simulator simulator = Simulator.start(SimulatorConfig.parse("""
                simulator:
                  port: 0
                  api_keys: ["%s"]
                  models:
                    m-invalid: {fault: invalid_key}
                    m-reset: {fault: connection_reset}
                """.formatted(KEY)))) {
            WireClient wire = new WireClient(simulator);
            String openAi = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String gemini = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
            String ollama = "{\"model\":\"m\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            List<HttpResponse<String>> responses = List.of(
                    wire.post("/v1/chat/completions", openAi.formatted("m"), "authorization", "Bearer " + KEY),
                    wire.post("/v1/chat/completions", openAi.formatted("m"), "authorization", "Bearer " + WRONG),
                    wire.post("/v1/chat/completions", openAi.formatted("m-invalid"), "authorization", "Bearer " + KEY),
                    wire.post("/v1/chat/completions", "not json", "authorization", "Bearer " + KEY),
                    wire.get("/v1/models", "authorization", "Bearer " + WRONG),
                    wire.post("/v1beta/models/m:generateContent", gemini, "x-goog-api-key", KEY),
                    wire.post("/v1beta/models/m:generateContent", gemini, "x-goog-api-key", WRONG),
                    wire.post("/v1beta/models/m:generateContent?key=" + WRONG, gemini),
                    wire.post("/v1beta/models/m:generateContent?key=" + KEY, gemini),
                    wire.get("/v1beta/models?key=" + WRONG),
                    wire.post("/api/chat", ollama, "authorization", "Bearer " + KEY),
                    wire.post("/api/chat", ollama, "authorization", "Bearer " + WRONG),
                    wire.get("/nothing?key=" + WRONG));
            wire.postExpectingFailure("/v1/chat/completions", openAi.formatted("m-reset"),
                    "authorization", "Bearer " + KEY);
            for (HttpResponse<String> response : responses) {
                output.add(response.body());
                output.add(response.headers().map().toString());
            }
            output.add(simulator.summary());
            output.add(simulator.config().toString());
            simulator.recentRequests().forEach(request -> output.add(request.toString()));
            assertThat(simulator.recentRequests()).hasSize(14);
        }
        output.addAll(logLines());

        assertThat(logLines()).anyMatch(line -> line.contains("simulated request"));
        assertThat(output).noneMatch(text -> text.contains(KEY));
        assertThat(output).noneMatch(text -> text.contains(WRONG));
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            lines.add(event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                lines.add(event.getKeyValuePairs().toString());
            }
            for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
                lines.add(proxy.getMessage());
            }
        }
        return lines;
    }
}

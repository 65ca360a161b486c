package dev.switchboard.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Drives every failure path through the gateway and scans every log event, stored row, metric
 * and response for the configured keys.
 */
class SecretLeakTest {

    private static final List<String> SECRETS = List.of(GatewayFixture.GEMINI_KEY, GatewayFixture.OPENAI_KEY,
            GatewayFixture.REVOKED_KEY, GatewayFixture.GATEWAY_KEY);

    @TempDir
    Path dataDir;

    @Test
    void noConfiguredKeyReachesLogsRowsMetricsOrResponses() throws Exception {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        events.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        events.start();
        root.addAppender(events);
        List<String> responses = new ArrayList<>();
        try (GatewayFixture fixture = new GatewayFixture(dataDir)) {
            for (String profile : List.of("summarize", "only-quota", "only-down", "only-refused", "only-slow",
                    "only-revoked", "only-broken", "only-blocked", "no-such-profile", "two-providers")) {
                // The prompt itself carries keys: previews, logs and errors must not keep them.
                responses.add(render(fixture.chat(profile, "use key " + GatewayFixture.OPENAI_KEY + " and "
                        + GatewayFixture.GEMINI_KEY + " for this")));
            }
            responses.add(render(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + GatewayFixture.OPENAI_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")))));
            responses.add(render(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + GatewayFixture.GATEWAY_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + GatewayFixture.OPENAI_KEY + "\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))));
            responses.add(render(fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/providers/"
                    + GatewayFixture.GEMINI_KEY)).header("Authorization", "Bearer " + GatewayFixture.GATEWAY_KEY)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"timeout\":\"" + GatewayFixture.GEMINI_KEY + "\"}")))));
            responses.add(render(fixture.get("/metrics")));
            responses.add(fixture.simulator.summary());
        } finally {
            root.detachAppender(events);
        }
        List<String> rows = rows(dataDir.resolve("switchboard.db"));
        List<String> logLines = events.list.stream().map(SecretLeakTest::render).toList();
        List<String> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                files.add(Files.readString(path));
            }
        }

        assertThat(rows).hasSizeGreaterThan(20);
        assertThat(logLines).hasSizeGreaterThan(10);
        assertThat(responses).hasSize(15);
        for (String secret : SECRETS) {
            assertThat(logLines).noneMatch(line -> line.contains(secret));
            assertThat(rows).noneMatch(row -> row.contains(secret));
            assertThat(responses).noneMatch(response -> response.contains(secret));
            assertThat(files).noneMatch(file -> file.contains(secret));
        }
    }

    private static String render(HttpResponse<String> response) {
        return response.statusCode() + " " + response.headers().map() + " " + response.body();
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> line.append(' ').append(pair.key).append('=').append(pair.value));
        }
        line.append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            line.append(' ').append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        return line.toString();
    }

    private static List<String> rows(Path database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            for (String table : List.of("llm_runs", "llm_run_attempts")) {
                try (ResultSet result = statement.executeQuery("select * from " + table)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= columns; i++) {
                            row.append(" | ").append(result.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }
}

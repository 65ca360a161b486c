package dev.switchboard.store;

import static dev.switchboard.store.RunStoreContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.Secret;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunSinkStats;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** PostgreSQL going away and coming back while runs keep arriving, and at startup. */
class PostgresOutageTest {

    private static final List<String> CAPTURED_LOGGERS = List.of("dev.switchboard.store", "com.zaxxer.hikari",
            "org.flywaydb");

    private static PostgresTestDatabase database;

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Level> savedLevels = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        for (String name : CAPTURED_LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            savedLevels.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(logs);
        }
    }

    @AfterEach
    void restore() throws Exception {
        for (int i = 0; i < CAPTURED_LOGGERS.size(); i++) {
            Logger logger = (Logger) LoggerFactory.getLogger(CAPTURED_LOGGERS.get(i));
            logger.detachAppender(logs);
            logger.setAdditive(true);
            logger.setLevel(savedLevels.get(i));
        }
        database.bringBack();
    }

    @Test
    void outageMidStreamLosesNoRun() throws Exception {
        StoreSettings settings = database.settings(dir).withBatchSize(50);
        List<RunRecord> runs = TestRuns.simple(1200);

        try (RunStore store = RunStore.open(settings)) {
            submitSteadily(store, runs.subList(0, 400));
            database.takeAway();
            submitSteadily(store, runs.subList(400, 800));
            // While the database is away every run of this phase ends up in the spill file.
            eventually().until(() -> store.stats().spilled() >= 400);
            database.bringBack();
            submitSteadily(store, runs.subList(800, 1200));

            DataSource direct = database.dataSource(settings);
            eventually().until(() -> RunQueries.countRuns(direct, Instant.EPOCH) == 1200);
            eventually().until(() -> store.stats().replayed() == store.stats().spilled());
            RunSinkStats stats = store.stats();
            assertThat(stats.spilled()).isPositive();
            assertThat(stats.dropped()).isZero();
            assertThat(RunQueries.countAttempts(direct, Instant.EPOCH)).isEqualTo(1200);
        }

        assertThat(messages(Level.WARN)).anyMatch(m -> m.startsWith("run store database is unavailable"));
        assertThat(messages(Level.INFO)).anyMatch(m -> m.startsWith("run store database is available again"));
        assertThat(messages(Level.INFO)).anyMatch(m -> m.startsWith("run store replayed spilled runs"));
        assertThat(allLoggedText()).doesNotContain(TestRuns.PROMPT_MARKER);
    }

    @Test
    void unreachableAtStartupSpillsThenMigratesAndReplays() throws Exception {
        StoreSettings settings = database.settings(dir);
        database.takeAway();

        try (RunStore store = RunStore.open(settings)) {
            assertThat(store.isDatabaseAvailable()).isFalse();
            TestRuns.simple(100).forEach(store::submit);
            eventually().until(() -> store.stats().spilled() == 100);

            database.bringBack();

            eventually().until(() -> store.stats().replayed() == 100);
            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(100);
            assertThat(store.isDatabaseAvailable()).isTrue();
        }
        assertThat(messages(Level.WARN)).anyMatch(m -> m.startsWith("run store database is unreachable at startup"));
    }

    @Test
    void closedPortAtStartupSpillsForNextStart() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        Path spill = dir.resolve("spill.jsonl");
        StoreSettings unreachable = StoreSettings.of("jdbc:postgresql://127.0.0.1:" + freePort + "/switchboard",
                "postgres", Secret.of("hunter2-secret"), spill);

        try (RunStore store = RunStore.open(unreachable)) {
            TestRuns.simple(5).forEach(store::submit);
        }
        assertThat(Files.readAllLines(spill)).hasSize(5);

        try (RunStore store = RunStore.open(database.settings(dir))) {
            eventually().until(() -> store.stats().replayed() == 5);
        }
        assertThat(allLoggedText()).contains("127.0.0.1:" + freePort).doesNotContain("hunter2-secret");
    }

    @Test
    void missingDatabaseFailsWithFixAndNoPassword() {
        StoreSettings settings = StoreSettings.of(
                PostgresTestDatabase.HOST_URL + "sb_missing_db?password=hunter2-secret", "postgres", null,
                dir.resolve("spill.jsonl"));

        assertThatThrownBy(() -> RunStore.open(settings))
                .isInstanceOf(RunStoreException.class)
                .hasMessageContaining("sb_missing_db?password=***")
                .hasMessageContaining("create the database first")
                .hasMessageNotContaining("hunter2-secret");
    }

    private static void submitSteadily(RunStore store, List<RunRecord> runs) throws InterruptedException {
        for (int i = 0; i < runs.size(); i++) {
            store.submit(runs.get(i));
            if (i % 20 == 19) {
                Thread.sleep(Duration.ofMillis(2));
            }
        }
    }

    private List<String> messages(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private String allLoggedText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getKeyValuePairs() != null) {
                event.getKeyValuePairs().forEach(pair -> text.append(pair.key).append('=').append(pair.value)
                        .append('\n'));
            }
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(t.getMessage()).append('\n');
            }
        }
        return text.toString();
    }
}

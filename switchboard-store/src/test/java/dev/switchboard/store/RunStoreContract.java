package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunSinkStats;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The store tests that every database must pass; subclasses pick the database. */
abstract class RunStoreContract {

    static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    abstract StoreTarget target();

    static ConditionFactory eventually() {
        return await().atMost(GENEROUS).pollInterval(Duration.ofMillis(25));
    }

    static Stream<Arguments> runShapes() {
        return Stream.of(
                Arguments.of("fallback with every column set", (Function<String, RunRecord>) TestRuns::full),
                Arguments.of("failure with absent counts and cost", (Function<String, RunRecord>) TestRuns::sparse),
                Arguments.of("failure before any attempt", (Function<String, RunRecord>) TestRuns::noAttempt));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runShapes")
    void roundTripKeepsEveryColumn(String shape, Function<String, RunRecord> factory) throws Exception {
        RunRecord run = factory.apply(TestRuns.newId());
        StoreSettings settings = target().settings(dir);

        try (RunStore store = RunStore.open(settings)) {
            store.submit(run);
            eventually().until(() -> RunQueries.findRun(store.dataSource(), run.llmRunId()).isPresent());
            RunRecord stored = RunQueries.findRun(store.dataSource(), run.llmRunId()).orElseThrow();

            assertThat(stored)
                    .usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .isEqualTo(truncatedToMicros(run));
        }
    }

    @Test
    void absentCountsAndCostAreSqlNull() throws Exception {
        RunRecord run = TestRuns.sparse(TestRuns.newId());
        StoreSettings settings = target().settings(dir);

        try (RunStore store = RunStore.open(settings)) {
            store.submit(run);
            eventually().until(() -> RunQueries.countRuns(store.dataSource(), Instant.EPOCH) == 1);

            try (Connection connection = store.dataSource().getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT r.input_tokens, r.output_tokens, r.total_tokens, r.cost_usd, r.workspace_id,"
                                    + " r.response_preview, a.output_tokens AS attempt_output"
                                    + " FROM llm_runs r JOIN llm_run_attempts a ON a.llm_run_id = r.llm_run_id")) {
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getInt("input_tokens")).isEqualTo(42);
                    assertThat(row.getObject("output_tokens")).isNull();
                    assertThat(row.getObject("total_tokens")).isNull();
                    assertThat(row.getObject("cost_usd")).isNull();
                    assertThat(row.getObject("workspace_id")).isNull();
                    assertThat(row.getObject("response_preview")).isNull();
                    assertThat(row.getObject("attempt_output")).isNull();
                }
            }
        }
    }

    @Test
    void attemptsAreStoredOneRowEach() throws Exception {
        RunRecord run = TestRuns.full(TestRuns.newId());
        StoreSettings settings = target().settings(dir);

        try (RunStore store = RunStore.open(settings)) {
            store.submit(run);
            eventually().until(() -> RunQueries.countAttempts(store.dataSource(), Instant.EPOCH) == 2);

            List<String> rows = new ArrayList<>();
            try (Connection connection = store.dataSource().getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT llm_run_id, attempt, provider, status, error_code FROM llm_run_attempts"
                                    + " ORDER BY attempt")) {
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        rows.add(row.getString(1) + "/" + row.getInt(2) + "/" + row.getString(3) + "/"
                                + row.getString(4) + "/" + row.getString(5));
                    }
                }
            }
            assertThat(rows).containsExactly(
                    run.llmRunId() + "/1/openai/error/rate_limited",
                    run.llmRunId() + "/2/gemini/ok/null");
            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(1);
        }
    }

    @Test
    void sameRunTwiceLeavesOneRow() throws Exception {
        RunRecord run = TestRuns.full(TestRuns.newId());
        StoreSettings settings = target().settings(dir);

        try (RunStore store = RunStore.open(settings)) {
            store.submit(run);
            eventually().until(() -> store.stats().written() == 1);
            store.submit(run);
            eventually().until(() -> store.stats().written() == 2);

            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(1);
            assertThat(RunQueries.countAttempts(store.dataSource(), Instant.EPOCH)).isEqualTo(2);
        }
    }

    @Test
    void closeWritesQueuedRuns() throws Exception {
        // A long flush interval and a large batch keep the runs waiting in the queue until close().
        StoreSettings settings = target().settings(dir)
                .withFlushInterval(Duration.ofMinutes(10))
                .withBatchSize(10_000);
        List<RunRecord> runs = TestRuns.simple(300);

        RunStore store = RunStore.open(settings);
        runs.forEach(store::submit);
        store.close();

        RunSinkStats stats = store.stats();
        assertThat(stats.written()).isEqualTo(300);
        assertThat(stats.spilled()).isZero();
        assertThat(stats.queueDepth()).isZero();
        assertThat(RunQueries.countRuns(target().dataSource(settings), Instant.EPOCH)).isEqualTo(300);
    }

    @Test
    void fullQueueSpillsAndLosesNothing() throws Exception {
        StoreSettings settings = target().settings(dir).withQueueCapacity(20).withBatchSize(10);
        List<RunRecord> runs = TestRuns.simple(300);

        try (RunStore store = RunStore.open(settings)) {
            AutoCloseable blocked = target().blockWrites(settings);
            try {
                // Both queues hold 20, so at most 40 runs wait in memory.
                submitPaced(store, runs, 40);
                // The writer holds at most one batch while it waits on the lock, so the queue takes 30 at most.
                eventually().until(() -> store.stats().spilled() >= 270);
            } finally {
                blocked.close();
            }

            eventually().until(() -> RunQueries.countRuns(store.dataSource(), Instant.EPOCH) == 300);
            eventually().until(() -> store.stats().replayed() == store.stats().spilled());
            RunSinkStats stats = store.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(RunQueries.countAttempts(store.dataSource(), Instant.EPOCH)).isEqualTo(300);
        }
        assertThat(settings.spillFile()).doesNotExist();
    }

    @Test
    void spillLimitDropsRunsPastIt() throws Exception {
        int lineBytes = new SpillCodec().encode(List.of(TestRuns.simpleAt(0))).length;
        StoreSettings settings = target().settings(dir).withQueueCapacity(5).withBatchSize(5)
                .withMaxSpillBytes(lineBytes * 10L);
        List<RunRecord> runs = TestRuns.simple(100);

        try (RunStore store = RunStore.open(settings)) {
            AutoCloseable blocked = target().blockWrites(settings);
            try {
                runs.forEach(store::submit);
                eventually().until(() -> store.stats().dropped() > 0);
            } finally {
                blocked.close();
            }

            eventually().until(() -> RunQueries.countRuns(store.dataSource(), Instant.EPOCH)
                    + store.stats().dropped() == 100);
            RunSinkStats stats = store.stats();
            assertThat(stats.spilled()).isPositive().isLessThanOrEqualTo(10);
            eventually().until(() -> store.stats().replayed() == store.stats().spilled());
        }
    }

    @Test
    void concurrentSubmittersLoseNoRun() throws Exception {
        StoreSettings settings = target().settings(dir).withQueueCapacity(50).withBatchSize(25);
        int threads = 4;
        int perThread = 500;

        try (RunStore store = RunStore.open(settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        submitPaced(store, TestRuns.simple(perThread), 100 - threads);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            eventually().until(() -> RunQueries.countRuns(store.dataSource(), Instant.EPOCH) == threads * perThread);
            RunSinkStats stats = store.stats();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.queued() + stats.spilled()).isEqualTo(threads * perThread);
        }
    }

    @ParameterizedTest(name = "left in the {0} file")
    @ValueSource(strings = {"live", "replaying"})
    void leftoverSpillFileIsReplayedAtStart(String leftoverFile) throws Exception {
        StoreSettings settings = target().settings(dir);
        List<RunRecord> runs = TestRuns.simple(120);
        Path file = leftoverFile.equals("live") ? settings.spillFile()
                : settings.spillFile().resolveSibling(settings.spillFile().getFileName() + ".replaying");
        writeSpillLines(file, new SpillCodec().encode(runs));

        try (RunStore store = RunStore.open(settings)) {
            eventually().until(() -> store.stats().replayed() == 120);

            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(120);
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void replayAfterCrashSkipsRowsAlreadyWritten() throws Exception {
        StoreSettings settings = target().settings(dir);
        List<RunRecord> written = TestRuns.simple(50);
        try (RunStore store = RunStore.open(settings)) {
            written.forEach(store::submit);
        }
        // A crash after the replay's commits but before the file's deletion leaves runs that are already rows.
        List<RunRecord> replayed = new ArrayList<>(written);
        replayed.addAll(TestRuns.simple(50));
        Path replaying = settings.spillFile().resolveSibling(settings.spillFile().getFileName() + ".replaying");
        writeSpillLines(replaying, new SpillCodec().encode(replayed));

        try (RunStore store = RunStore.open(settings)) {
            eventually().until(() -> store.stats().replayed() == 100);

            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(100);
            assertThat(RunQueries.countAttempts(store.dataSource(), Instant.EPOCH)).isEqualTo(100);
        }
    }

    @Test
    void unreadableSpillLineIsSkippedAndCounted() throws Exception {
        StoreSettings settings = target().settings(dir);
        byte[] good = new SpillCodec().encode(TestRuns.simple(10));
        byte[] cut = "{\"v\":1,\"id\":\"cut-short".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[good.length + cut.length];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(cut, 0, content, good.length, cut.length);
        writeSpillLines(settings.spillFile(), content);

        try (RunStore store = RunStore.open(settings)) {
            eventually().until(() -> store.stats().replayed() == 10 && store.stats().dropped() == 1);

            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(10);
        }
    }

    @Test
    void countRunsHonoursSince() throws Exception {
        StoreSettings settings = target().settings(dir);
        List<RunRecord> runs = TestRuns.simple(10);

        try (RunStore store = RunStore.open(settings)) {
            runs.forEach(store::submit);
            eventually().until(() -> store.stats().written() == 10);

            DataSource dataSource = store.dataSource();
            assertThat(RunQueries.countRuns(dataSource, runs.get(4).startedAt())).isEqualTo(6);
            assertThat(RunQueries.countRuns(dataSource, runs.get(9).startedAt().plusNanos(1000))).isZero();
            assertThat(RunQueries.countAttempts(dataSource, runs.get(0).startedAt())).isEqualTo(10);
        }
    }

    @Test
    void rejectedRunIsDroppedAndOthersWritten() throws Exception {
        // A batch size above the run count and a long flush interval put all ten runs in one batch.
        StoreSettings settings = target().settings(dir).withFlushInterval(Duration.ofSeconds(2));
        List<RunRecord> runs = new ArrayList<>(TestRuns.simple(9));
        RunRecord simple = TestRuns.simpleAt(9);
        runs.add(5, new RunRecord(simple.llmRunId(), simple.startedAt(), simple.finishedAt(), "ws-poison",
                simple.stage(), simple.profile(), simple.provider(), simple.model(), simple.status(),
                simple.errorCode(), simple.errorMessage(), simple.latencyMs(), simple.usage(), simple.costUsd(),
                simple.promptPreview(), simple.responsePreview(), simple.attempts()));

        try (RunStore store = RunStore.open(settings)) {
            target().rejectWorkspace(settings, "ws-poison");
            runs.forEach(store::submit);

            eventually().until(() -> store.stats().written() + store.stats().dropped() == 10);
            RunSinkStats stats = store.stats();
            assertThat(stats.dropped()).isEqualTo(1);
            assertThat(stats.spilled()).isZero();
            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(9);
            assertThat(RunQueries.countAttempts(store.dataSource(), Instant.EPOCH)).isEqualTo(9);
            assertThat(RunQueries.findRun(store.dataSource(), simple.llmRunId())).isEmpty();
        }
    }

    @Test
    void nulCharacterIsReplaced() throws Exception {
        RunRecord simple = TestRuns.simpleAt(0);
        RunRecord run = new RunRecord(simple.llmRunId(), simple.startedAt(), simple.finishedAt(),
                simple.workspaceId(), simple.stage(), simple.profile(), simple.provider(), simple.model(),
                simple.status(), simple.errorCode(), simple.errorMessage(), simple.latencyMs(), simple.usage(),
                simple.costUsd(), "before\u0000after", "answer\u0000", simple.attempts());

        try (RunStore store = RunStore.open(target().settings(dir))) {
            store.submit(run);
            eventually().until(() -> RunQueries.findRun(store.dataSource(), run.llmRunId()).isPresent());

            RunRecord stored = RunQueries.findRun(store.dataSource(), run.llmRunId()).orElseThrow();
            assertThat(stored.promptPreview()).isEqualTo("before\uFFFDafter");
            assertThat(stored.responsePreview()).isEqualTo("answer\uFFFD");
            assertThat(store.stats().dropped()).isZero();
        }
    }

    @Test
    void findRunReturnsEmptyForUnknownId() throws Exception {
        try (RunStore store = RunStore.open(target().settings(dir))) {
            Optional<RunRecord> found = RunQueries.findRun(store.dataSource(), "no-such-run");

            assertThat(found).isEmpty();
        }
    }

    /**
     * Submits runs, pausing while both in-memory queues together hold {@code maxDepth} runs or more,
     * so a slow fsync cannot fill the overflow queue and drop a run.
     */
    static void submitPaced(RunStore store, List<RunRecord> runs, int maxDepth) throws InterruptedException {
        for (RunRecord run : runs) {
            while (store.stats().queueDepth() >= maxDepth) {
                Thread.sleep(1);
            }
            store.submit(run);
        }
    }

    static void writeSpillLines(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static RunRecord truncatedToMicros(RunRecord run) {
        return new RunRecord(run.llmRunId(), micros(run.startedAt()), micros(run.finishedAt()), run.workspaceId(),
                run.stage(), run.profile(), run.provider(), run.model(), run.status(), run.errorCode(),
                run.errorMessage(), run.latencyMs(), run.usage(), run.costUsd(), run.promptPreview(),
                run.responsePreview(), run.attempts().stream()
                        .map(a -> new dev.switchboard.run.AttemptRecord(a.llmRunId(), a.attempt(), a.provider(),
                                a.model(), micros(a.startedAt()), a.latencyMs(), a.status(), a.errorCode(),
                                a.errorMessage(), a.usage()))
                        .toList());
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}

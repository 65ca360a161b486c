package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.run.RunRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteRunStoreTest extends RunStoreContract {

    private final SqliteTarget target = new SqliteTarget();

    @Override
    StoreTarget target() {
        return target;
    }

    @Test
    void timesAreFixedWidthUtcText() throws Exception {
        RunRecord run = TestRuns.full(TestRuns.newId());
        StoreSettings settings = target.settings(dir);

        try (RunStore store = RunStore.open(settings)) {
            store.submit(run);
            eventually().until(() -> RunQueries.countRuns(store.dataSource(), Instant.EPOCH) == 1);

            try (Connection connection = store.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(
                            "SELECT started_at, typeof(started_at), julianday(started_at) FROM llm_runs")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("2025-03-01T10:00:00.123456Z");
                assertThat(row.getString(2)).isEqualTo("text");
                assertThat(row.getDouble(3)).isGreaterThan(2_460_000.0);
            }
        }
    }

    @Test
    void lockedDatabaseSpillsThenReplays() throws Exception {
        StoreSettings settings = target.settings(dir);
        List<RunRecord> runs = TestRuns.simple(20);

        try (RunStore store = RunStore.open(settings)) {
            AutoCloseable locked = target.blockWrites(settings);
            try {
                runs.forEach(store::submit);
                // The queue never fills, so these runs reach the spill file only through a failed write (SQLITE_BUSY).
                eventually().until(() -> store.stats().spilled() == 20);
            } finally {
                locked.close();
            }

            eventually().until(() -> store.stats().replayed() == 20);
            assertThat(RunQueries.countRuns(store.dataSource(), Instant.EPOCH)).isEqualTo(20);
            assertThat(store.stats().queued()).isEqualTo(20);
            assertThat(store.stats().dropped()).isZero();
        }
    }

    @Test
    void databaseRunsInWalMode() throws Exception {
        StoreSettings settings = target.settings(dir);

        try (RunStore store = RunStore.open(settings);
                Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA journal_mode")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void sqliteHelperPutsDatabaseInDataDir() throws Exception {
        StoreSettings settings = StoreSettings.sqlite(dir.resolve("nested/data"));

        try (RunStore store = RunStore.open(settings)) {
            assertThat(store.dialect()).isEqualTo(Dialect.SQLITE);
        }

        assertThat(dir.resolve("nested/data/switchboard.db")).exists();
    }
}

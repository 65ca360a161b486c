package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.run.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRunStoreTest extends RunStoreContract {

    private static PostgresTestDatabase database;

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

    @Override
    StoreTarget target() {
        return database;
    }

    @Test
    void timeColumnsAreTimestamptz() throws Exception {
        try (RunStore store = RunStore.open(database.settings(dir));
                Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT table_name, column_name, data_type"
                        + " FROM information_schema.columns WHERE column_name IN ('started_at', 'finished_at')"
                        + " AND table_name IN ('llm_runs', 'llm_run_attempts') ORDER BY table_name, column_name")) {
            List<String> columns = new ArrayList<>();
            while (row.next()) {
                columns.add(row.getString(1) + "." + row.getString(2) + " " + row.getString(3));
            }

            assertThat(columns).containsExactly(
                    "llm_run_attempts.started_at timestamp with time zone",
                    "llm_runs.finished_at timestamp with time zone",
                    "llm_runs.started_at timestamp with time zone");
        }
    }

    @Test
    void storedTimeComparesAsTimestamp() throws Exception {
        RunRecord run = TestRuns.full(TestRuns.newId());

        try (RunStore store = RunStore.open(database.settings(dir))) {
            store.submit(run);
            eventually().until(() -> RunQueries.countRuns(store.dataSource(), Instant.EPOCH) == 1);

            try (Connection connection = store.dataSource().getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT started_at, started_at = TIMESTAMPTZ '2025-03-01 11:00:00.123456+01'"
                                    + " FROM llm_runs")) {
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC))
                            .isEqualTo(OffsetDateTime.parse("2025-03-01T10:00:00.123456Z"));
                    assertThat(row.getBoolean(2)).isTrue();
                }
            }
        }
    }
}

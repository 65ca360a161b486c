package dev.switchboard.store;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Small reads of the run tables, the same on SQLite and PostgreSQL. Each method takes a connection
 * from the data source and finds the dialect from it.
 */
public final class RunQueries {

    private RunQueries() {
    }

    /**
     * Counts the runs that started at or after {@code since}.
     *
     * @throws SQLException when the query fails
     */
    public static long countRuns(DataSource dataSource, Instant since) throws SQLException {
        return count(dataSource, "SELECT COUNT(*) FROM llm_runs WHERE started_at >= ?", since);
    }

    /**
     * Counts the attempts that started at or after {@code since}.
     *
     * @throws SQLException when the query fails
     */
    public static long countAttempts(DataSource dataSource, Instant since) throws SQLException {
        return count(dataSource, "SELECT COUNT(*) FROM llm_run_attempts WHERE started_at >= ?", since);
    }

    /**
     * Counts the successful runs that started at or after {@code since} and needed more than one
     * attempt: the calls a retry or a fallback saved.
     *
     * @throws SQLException when the query fails
     */
    public static long countRecoveredRuns(DataSource dataSource, Instant since) throws SQLException {
        return count(dataSource, "SELECT COUNT(*) FROM llm_runs WHERE status = 'ok' AND attempts > 1"
                + " AND started_at >= ?", since);
    }

    /**
     * Reads one run with its attempts in attempt order. Times come back truncated to microseconds,
     * and absent token counts and an absent cost come back absent.
     *
     * @throws SQLException when the query fails
     */
    public static Optional<RunRecord> findRun(DataSource dataSource, String llmRunId) throws SQLException {
        Objects.requireNonNull(llmRunId, "llmRunId");
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            List<AttemptRecord> attempts = findAttempts(connection, dialect, llmRunId);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT * FROM llm_runs WHERE llm_run_id = ?")) {
                statement.setString(1, llmRunId);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RunRecord(row.getString("llm_run_id"),
                            dialect.getInstant(row, "started_at"), dialect.getInstant(row, "finished_at"),
                            row.getString("workspace_id"), row.getString("stage"), row.getString("profile"),
                            row.getString("provider"), row.getString("model"), Rows.status(row.getString("status")),
                            errorCode(row.getString("error_code")), row.getString("error_message"),
                            row.getLong("latency_ms"), Rows.usage(row), row.getBigDecimal("cost_usd"),
                            row.getString("prompt_preview"), row.getString("response_preview"), attempts));
                }
            }
        }
    }

    private static List<AttemptRecord> findAttempts(Connection connection, Dialect dialect, String llmRunId)
            throws SQLException {
        List<AttemptRecord> attempts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM llm_run_attempts WHERE llm_run_id = ? ORDER BY attempt")) {
            statement.setString(1, llmRunId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    attempts.add(new AttemptRecord(row.getString("llm_run_id"), row.getInt("attempt"),
                            row.getString("provider"), row.getString("model"), dialect.getInstant(row, "started_at"),
                            row.getLong("latency_ms"), Rows.status(row.getString("status")),
                            errorCode(row.getString("error_code")), row.getString("error_message"),
                            Rows.usage(row)));
                }
            }
        }
        return attempts;
    }

    private static long count(DataSource dataSource, String sql, Instant since) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Dialect.of(connection).setInstant(statement, 1, since);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static ErrorCode errorCode(String code) {
        return code == null ? null : ErrorCode.fromCode(code);
    }
}

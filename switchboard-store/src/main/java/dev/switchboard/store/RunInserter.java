package dev.switchboard.store;

import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes runs and their attempts in one transaction with JDBC batches. Inserts skip rows whose key
 * exists ({@code ON CONFLICT DO NOTHING}, SQLite 3.24+ and PostgreSQL 9.5+), so writing the same run twice,
 * as a replay after a crash may, leaves one row.
 *
 * <p>Text columns have each NUL character replaced with U+FFFD on both databases: PostgreSQL text
 * cannot hold NUL and would reject the whole run, and model output can contain one.
 */
final class RunInserter {

    static final String INSERT_RUN = "INSERT INTO llm_runs (llm_run_id, started_at, finished_at, workspace_id,"
            + " stage, profile, provider, model, status, error_code, error_message, latency_ms, input_tokens,"
            + " output_tokens, total_tokens, cost_usd, attempts, prompt_preview, response_preview)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    static final String INSERT_ATTEMPT = "INSERT INTO llm_run_attempts (llm_run_id, attempt, provider, model,"
            + " started_at, latency_ms, status, error_code, error_message, input_tokens, output_tokens,"
            + " total_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final Dialect dialect;

    RunInserter(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Inserts the runs and commits, or rolls back and rethrows. Attempt rows take the run's id, so
     * they always belong to the run row written with them.
     */
    void insert(Connection connection, List<RunRecord> runs) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement runStatement = connection.prepareStatement(INSERT_RUN);
                PreparedStatement attemptStatement = connection.prepareStatement(INSERT_ATTEMPT)) {
            int attemptRows = 0;
            for (RunRecord run : runs) {
                bindRun(runStatement, run);
                runStatement.addBatch();
                for (AttemptRecord attempt : run.attempts()) {
                    bindAttempt(attemptStatement, run.llmRunId(), attempt);
                    attemptStatement.addBatch();
                    attemptRows++;
                }
            }
            runStatement.executeBatch();
            if (attemptRows > 0) {
                attemptStatement.executeBatch();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection, autoCommit);
        }
    }

    private void bindRun(PreparedStatement statement, RunRecord run) throws SQLException {
        setText(statement, 1, run.llmRunId());
        dialect.setInstant(statement, 2, run.startedAt());
        dialect.setInstant(statement, 3, run.finishedAt());
        setText(statement, 4, run.workspaceId());
        setText(statement, 5, run.stage());
        setText(statement, 6, run.profile());
        setText(statement, 7, run.provider());
        setText(statement, 8, run.model());
        setText(statement, 9, run.status().value());
        setText(statement, 10, run.errorCode() == null ? null : run.errorCode().code());
        setText(statement, 11, run.errorMessage());
        statement.setLong(12, run.latencyMs());
        Rows.setCount(statement, 13, run.usage().inputTokens());
        Rows.setCount(statement, 14, run.usage().outputTokens());
        Rows.setCount(statement, 15, run.usage().totalTokens());
        setCost(statement, 16, run.costUsd());
        statement.setInt(17, run.attemptCount());
        setText(statement, 18, run.promptPreview());
        setText(statement, 19, run.responsePreview());
    }

    private void bindAttempt(PreparedStatement statement, String llmRunId, AttemptRecord attempt)
            throws SQLException {
        setText(statement, 1, llmRunId);
        statement.setInt(2, attempt.attempt());
        setText(statement, 3, attempt.provider());
        setText(statement, 4, attempt.model());
        dialect.setInstant(statement, 5, attempt.startedAt());
        statement.setLong(6, attempt.latencyMs());
        setText(statement, 7, attempt.status().value());
        setText(statement, 8, attempt.errorCode() == null ? null : attempt.errorCode().code());
        setText(statement, 9, attempt.errorMessage());
        Rows.setCount(statement, 10, attempt.usage().inputTokens());
        Rows.setCount(statement, 11, attempt.usage().outputTokens());
        Rows.setCount(statement, 12, attempt.usage().totalTokens());
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        statement.setString(index, value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD'));
    }

    private static void setCost(PreparedStatement statement, int index, BigDecimal cost) throws SQLException {
        if (cost == null) {
            statement.setNull(index, Types.NUMERIC);
        } else {
            statement.setBigDecimal(index, cost);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // The connection is broken; the pool evicts it when it is returned.
        }
    }
}

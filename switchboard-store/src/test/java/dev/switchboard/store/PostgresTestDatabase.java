package dev.switchboard.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database {@code sb_test_<random>} on the local PostgreSQL server (127.0.0.1:5432, user
 * postgres, trust auth), created for one test class and dropped after it.
 */
final class PostgresTestDatabase implements StoreTarget, AutoCloseable {

    static final String HOST_URL = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    static PostgresTestDatabase create() throws SQLException {
        String name = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresTestDatabase(name);
    }

    String name() {
        return name;
    }

    String url() {
        return HOST_URL + name;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, null);
    }

    /** Drops the run tables, so the next store starts on an empty database. */
    void reset() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS llm_run_attempts, llm_runs, "
                    + Migrations.HISTORY_TABLE + " CASCADE");
        }
    }

    /** Rejects new connections to the database and ends the open ones, as an outage would. */
    void takeAway() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
            terminateConnections(statement);
        }
    }

    void bringBack() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
        }
    }

    @Override
    public StoreSettings settings(Path dir) throws SQLException {
        reset();
        return StoreSettings.of(url(), USER, null, dir.resolve("spill.jsonl"))
                .withFlushInterval(Duration.ofMillis(20));
    }

    @Override
    public DataSource dataSource(StoreSettings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url());
        dataSource.setUser(USER);
        return dataSource;
    }

    @Override
    public AutoCloseable blockWrites(StoreSettings settings) throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // EXCLUSIVE blocks inserts but still lets readers count rows.
            statement.execute("LOCK TABLE llm_runs IN EXCLUSIVE MODE");
        }
        return () -> {
            try (connection) {
                connection.rollback();
            }
        };
    }

    @Override
    public void rejectWorkspace(StoreSettings settings, String workspaceId) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE llm_runs ADD CONSTRAINT reject_workspace CHECK (workspace_id IS DISTINCT"
                    + " FROM '" + workspaceId + "')");
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
            terminateConnections(statement);
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private void terminateConnections(Statement statement) throws SQLException {
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(HOST_URL + "postgres", USER, null);
    }
}

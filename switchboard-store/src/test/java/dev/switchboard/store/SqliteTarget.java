package dev.switchboard.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/** A SQLite file in the test's temporary folder. */
final class SqliteTarget implements StoreTarget {

    @Override
    public StoreSettings settings(Path dir) {
        return StoreSettings.sqlite(dir).withFlushInterval(Duration.ofMillis(20));
    }

    @Override
    public DataSource dataSource(StoreSettings settings) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(settings.jdbcUrl());
        return dataSource;
    }

    @Override
    public AutoCloseable blockWrites(StoreSettings settings) throws Exception {
        Connection connection = DriverManager.getConnection(settings.jdbcUrl());
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
        }
        return () -> {
            try (connection; Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            }
        };
    }

    @Override
    public void rejectWorkspace(StoreSettings settings, String workspaceId) throws Exception {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER reject_workspace BEFORE INSERT ON llm_runs WHEN NEW.workspace_id = '"
                    + workspaceId + "' BEGIN SELECT RAISE(ABORT, 'workspace rejected'); END");
        }
    }
}

package dev.switchboard.store;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date with Flyway, from {@code db/migration/switchboard} on the class path. */
final class Migrations {

    /** The Flyway history table; its own name keeps it apart from an application's Flyway history. */
    static final String HISTORY_TABLE = "switchboard_schema_history";

    private Migrations() {
    }

    /**
     * Applies pending migrations; returns how many ran.
     *
     * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or a migration fails
     */
    static int migrate(DataSource dataSource, Dialect dialect) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/switchboard")
                .table(HISTORY_TABLE)
                .placeholders(Map.of("timestamp_type", dialect.timestampType()))
                // A shared PostgreSQL schema may hold other tables: baseline at 0 so V1 still runs there.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}

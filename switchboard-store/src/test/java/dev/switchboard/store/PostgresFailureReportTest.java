package dev.switchboard.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresFailureReportTest extends FailureReportContract {

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
}

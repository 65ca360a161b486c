package dev.switchboard.store;

import java.nio.file.Path;
import javax.sql.DataSource;

/** A database the shared store tests run against. */
interface StoreTarget {

    /** Returns settings for an empty database, with the spill file in {@code dir}. */
    StoreSettings settings(Path dir) throws Exception;

    /** Returns an unpooled data source for checking rows, usable while no store is open. */
    DataSource dataSource(StoreSettings settings);

    /**
     * Holds a lock that makes inserts into {@code llm_runs} wait (PostgreSQL) or fail after the busy
     * timeout (SQLite) until the returned handle is closed. Reads still work.
     */
    AutoCloseable blockWrites(StoreSettings settings) throws Exception;

    /** Makes the database reject, as a constraint violation, every run of the given workspace. */
    void rejectWorkspace(StoreSettings settings, String workspaceId) throws Exception;
}

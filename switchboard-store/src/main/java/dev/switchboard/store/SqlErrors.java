package dev.switchboard.store;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Sorts write failures into two kinds: the database rejected the data itself, or the database is
 * unavailable. Only the first kind can never succeed on retry, so only it drops a record.
 */
final class SqlErrors {

    // SQLite primary result codes that mean the row was rejected: TOOBIG, CONSTRAINT, MISMATCH, RANGE.
    private static final int SQLITE_TOOBIG = 18;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_MISMATCH = 20;
    private static final int SQLITE_RANGE = 25;

    private SqlErrors() {
    }

    /**
     * Returns whether the failure is caused by the rows written: SQLState class 22 (data exception) or 23
     * (integrity constraint violation) on PostgreSQL, the matching result codes on SQLite. Anything
     * else (lost connection, locked or read-only database, a table missing after a restore) is treated
     * as the database being unavailable, so the rows are spilled and written later.
     */
    static boolean isDataError(Dialect dialect, SQLException failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return true;
                }
                if (dialect == Dialect.SQLITE) {
                    int primary = e.getErrorCode() & 0xff;
                    if (primary == SQLITE_TOOBIG || primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH
                            || primary == SQLITE_RANGE) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Returns the first SQLState found along the exception chain, or {@code none}. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return "none";
    }

    /**
     * Describes a failure to connect, for logs and exception messages. Connection failures from
     * the drivers name the host, the database or the user, never a password or a row.
     */
    static String describeConnectFailure(Throwable failure) {
        // The deepest SQLException is the driver's own, below the pool's "connection is not available" wrapper.
        Throwable driverFailure = failure;
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException) {
                driverFailure = t;
            }
        }
        String message = driverFailure.getMessage() == null
                ? driverFailure.getClass().getSimpleName() : driverFailure.getMessage();
        return message + " (SQLState " + sqlState(driverFailure) + ")";
    }

    /**
     * Describes a failed statement by exception class, SQLState and the driver's error code only,
     * because a driver's message for a failed batch can quote the statement with its values.
     */
    static String describeStatementFailure(SQLException failure) {
        String code = failure instanceof SQLiteException sqlite ? sqlite.getResultCode().name()
                : String.valueOf(failure.getErrorCode());
        return failure.getClass().getSimpleName() + " (SQLState " + sqlState(failure) + ", code " + code + ")";
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException e && e.getNextException() != null) {
            return e.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}

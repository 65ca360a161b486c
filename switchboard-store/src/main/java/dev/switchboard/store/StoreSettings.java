package dev.switchboard.store;

import dev.switchboard.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RunStore}.
 *
 * <p>The JDBC URL's scheme picks the database: {@code jdbc:sqlite:} or {@code jdbc:postgresql:}.
 * {@link #toString()} masks any password in the URL and never shows {@link #password()}.
 *
 * @param jdbcUrl where the runs are written
 * @param user the database user, or null for none (SQLite, or a user named in the URL)
 * @param password the database password, or null for none
 * @param queueCapacity the maximum number of runs waiting in memory for the writer; runs past it go to the spill file
 * @param batchSize the maximum number of runs written in one transaction
 * @param flushInterval how long the writer waits for a batch to fill before it writes what it has
 * @param spillFile the local file of JSON lines that takes runs while the database is unavailable or the queue
 *        is full; a sibling with the suffix {@code .replaying} is used while they are written back
 * @param maxSpillBytes the maximum size of the spill files together, in bytes; a batch that would pass it is
 *        dropped whole
 */
public record StoreSettings(String jdbcUrl, String user, Secret password, int queueCapacity, int batchSize,
        Duration flushInterval, Path spillFile, long maxSpillBytes) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    /** 1 GiB, roughly half a million runs with full previews. */
    public static final long DEFAULT_MAX_SPILL_BYTES = 1L << 30;

    /** The database file name that {@link #sqlite(Path)} uses. */
    public static final String SQLITE_FILE_NAME = "switchboard.db";
    /** The spill file name that {@link #sqlite(Path)} uses. */
    public static final String SPILL_FILE_NAME = "switchboard-spill.jsonl";

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when the URL's scheme is not supported, or a size or interval is not positive
     */
    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Dialect.fromJdbcUrl(jdbcUrl);
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(spillFile, "spillFile");
        requirePositive("queueCapacity", queueCapacity);
        requirePositive("batchSize", batchSize);
        requirePositive("maxSpillBytes", maxSpillBytes);
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive, got " + flushInterval);
        }
        if (user != null && user.isBlank()) {
            user = null;
        }
    }

    /**
     * Settings for a SQLite database {@code <dataDir>/switchboard.db} with the spill file
     * {@code <dataDir>/switchboard-spill.jsonl} and default sizes. The store opens SQLite in WAL mode with a
     * busy timeout, whatever the URL.
     */
    public static StoreSettings sqlite(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        return of("jdbc:sqlite:" + dir.resolve(SQLITE_FILE_NAME), null, null, dir.resolve(SPILL_FILE_NAME));
    }

    /** Settings for any supported URL with default sizes. */
    public static StoreSettings of(String jdbcUrl, String user, Secret password, Path spillFile) {
        return new StoreSettings(jdbcUrl, user, password, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE,
                DEFAULT_FLUSH_INTERVAL, spillFile, DEFAULT_MAX_SPILL_BYTES);
    }

    /** Returns the database that the URL's scheme names. */
    public Dialect dialect() {
        return Dialect.fromJdbcUrl(jdbcUrl);
    }

    /** Returns a copy with {@code queueCapacity} replaced, validated like the constructor. */
    public StoreSettings withQueueCapacity(int value) {
        return new StoreSettings(jdbcUrl, user, password, value, batchSize, flushInterval, spillFile, maxSpillBytes);
    }

    /** Returns a copy with {@code batchSize} replaced, validated like the constructor. */
    public StoreSettings withBatchSize(int value) {
        return new StoreSettings(jdbcUrl, user, password, queueCapacity, value, flushInterval, spillFile,
                maxSpillBytes);
    }

    /** Returns a copy with {@code flushInterval} replaced, validated like the constructor. */
    public StoreSettings withFlushInterval(Duration value) {
        return new StoreSettings(jdbcUrl, user, password, queueCapacity, batchSize, value, spillFile, maxSpillBytes);
    }

    /** Returns a copy with {@code spillFile} replaced, validated like the constructor. */
    public StoreSettings withSpillFile(Path value) {
        return new StoreSettings(jdbcUrl, user, password, queueCapacity, batchSize, flushInterval, value,
                maxSpillBytes);
    }

    /** Returns a copy with {@code maxSpillBytes} replaced, validated like the constructor. */
    public StoreSettings withMaxSpillBytes(long value) {
        return new StoreSettings(jdbcUrl, user, password, queueCapacity, batchSize, flushInterval, spillFile, value);
    }

    @Override
    public String toString() {
        return "StoreSettings[jdbcUrl=" + JdbcUrls.mask(jdbcUrl) + ", user=" + user
                + ", password=" + (password == null ? "null" : password) + ", queueCapacity=" + queueCapacity
                + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval + ", spillFile=" + spillFile
                + ", maxSpillBytes=" + maxSpillBytes + "]";
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}

package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunSink;
import dev.switchboard.run.RunSinkStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC run store: writes {@link RunRecord}s to {@code llm_runs} and {@code llm_run_attempts}
 * on SQLite or PostgreSQL without blocking the caller.
 *
 * <p>{@link #submit} puts the run in a bounded in-memory queue. One writer thread takes up to
 * {@code batchSize} runs at a time and inserts them, with their attempts, in one transaction.
 * Inserts skip existing keys, so a run written twice leaves one row.
 *
 * <p>Runs the database cannot take now go to the spill file, a local file of JSON lines forced to
 * disk per batch: the batches written while the database is unavailable, and the runs that find the
 * queue full (moved by a second thread, so the caller still does no I/O). Once the database is
 * reachable again, the writer replays the spill file and then deletes it. Runs left in it by an
 * earlier process are replayed after the next start.
 *
 * <p>A run is dropped, and counted in {@link RunSinkStats#dropped()}, only when the spill file is at
 * {@code maxSpillBytes}, its write fails, the overflow queue is full as well, its spill line cannot be
 * read back, the database rejects the run's data, or the store is closed.
 *
 * <p>When PostgreSQL cannot be reached at {@link #open}, the store starts anyway: it logs a WARN,
 * spills every run, and applies the migrations and replays the file once the database is reachable.
 * Wrong credentials, a missing database or a failed migration are configuration errors and make
 * {@link #open} throw. A SQLite file that cannot be opened does too.
 *
 * <p>Thread-safe. Usage:
 * <pre>{@code
 * try (RunStore store = RunStore.open(StoreSettings.sqlite(Path.of("/var/lib/switchboard")))) {
 *     LlmService service = LlmService.builder().provider(client).profile(profile).runSink(store).build();
 *     ...
 * }
 * }</pre>
 */
public final class RunStore implements RunSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunStore.class);

    /** How long {@link #close()} waits for the writer to write or spill the queued runs. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    // SQLStates that no wait can fix: bad user or password, unknown database, no CONNECT privilege.
    private static final Set<String> FATAL_CONNECT_STATES = Set.of("28000", "28P01", "3D000", "42501");
    private static final int POOL_SIZE = 4;
    private static final long CONNECTION_TIMEOUT_MS = 2_000;

    private final StoreSettings settings;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final BlockingQueue<RunRecord> queue;
    private final StoreCounters counters;
    private final Spiller spiller;
    private final OverflowSpiller overflow;
    private final RunWriter writer;
    private final Thread writerThread;
    private final Thread overflowThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunStore(StoreSettings settings, HikariDataSource pool, SpillFile spillFile, boolean available) {
        this.settings = settings;
        this.dialect = settings.dialect();
        this.pool = pool;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.counters = new StoreCounters();
        this.spiller = new Spiller(spillFile, new SpillCodec(), counters);
        this.overflow = new OverflowSpiller(settings.queueCapacity(), spiller);
        this.writer = new RunWriter(queue, pool, dialect, spiller, counters, settings, available, System::nanoTime);
        this.writerThread = Thread.ofPlatform().name("switchboard-store-writer").daemon(true).unstarted(writer);
        this.overflowThread = Thread.ofPlatform().name("switchboard-store-spill").daemon(true).unstarted(overflow);
    }

    /**
     * Opens the pool, applies the schema migrations and starts the writer.
     *
     * @throws RunStoreException when the database rejects the user or password, does not exist, the migration
     *         fails, a SQLite file cannot be opened, or the spill file's folder cannot be created
     */
    public static RunStore open(StoreSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Dialect dialect = settings.dialect();
        String maskedUrl = JdbcUrls.mask(settings.jdbcUrl());
        SpillFile spillFile = openSpillFile(settings);
        if (dialect == Dialect.SQLITE) {
            createSqliteFolder(settings.jdbcUrl(), maskedUrl);
        }
        HikariDataSource pool = new HikariDataSource(poolConfig(settings, dialect));
        boolean available;
        try {
            available = connectAndMigrate(pool, dialect, settings, maskedUrl);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        RunStore store = new RunStore(settings, pool, spillFile, available);
        store.writerThread.start();
        store.overflowThread.start();
        log.atInfo()
                .addKeyValue("url", maskedUrl)
                .addKeyValue("dialect", dialect)
                .addKeyValue("database_available", available)
                .addKeyValue("spill_file", spillFile.path())
                .addKeyValue("pending_spill_bytes", spillFile.sizeBytes())
                .log("run store started");
        return store;
    }

    /**
     * Queues a finished run without blocking. When the queue is full, the run goes to the spill file
     * through a second queue. It is dropped only when that queue is full too or the store is closed.
     */
    @Override
    public void submit(RunRecord run) {
        Objects.requireNonNull(run, "run");
        if (closed.get()) {
            spiller.drop(1, "run store is closed", null);
            return;
        }
        if (queue.offer(run)) {
            counters.queued.increment();
        } else if (!overflow.offer(run)) {
            spiller.drop(1, "queue and overflow queue are full", null);
        }
    }

    /** Returns the counters since {@link #open}, where {@code queueDepth} counts both in-memory queues. */
    public RunSinkStats stats() {
        return counters.snapshot(queue.size() + overflow.depth());
    }

    /** Returns the pooled data source, for reports such as {@link FailureReport} and {@link RunQueries}. */
    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Returns whether the writer last found the database reachable, false while runs go to the spill file. */
    public boolean isDatabaseAvailable() {
        return writer.isAvailable();
    }

    /**
     * Writes the queued runs (or spills them when the database is unavailable), waiting up to
     * {@link #CLOSE_TIMEOUT}, then closes the pool. Runs still queued after the wait are spilled from
     * the calling thread. A spill file that is not yet replayed stays for the next start. Runs
     * submitted after this call are dropped. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.requestClose();
        overflow.requestClose();
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        boolean writerDone = join(writerThread, deadline);
        boolean overflowDone = join(overflowThread, deadline);

        if (!writerDone) {
            // NOTE: the writer's current batch is spilled only when its stuck call returns, so it is lost if the
            // process exits first. The PostgreSQL socket timeout (60 s) bounds that call.
            log.atWarn()
                    .addKeyValue("timeout_ms", CLOSE_TIMEOUT.toMillis())
                    .log("run store writer did not finish in time; spilling the queued runs");
            writerThread.interrupt();
        }
        if (!overflowDone) {
            overflowThread.interrupt();
        }

        spillQueued();
        overflow.spillRemaining();
        pool.close();

        RunSinkStats stats = stats();
        log.atInfo()
                .addKeyValue("written", stats.written())
                .addKeyValue("spilled", stats.spilled())
                .addKeyValue("replayed", stats.replayed())
                .addKeyValue("dropped", stats.dropped())
                .addKeyValue("pending_spill_bytes", spiller.file().sizeBytes())
                .log("run store closed");
    }

    private void spillQueued() {
        List<RunRecord> rest = new ArrayList<>();
        while (queue.drainTo(rest, settings.batchSize()) > 0) {
            spiller.spill(rest);
            rest.clear();
        }
    }

    private static boolean join(Thread thread, long deadline) {
        try {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(Duration.ofNanos(remaining));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static SpillFile openSpillFile(StoreSettings settings) {
        try {
            return new SpillFile(settings.spillFile(), settings.maxSpillBytes());
        } catch (IOException e) {
            throw new RunStoreException("cannot open the run store spill file '" + settings.spillFile()
                    + "': " + e.getMessage() + "; set a spill file in a writable folder", e);
        }
    }

    private static void createSqliteFolder(String jdbcUrl, String maskedUrl) {
        Path file = JdbcUrls.sqliteFile(jdbcUrl);
        if (file == null && !jdbcUrl.contains("cache=shared")) {
            throw new RunStoreException("in-memory SQLite URL '" + maskedUrl + "' is not supported because each"
                    + " pooled connection would open its own empty database; use a file path such as"
                    + " jdbc:sqlite:/var/lib/switchboard/switchboard.db", null);
        }
        if (file == null || file.toAbsolutePath().getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new RunStoreException("cannot create the folder of the SQLite database '" + maskedUrl + "': "
                    + e.getMessage() + "; point the URL at a writable folder", e);
        }
    }

    private static HikariConfig poolConfig(StoreSettings settings, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchboard-store");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password().reveal());
        }

        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(1_000);
        // Start without a connection: an unreachable database must not stop the host from starting.
        config.setInitializationFailTimeout(-1);

        switch (dialect) {
            case SQLITE -> {
                // sqlite-jdbc reads pragmas from the connection properties.
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("busy_timeout", "5000");
                config.addDataSourceProperty("foreign_keys", "true");
            }
            case POSTGRESQL -> {
                config.addDataSourceProperty("ApplicationName", "switchboard-store");
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
                // Keeps key values of a rejected row out of exception messages.
                config.addDataSourceProperty("logServerErrorDetail", "false");
                config.addDataSourceProperty("connectTimeout", "5");
                config.addDataSourceProperty("socketTimeout", "60");
            }
        }
        return config;
    }

    /**
     * Connects once and applies the migrations. Returns false when PostgreSQL cannot be reached, so
     * the store starts in the spilling state.
     */
    private static boolean connectAndMigrate(HikariDataSource pool, Dialect dialect, StoreSettings settings,
            String maskedUrl) {
        try (Connection connection = pool.getConnection()) {
            Dialect actual = Dialect.of(connection);
            if (actual != dialect) {
                throw new RunStoreException("the run store URL '" + maskedUrl + "' reached a " + actual
                        + " database; use a " + actual.name().toLowerCase() + " URL", null);
            }
        } catch (SQLException e) {
            String state = SqlErrors.sqlState(e);
            String reason = SqlErrors.describeConnectFailure(e);
            if (dialect == Dialect.SQLITE || FATAL_CONNECT_STATES.contains(state)) {
                throw new RunStoreException("cannot connect to the run store database '" + maskedUrl + "' as user '"
                        + settings.user() + "': " + reason + "; " + fixFor(dialect, state), e);
            }
            log.atWarn()
                    .addKeyValue("url", maskedUrl)
                    .addKeyValue("reason", reason)
                    .addKeyValue("spill_file", settings.spillFile())
                    .addKeyValue("fix", "check that the database server runs and that the URL's host and port"
                            + " are right")
                    .log("run store database is unreachable at startup; starting anyway and spilling runs to file");
            return false;
        }
        try {
            int applied = Migrations.migrate(pool, dialect);
            log.atDebug().addKeyValue("migrations_applied", applied).log("run store schema is up to date");
        } catch (FlywayException e) {
            throw new RunStoreException("cannot migrate the run store schema at '" + maskedUrl + "': "
                    + e.getMessage() + "; the user needs rights to create tables and indexes there", e);
        }
        return true;
    }

    private static String fixFor(Dialect dialect, String state) {
        if (dialect == Dialect.SQLITE) {
            return "point the URL at a writable file";
        }
        return switch (state) {
            case "3D000" -> "create the database first (CREATE DATABASE) or fix its name in the URL";
            case "42501" -> "grant the user CONNECT on the database";
            default -> "check the user and password";
        };
    }

    @Override
    public String toString() {
        return "RunStore[" + JdbcUrls.mask(settings.jdbcUrl()) + "]";
    }
}

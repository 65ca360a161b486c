package dev.switchboard.store;

import dev.switchboard.run.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer thread. It drains the queue in batches and writes each batch in one
 * transaction. While the database is unavailable it spills each batch to the spill file and probes
 * the database with exponential backoff. Once the database is back it replays the spill file one
 * chunk per loop turn, between queue batches, so new runs keep flowing during a long replay.
 *
 * <p>All fields but {@code closing} and {@code available} are touched by the writer thread only.
 */
final class RunWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RunWriter.class);

    private static final long MIN_BACKOFF_NANOS = Duration.ofMillis(100).toNanos();
    private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(5).toNanos();
    /** The maximum single wait on the queue, so a close request is seen promptly. */
    private static final long IDLE_SLEEP_NANOS = Duration.ofMillis(5).toNanos();
    private static final long REPLAY_RETRY_NANOS = Duration.ofSeconds(5).toNanos();

    private final BlockingQueue<RunRecord> queue;
    private final DataSource dataSource;
    private final Dialect dialect;
    private final RunInserter inserter;
    private final Spiller spiller;
    private final StoreCounters counters;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final String maskedUrl;
    private final LongSupplier nanoTime;
    private final LogLimiter stillDownLog;
    private final LogLimiter rejectLog;

    private volatile boolean closing;
    private volatile boolean available;
    private boolean migrated;
    private long nextProbeAt;
    private long backoffNanos = MIN_BACKOFF_NANOS;
    private long downSinceNanos;
    private long spilledAtDown;

    private SpillReplay replay;
    private long replayCommittedLines;
    private long replayedFromFile;
    private long nextReplayAt;

    RunWriter(BlockingQueue<RunRecord> queue, DataSource dataSource, Dialect dialect, Spiller spiller,
            StoreCounters counters, StoreSettings settings, boolean available, LongSupplier nanoTime) {
        this.queue = queue;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.inserter = new RunInserter(dialect);
        this.spiller = spiller;
        this.counters = counters;
        this.batchSize = settings.batchSize();
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.maskedUrl = JdbcUrls.mask(settings.jdbcUrl());
        this.nanoTime = nanoTime;
        this.stillDownLog = new LogLimiter(Duration.ofMinutes(1), nanoTime);
        this.rejectLog = new LogLimiter(Duration.ofSeconds(10), nanoTime);
        this.available = available;
        this.migrated = available;
        this.downSinceNanos = nanoTime.getAsLong();
        this.nextProbeAt = downSinceNanos;
        this.nextReplayAt = downSinceNanos;
        if (!available) {
            // RunStore.open has logged the outage at WARN; the next WARN comes after the limiter's interval.
            stillDownLog.tryAcquire();
        }
    }

    boolean isAvailable() {
        return available;
    }

    /** Asks the writer to write what is queued and stop; a pending replay waits for the next start. */
    void requestClose() {
        closing = true;
    }

    @Override
    public void run() {
        List<RunRecord> batch = new ArrayList<>(batchSize);
        try {
            while (true) {
                boolean stopping = closing;
                boolean replayPending = !stopping && replayDue();
                collect(batch, stopping || replayPending);
                if (batch.isEmpty() && stopping) {
                    return;
                }
                try {
                    step(batch, stopping);
                } catch (RuntimeException e) {
                    log.atError().setCause(e).log("run store writer failed unexpectedly; spilling the batch");
                    spiller.spill(batch);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spiller.spill(batch);
        } finally {
            closeReplay();
        }
    }

    private void step(List<RunRecord> batch, boolean stopping) {
        if (!available && !stopping && nanoTime.getAsLong() - nextProbeAt >= 0) {
            probe();
        }
        if (!batch.isEmpty()) {
            if (available) {
                write(batch);
            } else {
                spiller.spill(batch);
            }
        }
        if (!stopping && replayDue()) {
            replayChunk();
        }
    }

    private boolean replayDue() {
        return available && spiller.file().hasPending() && nanoTime.getAsLong() - nextReplayAt >= 0;
    }

    /**
     * Fills the batch: waits up to one flush interval for a first run unless {@code noWait}, then
     * takes more until the batch is full or one flush interval has passed since the first run.
     */
    private void collect(List<RunRecord> batch, boolean noWait) throws InterruptedException {
        RunRecord first = noWait ? queue.poll() : poll(nanoTime.getAsLong() + flushIntervalNanos);
        if (first == null) {
            return;
        }
        batch.add(first);
        long deadline = nanoTime.getAsLong() + flushIntervalNanos;
        while (true) {
            queue.drainTo(batch, batchSize - batch.size());
            if (batch.size() >= batchSize || noWait || closing) {
                return;
            }
            RunRecord next = poll(deadline);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private RunRecord poll(long deadline) throws InterruptedException {
        while (!closing) {
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0) {
                return null;
            }
            RunRecord run = queue.poll();
            if (run != null) {
                return run;
            }
            // Sleeping instead of a timed poll keeps submit() from signalling this thread for every
            // run: at gateway rates a wake-up per run costs more than the insert itself.
            LockSupport.parkNanos(Math.min(remaining, IDLE_SLEEP_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("run writer interrupted");
            }
        }
        return queue.poll();
    }

    private void write(List<RunRecord> batch) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            markUnavailable(SqlErrors.describeConnectFailure(e));
            spiller.spill(batch);
            return;
        }
        try (connection) {
            inserter.insert(connection, batch);
            counters.written.add(batch.size());
        } catch (SQLException e) {
            if (SqlErrors.isDataError(dialect, e)) {
                writeOneByOne(batch);
            } else {
                markUnavailable(describeWriteFailure(e));
                spiller.spill(batch);
            }
        }
    }

    /**
     * Writes each run in its own transaction after a batch was rejected, so one bad run does not
     * take the others with it. Returns false when the database became unavailable; the runs not yet
     * written are then spilled.
     */
    private boolean writeOneByOne(List<RunRecord> runs) {
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = runs.get(i);
            try (Connection connection = dataSource.getConnection()) {
                inserter.insert(connection, List.of(run));
                counters.written.increment();
            } catch (SQLException e) {
                if (SqlErrors.isDataError(dialect, e)) {
                    rejected(run, e);
                } else {
                    markUnavailable(describeWriteFailure(e));
                    spiller.spill(runs.subList(i, runs.size()));
                    return false;
                }
            }
        }
        return true;
    }

    private void replayChunk() {
        try {
            if (replay == null) {
                Path file = spiller.file().beginReplay();
                if (file == null) {
                    return;
                }
                replay = SpillReplay.open(file, spiller.codec(), replayCommittedLines);
            }
            SpillReplay.Chunk chunk = replay.next(batchSize);
            if (!chunk.runs().isEmpty() && !writeReplayed(chunk.runs())) {
                closeReplay();
                return;
            }
            replayCommittedLines = chunk.endLine();
            if (chunk.unreadable() > 0) {
                log.atWarn()
                        .addKeyValue("spill_file", spiller.file().replayingPath())
                        .addKeyValue("count", chunk.unreadable())
                        .log("run store skipped unreadable spill lines");
                spiller.drop(chunk.unreadable(), "spill line could not be read", null);
            }
            if (chunk.endOfFile()) {
                finishReplay();
            }
        } catch (IOException e) {
            log.atError()
                    .addKeyValue("spill_file", spiller.file().replayingPath())
                    .addKeyValue("error", e.toString())
                    .log("run store cannot read the spill file; retrying in 5 s");
            closeReplay();
            nextReplayAt = nanoTime.getAsLong() + REPLAY_RETRY_NANOS;
        }
    }

    /** Writes replayed runs; returns false when the database became unavailable. */
    private boolean writeReplayed(List<RunRecord> runs) {
        long writtenBefore = counters.written.sum();
        boolean done;
        try (Connection connection = dataSource.getConnection()) {
            inserter.insert(connection, runs);
            counters.written.add(runs.size());
            done = true;
        } catch (SQLException e) {
            if (SqlErrors.isDataError(dialect, e)) {
                done = replayOneByOne(runs);
            } else {
                markUnavailable(describeWriteFailure(e));
                return false;
            }
        }
        if (done) {
            long replayed = counters.written.sum() - writtenBefore;
            counters.replayed.add(replayed);
            replayedFromFile += replayed;
        }
        return done;
    }

    private boolean replayOneByOne(List<RunRecord> runs) {
        for (RunRecord run : runs) {
            try (Connection connection = dataSource.getConnection()) {
                inserter.insert(connection, List.of(run));
                counters.written.increment();
            } catch (SQLException e) {
                if (!SqlErrors.isDataError(dialect, e)) {
                    markUnavailable(describeWriteFailure(e));
                    return false;
                }
                rejected(run, e);
            }
        }
        return true;
    }

    private void rejected(RunRecord run, SQLException e) {
        long heldBack = rejectLog.tryAcquire();
        if (heldBack >= 0) {
            // The id is a generated key, not row content, so it may be logged; the driver's message may not.
            log.atError()
                    .addKeyValue("llm_run_id", run.llmRunId())
                    .addKeyValue("sql_state", SqlErrors.sqlState(e))
                    .addKeyValue("vendor_code", e.getErrorCode())
                    .addKeyValue("reject_logs_held_back", heldBack)
                    .log("run store database rejected a run");
        }
        spiller.drop(1, "database rejected the run", null);
    }

    private void finishReplay() throws IOException {
        closeReplay();
        spiller.file().finishReplay();
        log.atInfo()
                .addKeyValue("count", replayedFromFile)
                .addKeyValue("spill_file", spiller.file().replayingPath())
                .log("run store replayed spilled runs");
        replayCommittedLines = 0;
        replayedFromFile = 0;
    }

    private void closeReplay() {
        if (replay != null) {
            try {
                replay.close();
            } catch (IOException ignored) {
                // Only a reader is closed; nothing was written through it.
            }
            replay = null;
        }
    }

    private void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("connection is not valid");
            }
        } catch (SQLException e) {
            probeFailed(SqlErrors.describeConnectFailure(e));
            return;
        }
        if (!migrated) {
            try {
                Migrations.migrate(dataSource, dialect);
                migrated = true;
            } catch (FlywayException e) {
                probeFailed("schema migration failed: " + e.getMessage());
                return;
            }
        }
        available = true;
        backoffNanos = MIN_BACKOFF_NANOS;
        log.atInfo()
                .addKeyValue("url", maskedUrl)
                .addKeyValue("down_ms", TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - downSinceNanos))
                .addKeyValue("spilled_while_down", counters.spilled.sum() - spilledAtDown)
                .log("run store database is available again; replaying spilled runs");
    }

    private void probeFailed(String reason) {
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
        nextProbeAt = nanoTime.getAsLong() + backoffNanos;
        long heldBack = stillDownLog.tryAcquire();
        if (heldBack >= 0) {
            log.atWarn()
                    .addKeyValue("url", maskedUrl)
                    .addKeyValue("reason", reason)
                    .addKeyValue("down_ms", TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - downSinceNanos))
                    .addKeyValue("spilled_while_down", counters.spilled.sum() - spilledAtDown)
                    .log("run store database is still unavailable; runs are spilled to file");
        } else {
            log.atDebug().addKeyValue("reason", reason).log("run store database probe failed");
        }
    }

    private void markUnavailable(String reason) {
        if (!available) {
            return;
        }
        available = false;
        downSinceNanos = nanoTime.getAsLong();
        spilledAtDown = counters.spilled.sum();
        backoffNanos = MIN_BACKOFF_NANOS;
        nextProbeAt = downSinceNanos + backoffNanos;
        stillDownLog.tryAcquire();
        log.atWarn()
                .addKeyValue("url", maskedUrl)
                .addKeyValue("reason", reason)
                .addKeyValue("spill_file", spiller.file().path())
                .log("run store database is unavailable; spilling runs to file until it is back");
    }

    private static String describeWriteFailure(SQLException e) {
        return SqlErrors.describeStatementFailure(e);
    }
}

package dev.switchboard.store;

import dev.switchboard.run.RunRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes runs to the spill file and counts them as spilled, or as dropped when the file is at its
 * size limit or the write fails. Thread-safe.
 */
final class Spiller {

    private static final Logger log = LoggerFactory.getLogger(Spiller.class);

    private final SpillFile file;
    private final SpillCodec codec;
    private final StoreCounters counters;
    private final LogLimiter dropLog = new LogLimiter(Duration.ofSeconds(10), System::nanoTime);

    Spiller(SpillFile file, SpillCodec codec, StoreCounters counters) {
        this.file = file;
        this.codec = codec;
        this.counters = counters;
    }

    SpillFile file() {
        return file;
    }

    SpillCodec codec() {
        return codec;
    }

    /** Appends the runs to the spill file; returns whether they were written. */
    boolean spill(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return true;
        }
        byte[] lines = codec.encode(runs);
        try {
            if (file.append(lines)) {
                counters.spilled.add(runs.size());
                return true;
            }
            drop(runs.size(), "spill file reached its size limit", null);
        } catch (IOException e) {
            drop(runs.size(), "spill file write failed", e);
        }
        return false;
    }

    /** Counts runs as lost and logs it at ERROR, at most once per ten seconds. */
    void drop(int count, String reason, Exception failure) {
        counters.dropped.add(count);
        long heldBack = dropLog.tryAcquire();
        if (heldBack >= 0) {
            var event = log.atError()
                    .addKeyValue("count", count)
                    .addKeyValue("reason", reason)
                    .addKeyValue("spill_file", file.path())
                    .addKeyValue("spill_bytes", file.sizeBytes())
                    .addKeyValue("drop_logs_held_back", heldBack);
            if (failure != null) {
                event = event.addKeyValue("error", failure.toString());
            }
            event.log("run store dropped runs");
        }
    }
}

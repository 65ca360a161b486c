package dev.switchboard.telemetry;

import dev.switchboard.run.RunSinkStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run store's counters, read from a {@link RunSinkStats} source at each scrape:
 * {@code switchboard_store_records_total{outcome}} with outcome queued, written, spilled,
 * replayed or dropped, and the gauge {@code switchboard_store_queue_depth}.
 *
 * <p>Micrometer keeps only a weak reference to the object a function counter reads, so the
 * meters read this object, which {@link Telemetry} holds for as long as it lives, rather than the
 * caller's supplier.
 */
final class RunSinkMeters {

    private static final Logger log = LoggerFactory.getLogger(RunSinkMeters.class);

    static final String RECORDS = "switchboard.store.records";
    static final String QUEUE_DEPTH = "switchboard.store.queue.depth";

    private final MeterRegistry registry;
    private volatile Supplier<RunSinkStats> source;
    private volatile boolean failureLogged;

    RunSinkMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Reads from {@code stats} from now on; registers the meters on the first call. */
    synchronized void bind(Supplier<RunSinkStats> stats) {
        boolean first = source == null;
        source = stats;
        if (!first) {
            return;
        }
        counter("queued", RunSinkStats::queued);
        counter("written", RunSinkStats::written);
        counter("spilled", RunSinkStats::spilled);
        counter("replayed", RunSinkStats::replayed);
        counter("dropped", RunSinkStats::dropped);
        Gauge.builder(QUEUE_DEPTH, this, meters -> meters.read(RunSinkStats::queueDepth))
                .description("Run records waiting in the store's in-memory queue")
                .register(registry);
    }

    private void counter(String outcome, ToDoubleFunction<RunSinkStats> field) {
        FunctionCounter.builder(RECORDS, this, meters -> meters.read(field))
                .description("Run records by outcome since the store started")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * Returns the field of the current stats, or NaN when the source returns null or fails. A
     * failure must not fail the whole scrape, so it is logged, at WARN the first time and at
     * DEBUG after that, since it repeats at every scrape.
     */
    private double read(ToDoubleFunction<RunSinkStats> field) {
        try {
            RunSinkStats stats = source.get();
            return stats == null ? Double.NaN : field.applyAsDouble(stats);
        } catch (RuntimeException e) {
            if (!failureLogged) {
                failureLogged = true;
                log.atWarn().setCause(e).log("run sink stats failed; store metrics read NaN, and repeats log at DEBUG");
            } else {
                log.atDebug().setCause(e).log("run sink stats failed");
            }
            return Double.NaN;
        }
    }
}

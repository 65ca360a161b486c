package dev.switchboard.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's own metrics: {@code llm_gateway_overhead_ms}, the histogram of time spent in the
 * gateway outside provider calls, and {@code switchboard_gateway_rejected_total{reason}}. The
 * meters are registered on first use, so an application that embeds only the library exposes
 * none of them.
 */
final class GatewayMetrics {

    static final String OVERHEAD = "llm.gateway.overhead.ms";
    static final String REJECTED = "switchboard.gateway.rejected";

    /**
     * Histogram bucket bounds in milliseconds, from 1 to 100.
     *
     * <p>NOTE: Micrometer 1.17 rounds every value recorded into a distribution summary's
     * fixed-bucket histogram up to a whole number before counting it
     * ({@code TimeWindowFixedBoundaryHistogram.recordDouble}), so bounds below 1 or between whole
     * numbers would count wrongly. Overheads under 1 ms all land in the first bucket; the
     * {@code _sum}, {@code _count} and {@code _max} series keep full precision. A Timer would keep
     * sub-millisecond buckets, but Prometheus names timers {@code _seconds}.
     */
    static final double[] OVERHEAD_BUCKETS_MS = {1, 2, 5, 10, 25, 50, 100};

    private final MeterRegistry registry;
    private volatile DistributionSummary overhead;
    private final AtomicReferenceArray<Counter> rejected =
            new AtomicReferenceArray<>(GatewayRejection.values().length);

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recordOverhead(long nanos) {
        DistributionSummary summary = overhead;
        if (summary == null) {
            // Registration is idempotent, so two threads that race here get the same meter.
            summary = DistributionSummary.builder(OVERHEAD)
                    .description("Gateway request time outside provider calls, in milliseconds")
                    .serviceLevelObjectives(OVERHEAD_BUCKETS_MS)
                    .register(registry);
            overhead = summary;
        }
        summary.record(Math.max(0, nanos) / 1_000_000.0);
    }

    void rejected(GatewayRejection rejection) {
        int index = rejection.ordinal();
        Counter counter = rejected.get(index);
        if (counter == null) {
            counter = Counter.builder(REJECTED)
                    .description("Gateway requests rejected before any provider call, by reason")
                    .tag("reason", rejection.reason())
                    .register(registry);
            rejected.set(index, counter);
        }
        counter.increment();
    }
}

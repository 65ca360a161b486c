package dev.switchboard.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per interval for a failure that repeats, and counts the lines held back.
 * Thread-safe.
 */
final class LogLimiter {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    LogLimiter(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Returns the number of events held back since the last permitted one when this event may be
     * logged, or -1 when it is held back.
     */
    long tryAcquire() {
        long now = nanoTime.getAsLong();
        long allowedAt = nextAllowed.get();
        if (now - allowedAt >= 0 && nextAllowed.compareAndSet(allowedAt, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}

package dev.switchboard.routing;

import dev.switchboard.error.LlmUnavailable;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A non-blocking semaphore for one provider: at most {@code maxConcurrency} attempts in flight
 * and at most {@code maxQueued} waiting. Both limits can be changed while it runs.
 */
public final class ConcurrencyLimiter {

    private final String provider;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int maxConcurrency;
    private int maxQueued;
    private int inFlight;

    public ConcurrencyLimiter(String provider, int maxConcurrency, int maxQueued) {
        this.provider = provider;
        setLimits(maxConcurrency, maxQueued);
    }

    /**
     * Returns a future that completes when a slot is free. It fails with {@link LlmUnavailable}
     * at once when the queue is full. Every completed acquire must be paired with {@link #release()}.
     */
    public CompletableFuture<Void> acquire() {
        lock.lock();
        try {
            if (inFlight < maxConcurrency) {
                inFlight++;
                return CompletableFuture.completedFuture(null);
            }
            if (waiters.size() >= maxQueued) {
                return CompletableFuture.failedFuture(new LlmUnavailable("provider '" + provider
                        + "' is at its concurrency limit of " + maxConcurrency + " with " + waiters.size()
                        + " attempts queued; raise max_concurrency or max_queued for it, or add a deployment"));
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        } finally {
            lock.unlock();
        }
    }

    /** Frees a slot, handing it to the oldest waiter if there is one. */
    public void release() {
        CompletableFuture<Void> next;
        lock.lock();
        try {
            if (inFlight > maxConcurrency || waiters.isEmpty()) {
                inFlight--;
                return;
            }
            next = waiters.poll();
        } finally {
            lock.unlock();
        }
        next.complete(null);
    }

    /** Changes the limits; a lower concurrency takes effect as attempts finish. */
    public void setLimits(int newMaxConcurrency, int newMaxQueued) {
        if (newMaxConcurrency < 1) {
            throw new IllegalArgumentException("provider '" + provider + "': max_concurrency must be 1 or more, got "
                    + newMaxConcurrency);
        }
        if (newMaxQueued < 0) {
            throw new IllegalArgumentException("provider '" + provider + "': max_queued must be 0 or more, got "
                    + newMaxQueued);
        }
        java.util.List<CompletableFuture<Void>> admitted = new java.util.ArrayList<>();
        lock.lock();
        try {
            maxConcurrency = newMaxConcurrency;
            maxQueued = newMaxQueued;
            while (inFlight < maxConcurrency && !waiters.isEmpty()) {
                inFlight++;
                admitted.add(waiters.poll());
            }
        } finally {
            lock.unlock();
        }
        admitted.forEach(waiter -> waiter.complete(null));
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int queued() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    public int maxConcurrency() {
        lock.lock();
        try {
            return maxConcurrency;
        } finally {
            lock.unlock();
        }
    }
}

package dev.switchboard.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Schedules the continuation of a retry, so tests can replace waiting with recording. */
@FunctionalInterface
public interface Delayer {

    /** Waits on the JDK's shared delay scheduler, without holding a thread. */
    Delayer SYSTEM = delay -> CompletableFuture.runAsync(() -> { },
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));

    /** Returns a future that completes once {@code delay} has passed. */
    CompletableFuture<Void> after(Duration delay);
}

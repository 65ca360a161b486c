package dev.switchboard.run;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Generates UUIDv7 run ids (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids
 * sort by creation time. Within one millisecond the 12-bit counter field keeps ids from one
 * generator increasing.
 *
 * <p>The random bits come from {@link ThreadLocalRandom}: run ids must be unique, not
 * unguessable, and a {@code SecureRandom} read per call serialises the gateway's event loops on
 * one lock.
 */
public final class RunIds {

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private long lastMillis = -1;
    private int counter;

    public RunIds(Clock clock) {
        this.clock = clock;
    }

    public RunIds() {
        this(Clock.systemUTC());
    }

    /** Returns a new id in the canonical 36-character form. */
    public String next() {
        long millis;
        int sequence;
        lock.lock();
        try {
            millis = clock.millis();
            if (millis <= lastMillis) {
                millis = lastMillis;
                counter++;
                if (counter > 0xFFF) {
                    millis = ++lastMillis;
                    counter = ThreadLocalRandom.current().nextInt(0x800);
                }
            } else {
                lastMillis = millis;
                counter = ThreadLocalRandom.current().nextInt(0x800);
            }
            sequence = counter;
        } finally {
            lock.unlock();
        }
        long high = (millis << 16) | 0x7000L | sequence;
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}

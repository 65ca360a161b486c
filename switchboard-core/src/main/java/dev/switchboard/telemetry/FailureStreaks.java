package dev.switchboard.telemetry;

import dev.switchboard.error.ErrorCode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each provider's consecutive failed attempts, so that the attempt log can raise a
 * failure at WARN when a streak starts and log the repeats at INFO. Provider names come from
 * configuration, so the map stays small.
 */
final class FailureStreaks {

    private final ConcurrentHashMap<String, Streak> byProvider = new ConcurrentHashMap<>();

    /**
     * Records a failure and returns the length of the provider's current streak, this failure
     * included. A failure with a different error code than the previous one starts a new streak.
     */
    int failed(String provider, ErrorCode code) {
        return byProvider.computeIfAbsent(provider, name -> new Streak()).failed(code);
    }

    /** Ends the provider's streak. */
    void succeeded(String provider) {
        Streak streak = byProvider.get(provider);
        if (streak != null) {
            streak.reset();
        }
    }

    /** Returns whether the failure that makes a streak this long logs at WARN: the 1st, 10th, 100th and so on. */
    static boolean warns(int streak) {
        int n = streak;
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    private static final class Streak {
        private int count;
        private ErrorCode code;

        synchronized int failed(ErrorCode failure) {
            if (failure != code) {
                code = failure;
                count = 0;
            }
            // Saturate instead of wrapping after two billion failures.
            if (count < Integer.MAX_VALUE) {
                count++;
            }
            return count;
        }

        synchronized void reset() {
            count = 0;
            code = null;
        }
    }
}

package dev.switchboard.server.simulator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats the short durations of the simulator config ({@code 20ms}, {@code 5s}, {@code 1m}). */
final class DurationText {

    static final String ALLOWED = "a whole number followed by ms, s, m or h, such as 20ms, 5s or 1m";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private DurationText() {
    }

    /**
     * Parses {@code text} such as {@code 250ms}.
     *
     * @throws IllegalArgumentException when {@code text} does not match {@link #ALLOWED}
     */
    static Duration parse(String text) {
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalStateException("unit without a case: " + matcher.group(2));
        };
    }

    /** Formats {@code duration} in the config notation, in the largest unit that keeps it exact. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0ms";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /**
     * Formats {@code duration} as a protobuf {@code Duration} in JSON form: decimal seconds with 0 or
     * 3 fractional digits and a trailing {@code s}, such as {@code 20s} or {@code 0.250s}.
     */
    static String protobuf(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return String.format(java.util.Locale.ROOT, "%d.%03ds", millis / 1000, millis % 1000);
    }

    /** Whole seconds for an HTTP {@code retry-after} header, rounded up so a client never retries early. */
    static long retryAfterSeconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }
}

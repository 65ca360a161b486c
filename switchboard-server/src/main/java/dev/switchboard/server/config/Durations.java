package dev.switchboard.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT30S}. */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        Matcher matcher = SIMPLE.matcher(value);
        if (matcher.matches()) {
            if (matcher.group(1).length() > 12) {
                throw outOfRange(text);
            }
            long amount = Long.parseLong(matcher.group(1));
            return checkRange(text, switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return checkRange(text, Duration.parse(value));
            } catch (DateTimeParseException | ArithmeticException e) {
                // fall through to the common message
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number with a unit,"
                + " such as 500ms, 30s, 5m or 1h");
    }

    /** The maximum duration accepted: longer ones are typing mistakes, and would overflow milliseconds. */
    public static final Duration MAX = Duration.ofDays(365);

    private static Duration checkRange(String text, Duration duration) {
        if (duration.isNegative() || duration.compareTo(MAX) > 0) {
            throw outOfRange(text);
        }
        return duration;
    }

    private static IllegalArgumentException outOfRange(String text) {
        return new IllegalArgumentException("'" + text + "' is out of range; use a duration from 0ms to 365d");
    }

    /** Formats a duration the way {@link #parse} reads it, in the largest whole unit. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}

package dev.switchboard.provider;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the retry delays providers send. Every parser returns null for a value it does not
 * understand, so that a malformed hint falls back to the router's own backoff.
 */
final class RetryDelays {

    /** A protobuf {@code Duration} in JSON form: decimal seconds with 0 to 9 fractional digits. */
    private static final Pattern PROTOBUF_DURATION = Pattern.compile("^(\\d+)(?:\\.(\\d{1,9}))?s$");
    private static final Pattern DECIMAL = Pattern.compile("^\\d+(?:\\.\\d+)?$");
    /** One term of a Go {@code time.Duration} string such as {@code 1h6m0.5s}. */
    private static final Pattern GO_DURATION_TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    /** Caps parsed delays so that a garbled value cannot overflow {@link Duration}. */
    private static final long MAX_SECONDS = 366L * 24 * 3600;

    private RetryDelays() {
    }

    /** Parses a protobuf duration such as {@code 22s} or {@code 1.250s}, as in Gemini's {@code RetryInfo}. */
    static Duration protobufDuration(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = PROTOBUF_DURATION.matcher(value.strip());
        if (!matcher.matches() || matcher.group(1).length() > 12) {
            return null;
        }
        long seconds = Long.parseLong(matcher.group(1));
        String fraction = matcher.group(2);
        long nanos = fraction == null ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
        return capped(Duration.ofSeconds(seconds, nanos));
    }

    /**
     * Reads {@code retry-after-ms} (milliseconds), then {@code retry-after} (seconds or an HTTP
     * date), the order openai-python uses.
     */
    static Duration retryAfterHeaders(TransportResponse response, Clock clock) {
        Duration millis = decimal(response.header("retry-after-ms"), 1_000_000);
        if (millis != null) {
            return millis;
        }
        String retryAfter = response.header("retry-after");
        if (retryAfter == null) {
            return null;
        }
        Duration seconds = decimal(retryAfter, 1_000_000_000);
        return seconds != null ? seconds : httpDate(retryAfter, clock);
    }

    /** Parses a Go duration string such as {@code 6m0s}, {@code 12ms} or {@code 1h30m}. */
    static Duration goDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = GO_DURATION_TERM.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        while (matcher.find()) {
            if (matcher.start() != position) {
                return null;
            }
            long unitNanos = switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
            position = matcher.end();
        }
        if (position == 0 || position != text.length()) {
            return null;
        }
        return fromNanos(nanos);
    }

    private static Duration decimal(String value, long nanosPerUnit) {
        if (value == null || !DECIMAL.matcher(value.strip()).matches() || value.strip().length() > 20) {
            return null;
        }
        return fromNanos(new BigDecimal(value.strip()).multiply(BigDecimal.valueOf(nanosPerUnit)));
    }

    private static Duration httpDate(String value, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), at.toInstant());
            return delay.isNegative() ? Duration.ZERO : capped(delay);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration fromNanos(BigDecimal nanos) {
        BigDecimal max = BigDecimal.valueOf(MAX_SECONDS).multiply(BigDecimal.valueOf(1_000_000_000L));
        return Duration.ofNanos(nanos.min(max).longValue());
    }

    private static Duration capped(Duration delay) {
        return delay.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : delay;
    }
}

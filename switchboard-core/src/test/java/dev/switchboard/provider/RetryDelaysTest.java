package dev.switchboard.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryDelaysTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> protobufDurations() {
        return Stream.of(
                Arguments.of("22s", Duration.ofSeconds(22)),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("0.5s", Duration.ofMillis(500)),
                Arguments.of("1.250s", Duration.ofMillis(1250)),
                Arguments.of("1.000250s", Duration.ofSeconds(1, 250_000)),
                Arguments.of("2.123456789s", Duration.ofSeconds(2, 123_456_789)),
                Arguments.of("22", null),
                Arguments.of("22.s", null),
                Arguments.of("1.1234567891s", null),
                Arguments.of("-1s", null),
                Arguments.of("22ms", null),
                Arguments.of("", null),
                Arguments.of(null, null));
    }

    @ParameterizedTest(name = "retryDelay {0}")
    @MethodSource("protobufDurations")
    void protobufDurationParsesDecimalSeconds(String value, Duration expected) {
        assertThat(RetryDelays.protobufDuration(value)).isEqualTo(expected);
    }

    static Stream<Arguments> goDurations() {
        return Stream.of(
                Arguments.of("6m0s", Duration.ofMinutes(6)),
                Arguments.of("12ms", Duration.ofMillis(12)),
                Arguments.of("1s", Duration.ofSeconds(1)),
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of("1h2m3.5s", Duration.ofSeconds(3723, 500_000_000)),
                Arguments.of("20µs", Duration.ofNanos(20_000)),
                Arguments.of("20us", Duration.ofNanos(20_000)),
                Arguments.of("7ns", Duration.ofNanos(7)),
                Arguments.of("0", Duration.ZERO),
                Arguments.of("6m 0s", null),
                Arguments.of("6", null),
                Arguments.of("s", null),
                Arguments.of("soon", null),
                Arguments.of("-1s", null),
                Arguments.of("", null),
                Arguments.of(null, null));
    }

    @ParameterizedTest(name = "x-ratelimit-reset {0}")
    @MethodSource("goDurations")
    void goDurationParsesUnitTerms(String value, Duration expected) {
        assertThat(RetryDelays.goDuration(value)).isEqualTo(expected);
    }

    static Stream<Arguments> retryAfterHeaders() {
        return Stream.of(
                Arguments.of("retry-after-ms alone", "1500", null, Duration.ofMillis(1500)),
                Arguments.of("fractional retry-after-ms", "12.5", null, Duration.ofNanos(12_500_000)),
                Arguments.of("retry-after-ms before retry-after", "250", "20", Duration.ofMillis(250)),
                Arguments.of("retry-after seconds", null, "20", Duration.ofSeconds(20)),
                Arguments.of("fractional retry-after seconds", null, "0.25", Duration.ofMillis(250)),
                Arguments.of("retry-after HTTP date", null, "Thu, 01 Jan 2026 00:01:00 GMT", Duration.ofMinutes(1)),
                Arguments.of("retry-after HTTP date in the past", null, "Wed, 31 Dec 2025 23:59:00 GMT", Duration.ZERO),
                Arguments.of("unreadable retry-after-ms falls back to retry-after", "soon", "3", Duration.ofSeconds(3)),
                Arguments.of("unreadable retry-after", null, "later", null),
                Arguments.of("negative retry-after", null, "-5", null),
                Arguments.of("no headers", null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retryAfterHeaders")
    void retryAfterHeadersPreferMilliseconds(String reason, String retryAfterMs, String retryAfter, Duration expected) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (retryAfterMs != null) {
            headers.put("retry-after-ms", retryAfterMs);
        }
        if (retryAfter != null) {
            headers.put("retry-after", retryAfter);
        }

        Duration delay = RetryDelays.retryAfterHeaders(new TransportResponse(429, headers, new byte[0]), CLOCK);

        assertThat(delay).isEqualTo(expected);
    }
}

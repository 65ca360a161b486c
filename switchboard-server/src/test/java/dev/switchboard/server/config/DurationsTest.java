package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"250ms, 250", "30s, 30000", "5m, 300000", "1h, 3600000", "2d, 172800000", "PT1.5S, 1500", "0s, 0"})
    void acceptedFormsParse(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} is out of range")
    @ValueSource(strings = {"99999999999999d", "366d", "99999999999999999999s", "PT-1S"})
    void hugeOrNegativeDurationsAreOutOfRange(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }

    @ParameterizedTest(name = "{0} is not a duration")
    @ValueSource(strings = {"30 seconds", "fast", "", "1.5s", "-5s"})
    void otherTextIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }
}

package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureStreaksTest {

    @ParameterizedTest(name = "failure {0} in a row warns: {1}")
    @CsvSource({
        "1, true", "2, false", "9, false", "10, true", "11, false", "20, false", "99, false", "100, true",
        "101, false", "110, false", "1000, true", "1000000, true", "2147483647, false"
    })
    void warnsAtStartOfStreakAndAtPowersOfTen(int streak, boolean warns) {
        assertThat(FailureStreaks.warns(streak)).isEqualTo(warns);
    }
}

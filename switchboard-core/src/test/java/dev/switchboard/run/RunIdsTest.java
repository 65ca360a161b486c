package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void idsAreVersion7WithTheClocksMilliseconds() {
        Instant now = Instant.parse("2026-12-04T12:00:00.123Z");
        RunIds ids = new RunIds(Clock.fixed(now, ZoneOffset.UTC));

        UUID id = UUID.fromString(ids.next());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
    }

    @Test
    void idsFromOneGeneratorSortInCreationOrderWithinOneMillisecond() {
        RunIds ids = new RunIds(Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC));

        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            generated.add(ids.next());
        }

        assertThat(generated).isSorted().doesNotHaveDuplicates();
    }
}

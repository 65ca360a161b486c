package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Usage;
import dev.switchboard.run.RunRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpillCodecTest {

    private final SpillCodec codec = new SpillCodec();

    static Stream<Arguments> runShapes() {
        return RunStoreContract.runShapes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runShapes")
    void lineDecodesToEqualRun(String shape, Function<String, RunRecord> factory) {
        RunRecord run = factory.apply(TestRuns.newId());

        String line = new String(codec.encode(List.of(run)), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(codec.decode(line.strip())).isEqualTo(run);
    }

    @Test
    void absentTotalStaysAbsent() {
        RunRecord full = TestRuns.full(TestRuns.newId());
        Usage noTotal = new Usage(OptionalInt.of(3), OptionalInt.of(4), OptionalInt.empty());
        RunRecord run = new RunRecord(full.llmRunId(), full.startedAt(), full.finishedAt(), full.workspaceId(),
                full.stage(), full.profile(), full.provider(), full.model(), full.status(), full.errorCode(),
                full.errorMessage(), full.latencyMs(), noTotal, full.costUsd(), full.promptPreview(),
                full.responsePreview(), List.of());

        RunRecord decoded = codec.decode(new String(codec.encode(List.of(run)), StandardCharsets.UTF_8).strip());

        assertThat(decoded.usage().totalTokens()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"v\":1,\"id\":\"cut", "not json", "{\"v\":2,\"id\":\"x\"}"})
    void unreadableLineIsRejected(String line) {
        assertThatThrownBy(() -> codec.decode(line)).isInstanceOf(IllegalArgumentException.class);
    }
}

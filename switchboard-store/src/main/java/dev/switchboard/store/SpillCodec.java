package dev.switchboard.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * Converts runs to and from the spill file's JSON lines. The line format is versioned by the
 * field {@code v} and keeps every field of {@link RunRecord}, times at full precision and the
 * cost as a decimal string, so a replayed row equals one written directly.
 */
final class SpillCodec {

    static final int FORMAT_VERSION = 1;

    private final ObjectWriter writer;
    private final ObjectReader reader;

    SpillCodec() {
        ObjectMapper mapper = new ObjectMapper()
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.writer = mapper.writerFor(SpilledRun.class);
        this.reader = mapper.readerFor(SpilledRun.class);
    }

    /** Encodes runs as JSON lines, each ending in a newline. */
    byte[] encode(List<RunRecord> runs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(runs.size() * 512);
        try {
            for (RunRecord run : runs) {
                out.write(writer.writeValueAsBytes(toSpilled(run)));
                out.write('\n');
            }
        } catch (IOException e) {
            // The records hold only strings, numbers and lists, so encoding fails only on a bug.
            throw new UncheckedIOException("cannot encode a run as JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one JSON line.
     *
     * @throws IllegalArgumentException when the line is not a run in a known format version
     */
    RunRecord decode(String line) {
        SpilledRun spilled;
        try {
            spilled = reader.readValue(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("spill line is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (spilled.v() != FORMAT_VERSION) {
            throw new IllegalArgumentException("spill line has unknown format version " + spilled.v());
        }
        return fromSpilled(spilled);
    }

    private static SpilledRun toSpilled(RunRecord run) {
        Usage usage = run.usage();
        List<SpilledAttempt> attempts = run.attempts().stream().map(SpillCodec::toSpilled).toList();
        return new SpilledRun(FORMAT_VERSION, run.llmRunId(), run.startedAt().toString(),
                run.finishedAt().toString(), run.workspaceId(), run.stage(), run.profile(), run.provider(),
                run.model(), run.status().value(), code(run.errorCode()), run.errorMessage(), run.latencyMs(),
                boxed(usage.inputTokens()), boxed(usage.outputTokens()), boxed(usage.totalTokens()),
                run.costUsd() == null ? null : run.costUsd().toPlainString(), run.promptPreview(),
                run.responsePreview(), attempts);
    }

    private static SpilledAttempt toSpilled(AttemptRecord attempt) {
        Usage usage = attempt.usage();
        return new SpilledAttempt(attempt.llmRunId(), attempt.attempt(), attempt.provider(), attempt.model(),
                attempt.startedAt().toString(), attempt.latencyMs(), attempt.status().value(),
                code(attempt.errorCode()), attempt.errorMessage(), boxed(usage.inputTokens()),
                boxed(usage.outputTokens()), boxed(usage.totalTokens()));
    }

    private static RunRecord fromSpilled(SpilledRun run) {
        List<AttemptRecord> attempts = run.attempts() == null ? List.of()
                : run.attempts().stream().map(SpillCodec::fromSpilled).toList();
        return new RunRecord(run.id(), Instant.parse(run.startedAt()), Instant.parse(run.finishedAt()),
                run.workspaceId(), run.stage(), run.profile(), run.provider(), run.model(), Rows.status(run.status()),
                errorCode(run.errorCode()), run.errorMessage(), run.latencyMs(),
                usage(run.inputTokens(), run.outputTokens(), run.totalTokens()),
                run.costUsd() == null ? null : new BigDecimal(run.costUsd()), run.promptPreview(),
                run.responsePreview(), attempts);
    }

    private static AttemptRecord fromSpilled(SpilledAttempt attempt) {
        return new AttemptRecord(attempt.llmRunId(), attempt.attempt(), attempt.provider(), attempt.model(),
                Instant.parse(attempt.startedAt()), attempt.latencyMs(), Rows.status(attempt.status()),
                errorCode(attempt.errorCode()), attempt.errorMessage(),
                usage(attempt.inputTokens(), attempt.outputTokens(), attempt.totalTokens()));
    }

    private static String code(ErrorCode code) {
        return code == null ? null : code.code();
    }

    private static ErrorCode errorCode(String code) {
        return code == null ? null : ErrorCode.fromCode(code);
    }

    private static Integer boxed(OptionalInt count) {
        return count.isPresent() ? count.getAsInt() : null;
    }

    // Usage.of would derive a missing total, so build it field by field to keep absent counts absent.
    private static Usage usage(Integer input, Integer output, Integer total) {
        return new Usage(optional(input), optional(output), optional(total));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** One run as a spill line. */
    record SpilledRun(int v, String id, String startedAt, String finishedAt, String workspaceId, String stage,
            String profile, String provider, String model, String status, String errorCode, String errorMessage,
            long latencyMs, Integer inputTokens, Integer outputTokens, Integer totalTokens, String costUsd,
            String promptPreview, String responsePreview, List<SpilledAttempt> attempts) {
    }

    /** One attempt inside a spill line. */
    record SpilledAttempt(String llmRunId, int attempt, String provider, String model, String startedAt,
            long latencyMs, String status, String errorCode, String errorMessage, Integer inputTokens,
            Integer outputTokens, Integer totalTokens) {
    }
}

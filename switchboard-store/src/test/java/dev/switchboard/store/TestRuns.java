package dev.switchboard.store;

import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunIds;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Builds runs for the store tests. */
final class TestRuns {

    /** A time with nanoseconds, to show they are cut to microseconds on write. */
    static final Instant BASE = Instant.parse("2025-03-01T10:00:00.123456789Z");

    /** Text put in every prompt preview, so tests can check it never reaches a log line. */
    static final String PROMPT_MARKER = "prompt-marker-7f3a";

    private static final RunIds IDS = new RunIds();

    private TestRuns() {
    }

    static String newId() {
        return IDS.next();
    }

    /** Builds a run that fell back from a rate-limited OpenAI attempt to a Gemini reply, with every column set. */
    static RunRecord full(String id) {
        AttemptRecord failed = new AttemptRecord(id, 1, "openai", "gpt-4o", BASE.plusMillis(1), 120,
                RunStatus.ERROR, ErrorCode.RATE_LIMITED, "429 Too Many Requests: slow down", Usage.UNKNOWN);
        AttemptRecord answered = new AttemptRecord(id, 2, "gemini", "gemini-2.5-flash", BASE.plusMillis(130), 640,
                RunStatus.OK, null, null, Usage.of(1200, 345, 1545));
        return new RunRecord(id, BASE, BASE.plusMillis(780), "ws-acme", "summarize", "fast", "gemini",
                "gemini-2.5-flash", RunStatus.OK, null, null, 780, Usage.of(1200, 345, 1545),
                new BigDecimal("0.0012345"), PROMPT_MARKER + " summarize this", "a short summary",
                List.of(failed, answered));
    }

    /** Builds a failed run without workspace, usage, cost or response, whose one attempt has only an input count. */
    static RunRecord sparse(String id) {
        Usage inputOnly = new Usage(OptionalInt.of(42), OptionalInt.empty(), OptionalInt.empty());
        AttemptRecord timedOut = new AttemptRecord(id, 1, "ollama", "llama3.1:8b", BASE.plusSeconds(5), 30_000,
                RunStatus.ERROR, ErrorCode.TIMEOUT, "read timed out after 30000 ms", inputOnly);
        return new RunRecord(id, BASE.plusSeconds(5), BASE.plusSeconds(35), null, null, "local", "ollama",
                "llama3.1:8b", RunStatus.ERROR, ErrorCode.TIMEOUT, "read timed out after 30000 ms", 30_000,
                inputOnly, null, PROMPT_MARKER, null, List.of(timedOut));
    }

    /** Builds a run that failed before any attempt, so it has no provider, model or attempts. */
    static RunRecord noAttempt(String id) {
        return new RunRecord(id, BASE, BASE, "ws-acme", "chat", "missing", null, null, RunStatus.ERROR,
                ErrorCode.BAD_REQUEST, "unknown profile 'missing'", 0, Usage.UNKNOWN, null, PROMPT_MARKER, null,
                List.of());
    }

    /** Builds a successful one-attempt run with a fresh id, started {@code offsetMillis} after {@link #BASE}. */
    static RunRecord simpleAt(long offsetMillis) {
        String id = newId();
        Instant start = BASE.plusMillis(offsetMillis);
        AttemptRecord attempt = new AttemptRecord(id, 1, "openai", "gpt-4o-mini", start, 15, RunStatus.OK, null,
                null, Usage.of(10, 5, 15));
        return new RunRecord(id, start, start.plusMillis(15), "ws-load", "chat", "fast", "openai", "gpt-4o-mini",
                RunStatus.OK, null, null, 15, Usage.of(10, 5, 15), new BigDecimal("0.00001"),
                PROMPT_MARKER + " hello", "hi", List.of(attempt));
    }

    static List<RunRecord> simple(int count) {
        List<RunRecord> runs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            runs.add(simpleAt(i));
        }
        return runs;
    }
}

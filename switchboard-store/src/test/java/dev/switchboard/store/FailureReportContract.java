package dev.switchboard.store;

import static dev.switchboard.store.RunStoreContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Usage;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.run.AttemptRecord;
import dev.switchboard.run.RunRecord;
import dev.switchboard.run.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The failure report on a crafted data set; subclasses pick the database.
 *
 * <p>Attempts in the window from {@link #T0}: openai/gpt-4o 5 (rate_limited twice, timeout once),
 * gemini/gemini-2.5-flash 3 (provider_error once), ollama/llama3.1 1 (timeout). One more openai
 * rate_limited attempt lies an hour before the window.
 */
abstract class FailureReportContract {

    static final Instant T0 = Instant.parse("2025-04-01T00:00:00Z");

    @TempDir
    Path dir;

    private RunStore store;

    abstract StoreTarget target();

    @BeforeEach
    void writeDataSet() throws Exception {
        store = RunStore.open(target().settings(dir));
        List<RunRecord> runs = List.of(
                // The caller saw success: the rate-limited attempt is hidden by the fallback to Gemini.
                run("run-a", "ws-a", "summarize", "fast",
                        attempt("run-a", 1, "openai", "gpt-4o", 1, ErrorCode.RATE_LIMITED, "429 slow down"),
                        attempt("run-a", 2, "gemini", "gemini-2.5-flash", 2, null, null)),
                run("run-b", "ws-a", "chat", "fast",
                        attempt("run-b", 1, "openai", "gpt-4o", 10, ErrorCode.RATE_LIMITED, "429 again"),
                        attempt("run-b", 2, "ollama", "llama3.1", 11, ErrorCode.TIMEOUT, "timed out")),
                run("run-c", "ws-b", "chat", "fast", attempt("run-c", 1, "openai", "gpt-4o", 20, null, null)),
                run("run-d", null, "chat", "smart", attempt("run-d", 1, "openai", "gpt-4o", 30, null, null)),
                run("run-e", "ws-b", "chat", "smart",
                        attempt("run-e", 1, "openai", "gpt-4o", 40, ErrorCode.TIMEOUT, "read timed out")),
                run("run-f", "ws-a", "chat", "fast",
                        attempt("run-f", 1, "openai", "gpt-4o", -3600, ErrorCode.RATE_LIMITED, "before the window")),
                run("run-g", null, "chat", "smart",
                        attempt("run-g", 1, "gemini", "gemini-2.5-flash", 50, ErrorCode.PROVIDER_ERROR,
                                "500 internal [REDACTED:configured_secret]"),
                        attempt("run-g", 2, "gemini", "gemini-2.5-flash", 51, null, null)));
        runs.forEach(store::submit);
        eventually().until(() -> RunQueries.countAttempts(store.dataSource(), Instant.EPOCH) == 10);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void defaultGroupingCountsEveryFailedAttempt() throws Exception {
        List<FailureRow> rows = FailureReport.query(store, T0, null);

        assertThat(rows).containsExactly(
                row(group("provider", "openai", "model", "gpt-4o", "error_code", "rate_limited"), 2, 5, 1, 10,
                        "429 again"),
                row(group("provider", "gemini", "model", "gemini-2.5-flash", "error_code", "provider_error"), 1, 3,
                        50, 50, "500 internal [REDACTED:configured_secret]"),
                row(group("provider", "ollama", "model", "llama3.1", "error_code", "timeout"), 1, 1, 11, 11,
                        "timed out"),
                row(group("provider", "openai", "model", "gpt-4o", "error_code", "timeout"), 1, 5, 40, 40,
                        "read timed out"));
    }

    @Test
    void shareIsFailuresOverThatModelsAttempts() throws Exception {
        List<FailureRow> rows = FailureReport.query(store, T0, FailureReport.DEFAULT_GROUP_BY);

        assertThat(rows).extracting(FailureRow::share).containsExactly(2.0 / 5, 1.0 / 3, 1.0, 1.0 / 5);
    }

    @Test
    void groupingByErrorCodeAloneUsesAllAttempts() throws Exception {
        List<FailureRow> rows = FailureReport.query(store, T0, List.of("error_code"));

        assertThat(rows).containsExactly(
                row(group("error_code", "rate_limited"), 2, 9, 1, 10, "429 again"),
                row(group("error_code", "timeout"), 2, 9, 11, 40, "read timed out"),
                row(group("error_code", "provider_error"), 1, 9, 50, 50,
                        "500 internal [REDACTED:configured_secret]"));
    }

    @Test
    void groupingByWorkspaceKeepsNullWorkspaceLast() throws Exception {
        List<FailureRow> rows = FailureReport.query(store, T0, List.of("workspace_id", "error_code"));

        assertThat(rows).containsExactly(
                row(group("workspace_id", "ws-a", "error_code", "rate_limited"), 2, 4, 1, 10, "429 again"),
                row(group("workspace_id", "ws-a", "error_code", "timeout"), 1, 4, 11, 11, "timed out"),
                row(group("workspace_id", "ws-b", "error_code", "timeout"), 1, 2, 40, 40, "read timed out"),
                row(group("workspace_id", null, "error_code", "provider_error"), 1, 3, 50, 50,
                        "500 internal [REDACTED:configured_secret]"));
    }

    @Test
    void groupingWithoutErrorCodeMixesFailureClasses() throws Exception {
        List<FailureRow> rows = FailureReport.query(store, T0, List.of("profile"));

        assertThat(rows).containsExactly(
                row(group("profile", "fast"), 3, 5, 1, 11, "timed out"),
                row(group("profile", "smart"), 2, 4, 40, 50, "500 internal [REDACTED:configured_secret]"));
    }

    @Test
    void windowExcludesEarlierAttempts() throws Exception {
        List<FailureRow> all = FailureReport.query(store, T0.minusSeconds(7200), List.of("provider"));
        List<FailureRow> none = FailureReport.query(store, T0.plusSeconds(3600), null);

        assertThat(all).first().satisfies(row -> {
            assertThat(row.value("provider")).isEqualTo("openai");
            assertThat(row.count()).isEqualTo(4);
            assertThat(row.attempts()).isEqualTo(6);
            assertThat(row.firstSeen()).isEqualTo(T0.minusSeconds(3600));
        });
        assertThat(none).isEmpty();
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"status", "llm_run_id", "Provider", "provider,provider", "model,error_code,cost_usd"})
    void invalidGroupByIsRejectedWithAllowedFields(String fields) {
        List<String> groupBy = Arrays.asList(fields.split(","));

        assertThatThrownBy(() -> FailureReport.query(store, T0, groupBy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider, model, error_code, profile, stage, workspace_id");
    }

    @Test
    void valueOfUngroupedFieldIsRejected() throws Exception {
        FailureRow row = FailureReport.query(store, T0, List.of("error_code")).getFirst();

        assertThatThrownBy(() -> row.value("provider"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not grouped by 'provider'");
    }

    private static Map<String, String> group(String... keysAndValues) {
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            group.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return group;
    }

    private static FailureRow row(Map<String, String> group, long count, long attempts, int firstSecond,
            int lastSecond, String sample) {
        return new FailureRow(group, count, attempts, (double) count / attempts, T0.plusSeconds(firstSecond),
                T0.plusSeconds(lastSecond), sample);
    }

    private static AttemptRecord attempt(String runId, int number, String provider, String model, int second,
            ErrorCode code, String message) {
        return new AttemptRecord(runId, number, provider, model, T0.plusSeconds(second), 100,
                code == null ? RunStatus.OK : RunStatus.ERROR, code, message, Usage.UNKNOWN);
    }

    private static RunRecord run(String id, String workspace, String stage, String profile,
            AttemptRecord... attempts) {
        AttemptRecord last = attempts[attempts.length - 1];
        return new RunRecord(id, attempts[0].startedAt(), last.startedAt().plusMillis(100), workspace, stage, profile,
                last.provider(), last.model(), last.status(), last.errorCode(), last.errorMessage(), 100,
                Usage.UNKNOWN, null, "prompt", last.errorCode() == null ? "answer" : null, List.of(attempts));
    }
}

/**
 * The JDBC run store: {@link dev.switchboard.store.RunStore} writes every finished run to SQLite or
 * PostgreSQL, and {@link dev.switchboard.store.FailureReport} and {@link dev.switchboard.store.RunQueries}
 * read it back.
 *
 * <h2>Tables</h2>
 * Flyway creates them on {@link dev.switchboard.store.RunStore#open} from one set of scripts for both
 * databases, recording its history in {@code switchboard_schema_history}.
 * <ul>
 *   <li>{@code llm_runs}: one row per run, keyed by {@code llm_run_id}, with started_at, finished_at,
 *       workspace_id, stage, profile, provider, model, status ({@code ok} or {@code error}), error_code (the
 *       {@link dev.switchboard.error.ErrorCode#code()} value), error_message, latency_ms, input_tokens,
 *       output_tokens, total_tokens, cost_usd, attempts (the count), prompt_preview and response_preview.
 *       Indexes: {@code (started_at)} and {@code (provider, model, started_at)}.</li>
 *   <li>{@code llm_run_attempts}: one row per provider attempt, keyed by {@code (llm_run_id, attempt)}, with
 *       provider, model, started_at, latency_ms, status, error_code, error_message and the three token
 *       counts. It references {@code llm_runs} with {@code ON DELETE CASCADE}. Indexes as on {@code llm_runs}.</li>
 * </ul>
 * A token count the provider did not report, and a cost that is not known, are SQL NULL, never 0.
 *
 * <h2>Times</h2>
 * PostgreSQL stores times as {@code TIMESTAMPTZ}, so {@code psql} shows real timestamps and SQL can
 * compare them with time literals. SQLite stores them as {@code TEXT} in UTC with exactly six fraction
 * digits, such as {@code 2025-01-31T09:15:02.123456Z}: text order is time order, so range queries and
 * indexes work, and SQLite's date functions read the form. Both keep microseconds.
 *
 * <h2>Costs</h2>
 * {@code cost_usd} is {@code NUMERIC}: exact on PostgreSQL. SQLite's NUMERIC affinity stores a
 * fractional value as an 8-byte float, which keeps about 15 significant digits.
 */
package dev.switchboard.store;

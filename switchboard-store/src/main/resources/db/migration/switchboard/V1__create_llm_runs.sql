-- One script for SQLite and PostgreSQL. The placeholder timestamp_type is TIMESTAMPTZ on
-- PostgreSQL. On SQLite it is TEXT holding UTC in the fixed-width form
-- 2025-01-31T09:15:02.123456Z, so text order is time order and SQLite's date functions read it.
-- Both keep microseconds.

CREATE TABLE llm_runs (
    llm_run_id       TEXT PRIMARY KEY,
    started_at       ${timestamp_type} NOT NULL,
    finished_at      ${timestamp_type} NOT NULL,
    workspace_id     TEXT,
    stage            TEXT,
    profile          TEXT,
    provider         TEXT,
    model            TEXT,
    status           TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error_code       TEXT,
    error_message    TEXT,
    latency_ms       BIGINT NOT NULL,
    input_tokens     INTEGER,
    output_tokens    INTEGER,
    total_tokens     INTEGER,
    cost_usd         NUMERIC NULL,
    attempts         INTEGER NOT NULL,
    prompt_preview   TEXT,
    response_preview TEXT
);

CREATE INDEX llm_runs_started_at_idx ON llm_runs (started_at);
CREATE INDEX llm_runs_provider_model_started_at_idx ON llm_runs (provider, model, started_at);

CREATE TABLE llm_run_attempts (
    llm_run_id    TEXT NOT NULL REFERENCES llm_runs (llm_run_id) ON DELETE CASCADE,
    attempt       INTEGER NOT NULL,
    provider      TEXT NOT NULL,
    model         TEXT NOT NULL,
    started_at    ${timestamp_type} NOT NULL,
    latency_ms    BIGINT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error_code    TEXT,
    error_message TEXT,
    input_tokens  INTEGER,
    output_tokens INTEGER,
    total_tokens  INTEGER,
    PRIMARY KEY (llm_run_id, attempt)
);

CREATE INDEX llm_run_attempts_started_at_idx ON llm_run_attempts (started_at);
CREATE INDEX llm_run_attempts_provider_model_started_at_idx ON llm_run_attempts (provider, model, started_at);

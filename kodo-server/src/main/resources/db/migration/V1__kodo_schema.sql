-- Kodo server schema. Runs are upserted by (project, id); Process Health reads rollups for closed minutes and
-- the raw runs for the rest (see dev.kodo.server.health.HealthCollector).
-- Names and ids are compared byte by byte (COLLATE "C"): index inserts then need no locale-aware comparison,
-- which keeps ingest fast whatever the database's default collation.

CREATE TABLE api_keys (
    key_hash   text PRIMARY KEY,                 -- SHA-256 of the key, hex; the key itself is never stored
    project    text COLLATE "C" NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('ingest', 'read')),
    name       text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE runs (
    project        text COLLATE "C" NOT NULL,
    id             text COLLATE "C" NOT NULL,
    workflow       text COLLATE "C" NOT NULL,
    status         text NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'lost')),
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz,
    closed_at      timestamptz,                  -- ended_at for ok/failed, lost_at for lost: what puts a run in a window
    duration_ms    double precision,
    failed_step    text,
    error_type     text,
    error_message  text,
    source         text NOT NULL,
    service        text,
    instance       text NOT NULL,
    stuck_after_ms bigint,
    lost_after     timestamptz,                  -- a running SDK run is declared lost when nothing was heard of it by then
    lost_at        timestamptz,                  -- when it was declared lost; kept if its real final record came later
    steps          text NOT NULL,                -- StepSummary: name, status and duration of each step, for the rollups
    body           text NOT NULL,                -- the run in the wire format, for the run page
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (project, id)
);
CREATE INDEX runs_closed ON runs (project, closed_at);
CREATE INDEX runs_problems ON runs (project, workflow, closed_at) WHERE status IN ('failed', 'lost');
CREATE INDEX runs_running ON runs (project, workflow, started_at) WHERE status = 'running';
CREATE INDEX runs_lost_after ON runs (lost_after) WHERE status = 'running' AND lost_after IS NOT NULL;

-- A (workflow, minute) whose runs changed since its rollup was computed. Append-only: ingest never waits on it.
CREATE TABLE rollup_marks (
    project  text COLLATE "C" NOT NULL,
    workflow text COLLATE "C" NOT NULL,
    minute   timestamptz NOT NULL
);
CREATE INDEX rollup_marks_minute ON rollup_marks (minute, project, workflow);

-- Per minute (width 1) and per hour (width 60): counts and a DurationSketch of the runs (step '') and of each step.
CREATE TABLE rollups (
    project   text COLLATE "C" NOT NULL,
    width     smallint NOT NULL,
    bucket    timestamptz NOT NULL,
    workflow  text COLLATE "C" NOT NULL,
    step      text COLLATE "C" NOT NULL,
    ok        bigint NOT NULL,
    failed    bigint NOT NULL,
    lost      bigint NOT NULL,
    failing   bigint NOT NULL,                   -- step rows: failed runs whose failedStep is this step
    durations bytea NOT NULL,
    PRIMARY KEY (project, width, bucket, workflow, step)
);

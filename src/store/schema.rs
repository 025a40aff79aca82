//! The schema, as forward migrations. `PRAGMA user_version` holds how many have been applied;
//! [`migrate`] applies the missing ones in one transaction when the store opens.
//!
//! To change the schema, append a migration; never edit one that has shipped.

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Migration `n` (counting from 1) takes a database from version `n - 1` to `n`.
const MIGRATIONS: [&str; 7] = [V1, V2, V3, V4, V5, V6, V7];

/// The schema version this build writes and understands.
#[expect(clippy::cast_possible_wrap, reason = "a handful of migrations")]
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Conversations, runs, and a full-text index over prompts, answers and system prompts.
///
/// The index holds only runs that are no longer `running`: a streaming run's text is rewritten
/// every second, and re-indexing it each time would bloat the index for text nobody searches
/// while they are watching it arrive. The triggers index a run when it ends (or is marked
/// interrupted) and keep the index in step with every later change and deletion.
const V1: &str = "
CREATE TABLE conversation (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE INDEX conversation_by_update ON conversation (updated_ms DESC, id DESC);

CREATE TABLE run (
    id                  INTEGER PRIMARY KEY,
    conversation_id     INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    compare_group       INTEGER,
    position            INTEGER NOT NULL,
    route               TEXT NOT NULL,
    model               TEXT NOT NULL,
    region              TEXT,
    profile             TEXT,
    credential_source   TEXT,
    params              TEXT NOT NULL,
    system_prompt       TEXT,
    prompt              TEXT NOT NULL,
    answer              TEXT NOT NULL DEFAULT '',
    thinking            TEXT NOT NULL DEFAULT '',
    stop_reason         TEXT,
    input_tokens        INTEGER,
    output_tokens       INTEGER,
    cache_read_tokens   INTEGER,
    cache_write_tokens  INTEGER,
    thinking_tokens     INTEGER,
    credential_ms       INTEGER,
    first_token_ms      INTEGER,
    total_ms            INTEGER,
    request_ids         TEXT NOT NULL DEFAULT '[]',
    status              TEXT NOT NULL
                        CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
    error               TEXT,
    started_ms          INTEGER NOT NULL,
    ended_ms            INTEGER,
    last_write_ms       INTEGER NOT NULL,
    writer_pid          INTEGER NOT NULL,
    writer_start        INTEGER NOT NULL
);
CREATE INDEX run_by_conversation ON run (conversation_id, position, started_ms);
CREATE INDEX run_by_route_model ON run (route, model);
CREATE INDEX run_running ON run (status) WHERE status = 'running';

CREATE VIRTUAL TABLE run_text USING fts5 (
    prompt, answer, system_prompt,
    content = 'run', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO run_text (run_text, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.5)');

CREATE TRIGGER run_text_insert AFTER INSERT ON run WHEN new.status <> 'running' BEGIN
    INSERT INTO run_text (rowid, prompt, answer, system_prompt)
        VALUES (new.id, new.prompt, new.answer, new.system_prompt);
END;
CREATE TRIGGER run_text_update AFTER UPDATE OF prompt, answer, system_prompt, status ON run BEGIN
    INSERT INTO run_text (run_text, rowid, prompt, answer, system_prompt)
        SELECT 'delete', old.id, old.prompt, old.answer, old.system_prompt WHERE old.status <> 'running';
    INSERT INTO run_text (rowid, prompt, answer, system_prompt)
        SELECT new.id, new.prompt, new.answer, new.system_prompt WHERE new.status <> 'running';
END;
CREATE TRIGGER run_text_delete AFTER DELETE ON run WHEN old.status <> 'running' BEGIN
    INSERT INTO run_text (run_text, rowid, prompt, answer, system_prompt)
        VALUES ('delete', old.id, old.prompt, old.answer, old.system_prompt);
END;
";

/// Every run's stream events with their time since the run started, so a run can be replayed
/// with its original pacing. `event` is the event as JSON. Deleted with their run.
const V2: &str = "
CREATE TABLE run_event (
    run_id  INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    at_ms   INTEGER NOT NULL,
    event   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
";

/// Every run's exchange as the inspector shows it: the request as sent (credentials already
/// masked), the response's status and headers (`exchange`, JSON of `routes::capture::Exchange`
/// without its body), and the body as received: its bytes in one blob, and each piece's time
/// and length (`pieces`, `[[at_us, length], …]`). Deleted with their run. And an index to find
/// a compare's columns, which the playground stores as one conversation each.
const V3: &str = "
CREATE TABLE run_exchange (
    run_id    INTEGER PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
    exchange  TEXT NOT NULL,
    pieces    TEXT NOT NULL,
    body      BLOB NOT NULL
);
CREATE INDEX run_by_compare_group ON run (compare_group) WHERE compare_group IS NOT NULL;
";

/// The full-text index kept in step without reading a run's old text on every write, and
/// holding the first 1 MiB (1,048,576 bytes) of each answer: an answer may be 64 MiB
/// (`[network] max_answer_mib`), and indexing all of it held several times its size in memory.
/// The cut is made on the text as a blob: `substr` of a text would first copy all of it.
///
/// V1's update trigger named `old.answer`, so `SQLite` read the old answer for every update of
/// the text, including each partial save while a run streamed. Now a `BEFORE` trigger takes
/// an ended run out of the index by reading its row only when the run had ended. Answers
/// longer than the prefix are indexed again as the new triggers will take them out.
const V4: &str = "
DROP TRIGGER run_text_insert;
DROP TRIGGER run_text_update;
DROP TRIGGER run_text_delete;

INSERT INTO run_text (run_text, rowid, prompt, answer, system_prompt)
    SELECT 'delete', id, prompt, answer, system_prompt FROM run
    WHERE status <> 'running' AND octet_length(answer) > 1048576;
INSERT INTO run_text (rowid, prompt, answer, system_prompt)
    SELECT id, prompt, CAST(substr(CAST(answer AS BLOB), 1, 1048576) AS TEXT), system_prompt FROM run
    WHERE status <> 'running' AND octet_length(answer) > 1048576;

CREATE TRIGGER run_text_insert AFTER INSERT ON run WHEN new.status <> 'running' BEGIN
    INSERT INTO run_text (rowid, prompt, answer, system_prompt)
        VALUES (new.id, new.prompt, CAST(substr(CAST(new.answer AS BLOB), 1, 1048576) AS TEXT), new.system_prompt);
END;
CREATE TRIGGER run_text_unindex BEFORE UPDATE OF prompt, answer, system_prompt, status ON run
    WHEN old.status <> 'running' BEGIN
    INSERT INTO run_text (run_text, rowid, prompt, answer, system_prompt)
        SELECT 'delete', id, prompt, CAST(substr(CAST(answer AS BLOB), 1, 1048576) AS TEXT), system_prompt
            FROM run WHERE id = old.id;
END;
CREATE TRIGGER run_text_index AFTER UPDATE OF prompt, answer, system_prompt, status ON run
    WHEN new.status <> 'running' BEGIN
    INSERT INTO run_text (rowid, prompt, answer, system_prompt)
        VALUES (new.id, new.prompt, CAST(substr(CAST(new.answer AS BLOB), 1, 1048576) AS TEXT), new.system_prompt);
END;
CREATE TRIGGER run_text_delete AFTER DELETE ON run WHEN old.status <> 'running' BEGIN
    INSERT INTO run_text (run_text, rowid, prompt, answer, system_prompt)
        VALUES ('delete', old.id, old.prompt, CAST(substr(CAST(old.answer AS BLOB), 1, 1048576) AS TEXT), old.system_prompt);
END;
";

/// A run's place in typed columns: `region` and `profile` for the AWS region and profile only,
/// `location` and `project` for the Vertex location and Google Cloud project. Until now a
/// Vertex run kept its location in `region` and its project in `profile`; those move over.
/// (Updating these columns touches none of the text index's triggers.)
const V5: &str = "
ALTER TABLE run ADD COLUMN location TEXT;
ALTER TABLE run ADD COLUMN project TEXT;
UPDATE run SET location = region, project = profile, region = NULL, profile = NULL
    WHERE route IN ('vertex-gemini', 'vertex-claude');
";

/// The files attached to a run's user turn, as JSON (`attach::kept`): each one's name, kind,
/// size, SHA-256 and pixel size, and its bytes only under `[history] keep_attachments`. NULL
/// for a run without attachments, which every run stored before this version is.
const V6: &str = "
ALTER TABLE run ADD COLUMN attachments TEXT;
";

/// Compare at scale. A matrix is a prompt set sent to several targets, each cell possibly
/// several times: its plan (prompts, targets, base request, repeat) as JSON, and one row per
/// cell that has started, keyed by (prompt, target, sample), naming its stored run and holding
/// its figures as JSON (`matrix::CellOutcome`). A cell's run may be deleted with its
/// conversation; the cell keeps its figures.
///
/// A batch job is one provider job sent for a matrix's cells on one target: its provider and
/// the provider's id for it, its last known state, and as JSON what fetching needs (the
/// records' ids mapped to cells, the output location, the counts). Kept until deleted, so a
/// restart loses no job.
const V7: &str = "
CREATE TABLE matrix (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    plan        TEXT NOT NULL,
    cell_count  INTEGER NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE INDEX matrix_by_update ON matrix (updated_ms DESC, id DESC);

CREATE TABLE matrix_cell (
    matrix_id   INTEGER NOT NULL REFERENCES matrix (id) ON DELETE CASCADE,
    prompt      INTEGER NOT NULL,
    target      INTEGER NOT NULL,
    sample      INTEGER NOT NULL,
    run_id      INTEGER,
    status      TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    PRIMARY KEY (matrix_id, prompt, target, sample)
) WITHOUT ROWID;

CREATE TABLE batch_job (
    id          INTEGER PRIMARY KEY,
    matrix_id   INTEGER REFERENCES matrix (id) ON DELETE SET NULL,
    provider    TEXT NOT NULL,
    target      TEXT NOT NULL,
    remote_id   TEXT NOT NULL,
    state       TEXT NOT NULL,
    ended       INTEGER NOT NULL DEFAULT 0,
    fetched     INTEGER NOT NULL DEFAULT 0,
    detail      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE INDEX batch_job_open ON batch_job (fetched, created_ms DESC);
";

/// The database's schema version.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Apply every migration the database lacks. The version is read again inside the write
/// transaction, so two processes opening an old database at once migrate it once.
/// The caller has already refused versions newer than [`SCHEMA_VERSION`].
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Apply the migrations up to version `to` only: how a test makes a database as an earlier
/// routeplay left it.
pub fn migrate_to(conn: &Connection, to: i64) -> rusqlite::Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let from = version(&tx)?;
    for (done, migration) in (1..).zip(MIGRATIONS) {
        if done > from && done <= to {
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", done)?;
        }
    }
    tx.commit()
}

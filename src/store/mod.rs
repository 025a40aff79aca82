//! The history: every conversation and run, in `SQLite` (`history.sqlite3` in the data
//! directory), searchable as you type.
//!
//! - [`Store`] is one connection: [`Store::open`] checks, migrates and sweeps the file (see
//!   there); reads (`list_conversations`, `search`, `conversation`, `stats`) and writes
//!   (`new_conversation`, `start_run`, `append_partial`, `finish_run`, `delete_conversation`).
//! - [`StoreWriter`] moves a `Store` to a thread of its own and queues [`Command`]s to it, so
//!   the UI never waits on the disk. The UI and CLI read through a second `Store`.
//! - WAL mode and a busy timeout let two routeplay processes use one history at once.
//!
//! Secrets are never stored: a run has no field for a credential, only the label of where it
//! came from. Pure storage: nothing here knows about the app or the UI.

mod batch_job;
mod command;
mod detail;
mod error;
mod event_log;
mod exchange;
mod finish;
mod fts_query;
mod ids;
mod import;
mod interrupted;
mod list;
mod matrix;
mod open;
mod process;
mod run;
mod run_row;
mod schema;
mod search;
mod snippet;
mod sql;
mod stats;
mod status;
mod write;
mod writer;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::config::paths::Paths;

pub use batch_job::BatchJobRow;
pub use command::Command;
pub use detail::ConversationDetail;
pub use error::StoreError;
pub use event_log::{COALESCE_MS, EventLog};
pub use ids::{BatchJobId, CompareGroupId, ConversationId, MatrixId, RunKey, now_ms, when};
pub use import::{ImportConversation, ImportRun};
pub use list::{ConversationSummary, Filter};
pub use matrix::{CellRow, MatrixRow, MatrixSummary};
pub use run::{Asked, Ended, NewRun, RunEnd, RunRecord, TimedEvent, Timings};
pub use schema::{SCHEMA_VERSION, migrate_to};
pub use search::SearchHit;
pub use snippet::{ELLIPSIS, MATCH_END, MATCH_START, Segment, segments};
pub use stats::{PricedRun, RouteModelStats};
pub use status::{Outcome, RunStatus};
pub use writer::{StoreWriter, WriteFailure};

/// The history file's name in the data directory.
pub const FILE_NAME: &str = "history.sqlite3";

/// One connection to the history.
pub struct Store {
    conn: Connection,
    /// The file, or `:memory:`; every error names it.
    path: PathBuf,
    interrupted_on_open: usize,
}

impl Store {
    /// Where the history lives: `history.sqlite3` in the data directory.
    #[must_use]
    pub fn file(paths: &Paths) -> PathBuf {
        paths.data_dir.join(FILE_NAME)
    }

    /// Open the history at `path`, creating it (directory 0700, file 0600) if needed.
    ///
    /// A file that is not a `SQLite` database, another program's database, a corrupt one or one
    /// from a newer schema version is refused with an error naming the file, and is left
    /// byte for byte as it was. Otherwise missing migrations are applied, and every `running`
    /// run whose writer process is gone is marked `interrupted` (the rule is in
    /// `store/process.rs`: a run is stale when its writer's pid no longer exists, was reused by
    /// another process, or is this process's pid but from an earlier process).
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = open::open_file(&path)?;
        Self::ready(conn, path)
    }

    /// Open the history for a command that only reads: as [`Store::open`], or, where that
    /// cannot write (a read-only directory or file system, a file the user may only read, a
    /// full disk), read-only, without creating, migrating or sweeping anything.
    pub fn open_for_reading(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        match Self::open(&path) {
            Err(error) if error.is_write_refused() => {
                let conn = open::open_file_read_only(&path)?;
                Ok(Self { conn, path, interrupted_on_open: 0 })
            }
            opened => opened,
        }
    }

    /// A history that lives in memory only, for tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = open::open_memory(&path)?;
        Self::ready(conn, path)
    }

    fn ready(conn: Connection, path: PathBuf) -> Result<Self, StoreError> {
        let interrupted_on_open = interrupted::mark_interrupted(&conn, process::Writer::current())
            .map_err(|e| StoreError::sqlite(&path, e))?;
        Ok(Self { conn, path, interrupted_on_open })
    }

    /// The database file (or `:memory:`).
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Leave the write-ahead log to a later connection when this one closes, instead of
    /// checkpointing it into the database file: a short-lived process (`routeplay ask`) then
    /// ends without waiting for the disk to sync. Nothing is lost: the log is the data.
    pub fn skip_checkpoint_on_close(&self) -> Result<(), StoreError> {
        self.conn
            .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map(drop)
            .map_err(self.sql())
    }

    /// How many runs [`Store::open`] marked `interrupted`, for a notice on start.
    #[must_use]
    pub fn interrupted_on_open(&self) -> usize {
        self.interrupted_on_open
    }

    /// Turns a `SQLite` error into one naming this store's file.
    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| StoreError::sqlite(&self.path, source)
    }

    /// A value of run `key` that could not be encoded or decoded.
    fn value(&self, key: RunKey, what: &'static str, error: &dyn std::fmt::Display) -> StoreError {
        StoreError::Value { path: self.path.clone(), key, what, detail: error.to_string() }
    }
}

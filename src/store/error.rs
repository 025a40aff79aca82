//! What can go wrong with the history, each error naming the file and what to do about it.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::ids::RunKey;

/// An error from the history store. Every variant names the database file (or `:memory:`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file or its directory could not be created, read or restricted to its owner.
    #[error("history {}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The file is not a routeplay history at all (another kind of file, or another program's
    /// `SQLite` database). It was not modified.
    #[error(
        "history {} is not a routeplay history database: {reason}; it was left untouched, \
         move it aside to start a new history",
        path.display()
    )]
    NotADatabase { path: PathBuf, reason: String },
    /// `SQLite` reported the file as corrupt. Nothing was written to it by routeplay.
    #[error(
        "history {} is corrupt ({detail}); it was left untouched, move it aside to start a new history",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },
    /// The file was written by a newer routeplay whose schema this one does not know.
    #[error(
        "history {} has schema version {found}, newer than version {supported} that this routeplay \
         understands; it was left untouched: upgrade routeplay to open it",
        path.display()
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    /// A history opened read-only (a read-only directory, a full disk) whose schema needs
    /// upgrading first, which is a write.
    #[error(
        "history {} has schema version {found}, older than version {current}: it can only be read \
         after routeplay has upgraded it, which needs write access to the file and its directory",
        path.display()
    )]
    OlderSchema { path: PathBuf, found: i64, current: i64 },
    /// Any other `SQLite` failure (a lock held too long, a full disk, a read-only file).
    #[error("history {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A write named a run that the database does not have.
    #[error("history {}: run {key} is not in the database", path.display())]
    UnknownRun { path: PathBuf, key: RunKey },
    /// A stored value could not be encoded or decoded (for example parameters written by a
    /// different version in a shape this one cannot read).
    #[error("history {}: run {key}: {what}: {detail}", path.display())]
    Value { path: PathBuf, key: RunKey, what: &'static str, detail: String },
    /// An id that names several stored things (the tail of several batch jobs' ids).
    #[error("history {}: {what}", path.display())]
    Ambiguous { path: PathBuf, what: String },
    /// The writer thread has stopped, so the command could not be queued.
    #[error("history writer has stopped; nothing more can be saved this session")]
    WriterStopped,
}

impl StoreError {
    /// The file system or `SQLite` refused a write (a read-only directory, file or file
    /// system, or a full disk), so reading may still work.
    #[must_use]
    pub fn is_write_refused(&self) -> bool {
        use std::io::ErrorKind as Io;
        match self {
            Self::Io { source, .. } => {
                matches!(source.kind(), Io::PermissionDenied | Io::ReadOnlyFilesystem | Io::StorageFull)
            }
            Self::Sqlite { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(ErrorCode::ReadOnly | ErrorCode::DiskFull | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
            ),
            _ => false,
        }
    }

    /// Classify a `SQLite` error: corruption gets its own message, the rest keep `SQLite`'s words.
    pub(super) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                Self::Corrupt { path: path.to_path_buf(), detail: source.to_string() }
            }
            _ => Self::Sqlite { path: path.to_path_buf(), source },
        }
    }
}

//! Opening the database file safely: private permissions, and no write of any kind until the
//! file is known to be a routeplay history this build understands.
//!
//! The order matters. The raw header is checked before `SQLite` sees the file; the schema version
//! and the schema itself are read before anything is written; only then are WAL mode, the
//! migrations and the interrupted-run sweep allowed to write. A corrupt, foreign or newer file
//! is therefore refused byte for byte unchanged.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::error::StoreError;
use super::schema::{self, SCHEMA_VERSION};

/// How long a write waits for another connection's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Every `SQLite` database file starts with these 16 bytes.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Open (creating if needed) the history at `path` and bring its schema up to date.
pub fn open_file(path: &Path) -> Result<Connection, StoreError> {
    create_private_file(path)?;
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let sql = |source| StoreError::sqlite(path, source);
    let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    check_schema(&conn, path)?;
    restrict_to_owner(path)?;
    enable_wal(&conn).map_err(sql)?;
    prepare(&conn).map_err(sql)?;
    Ok(conn)
}

/// Open the history at `path` for reading only: nothing is created, migrated, swept or
/// written. For the commands that only read, when the data directory is read-only or the disk
/// is full. A write-ahead log needs its `-shm` file, which a read-only directory may not have
/// and cannot get: such a history is then opened as immutable, which is safe because nothing
/// can be writing to a directory that cannot be written.
pub fn open_file_read_only(path: &Path) -> Result<Connection, StoreError> {
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let sql = |source| StoreError::sqlite(path, source);
    let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    let conn = match check_schema(&conn, path) {
        Err(StoreError::Sqlite { source, .. })
            if matches!(source.sqlite_error_code(), Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)) =>
        {
            refuse_unread_log(path)?;
            let immutable = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(immutable, flags).map_err(sql)?;
            check_schema(&conn, path)?;
            conn
        }
        checked => checked.map(|()| conn)?,
    };
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(sql)?;
    if found < SCHEMA_VERSION {
        return Err(StoreError::OlderSchema { path: path.to_path_buf(), found, current: SCHEMA_VERSION });
    }
    conn.pragma_update(None, "foreign_keys", true).map_err(sql)?;
    Ok(conn)
}

/// An immutable open ignores the write-ahead log, so a log with runs in it (left by a process
/// that skipped its checkpoint) would make them invisible: refuse rather than show less.
fn refuse_unread_log(path: &Path) -> Result<(), StoreError> {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    match fs::metadata(&log) {
        Ok(meta) if meta.len() > 0 => Err(StoreError::Io {
            path: path.to_path_buf(),
            action: "read its write-ahead log, which needs its -shm file",
            source: std::io::Error::new(
                ErrorKind::PermissionDenied,
                "the directory is read-only; open the history once with write access to fold the log in",
            ),
        }),
        _ => Ok(()),
    }
}

/// `path` for a `file:` URI: `%`, `?` and `#` would end or escape the path, so they are encoded.
fn uri_path(path: &Path) -> String {
    path.to_string_lossy().replace('%', "%25").replace('?', "%3f").replace('#', "%23")
}

/// An in-memory history, for tests.
pub fn open_memory(path: &Path) -> Result<Connection, StoreError> {
    let sql = |source| StoreError::sqlite(path, source);
    let conn = Connection::open_in_memory().map_err(sql)?;
    prepare(&conn).map_err(sql)?;
    Ok(conn)
}

/// WAL lets the UI read while the writer thread writes, and two processes share the file.
/// Switching a new file to WAL needs a moment when no other connection is reading it, and
/// `SQLite` does not wait for one (the busy timeout does not apply), so two processes creating
/// the history at once retry here. Where the file system cannot do WAL, `SQLite` keeps its
/// rollback journal, which still works.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
            Err(error) if error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            done => return done,
        }
    }
}

/// Settings every connection needs, then the migrations.
fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    schema::migrate(conn)
}

/// Create the directory (owner only, 0700) and an empty file (0600) if they do not exist, so
/// `SQLite` never creates the file with the default, world-readable mode. `SQLite` gives its `-wal`
/// and `-shm` files the mode of the database file.
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let io = |action| move |source| StoreError::Io { path: path.to_path_buf(), action, source };
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(io("create its directory"))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(io("create the file")(error)),
    }
}

/// Refuse a file that is not a `SQLite` database before `SQLite` opens it for writing.
/// An empty file is a new database.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let refuse = |reason: String| StoreError::NotADatabase { path: path.to_path_buf(), reason };
    let io = |source| StoreError::Io { path: path.to_path_buf(), action: "read the file", source };
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(refuse("it is not a regular file".into()));
    }
    let mut header = Vec::with_capacity(SQLITE_MAGIC.len());
    File::open(path).map_err(io)?.take(SQLITE_MAGIC.len() as u64).read_to_end(&mut header).map_err(io)?;
    if header.is_empty() || header == SQLITE_MAGIC {
        Ok(())
    } else {
        Err(refuse("it does not start with the SQLite header (file is not a database)".into()))
    }
}

/// Read-only checks on a file `SQLite` has opened: its version is one we know, it is ours, and
/// its schema can be read at all.
fn check_schema(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    // One statement, so both figures come from one snapshot even while another process is
    // creating the schema.
    let (found, objects): (i64, i64) = conn
        .query_row("SELECT user_version, (SELECT count(*) FROM sqlite_schema) FROM pragma_user_version", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(|source| StoreError::sqlite(path, source))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, supported: SCHEMA_VERSION });
    }
    if found == 0 && objects > 0 {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: "it is another program's SQLite database (it has tables but no routeplay schema version)".into(),
        });
    }
    Ok(())
}

/// Tighten a history that someone made readable by others: it holds every prompt and answer.
#[cfg(unix)]
fn restrict_to_owner(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let io = |source| StoreError::Io { path: path.to_path_buf(), action: "restrict it to its owner", source };
    let mode = fs::metadata(path).map_err(io)?.permissions().mode();
    if mode & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o700)).map_err(io)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict_to_owner(_path: &Path) -> Result<(), StoreError> {
    Ok(())
}

//! Writes off the UI task: a handle that queues [`Command`]s for one thread owning its own
//! connection. Queuing never blocks; failures come back through a callback (the runtime turns
//! them into messages), never silently.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

use super::Store;
use super::command::Command;
use super::error::StoreError;

impl Store {
    /// For a short-lived process's writer: fold the log the processes before it left into the
    /// database now, while its request is still on the network, and leave its own log to the
    /// next process instead of folding it in (and syncing the file) in the middle of its last
    /// write, which the command waits for. The log then holds at most one process's writes.
    pub fn checkpoint_first_then_defer(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .and_then(|()| self.conn.pragma_update(None, "wal_autocheckpoint", 0))
            .map_err(self.sql())?;
        self.skip_checkpoint_on_close()
    }
}

/// A write that failed on the writer thread.
#[derive(Debug)]
pub struct WriteFailure {
    /// What the command was meant to do ([`Command::describe`]).
    pub command: String,
    pub error: StoreError,
}

impl fmt::Display for WriteFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not {}: {}", self.command, self.error)
    }
}

/// The sending end of the writer thread. Dropping it lets the thread finish what is queued
/// and stop in the background; [`StoreWriter::close`] waits for that.
pub struct StoreWriter {
    commands: Sender<Command>,
    thread: JoinHandle<()>,
    /// Commands queued and not yet applied, so a sender that makes many can wait for the disk.
    queued: Arc<AtomicUsize>,
}

impl StoreWriter {
    /// Move `store` (its own connection, opened with [`Store::open`]) to a new writer thread.
    /// `on_failure` runs on that thread for every command that fails.
    pub fn spawn(store: Store, on_failure: impl FnMut(WriteFailure) + Send + 'static) -> Result<Self, StoreError> {
        let path = store.path().to_path_buf();
        Self::spawn_opening(path, move || Ok(store), on_failure)
    }

    /// Start a writer thread that opens its store itself with `open`, so the caller never
    /// waits for the disk: commands queued meanwhile wait for it. A store that cannot be
    /// opened is reported once through `on_failure`, and later commands are dropped.
    pub fn spawn_opening(
        path: PathBuf,
        open: impl FnOnce() -> Result<Store, StoreError> + Send + 'static,
        mut on_failure: impl FnMut(WriteFailure) + Send + 'static,
    ) -> Result<Self, StoreError> {
        let (commands, queue) = mpsc::channel::<Command>();
        let queued = Arc::new(AtomicUsize::new(0));
        let applied = Arc::clone(&queued);
        let thread = std::thread::Builder::new()
            .name("routeplay-store".into())
            .spawn(move || {
                let store = match open() {
                    Ok(store) => store,
                    Err(error) => {
                        // Nothing queued will be applied, and later sends fail: none is queued.
                        drop(queue);
                        applied.store(0, Ordering::Relaxed);
                        return on_failure(WriteFailure { command: "open the history".into(), error });
                    }
                };
                for command in queue {
                    let describe = command.describe();
                    if let Err(error) = store.apply(command) {
                        on_failure(WriteFailure { command: describe, error });
                    }
                    applied.fetch_sub(1, Ordering::Relaxed);
                }
            })
            .map_err(|source| StoreError::Io { path, action: "start the history writer thread", source })?;
        Ok(Self { commands, thread, queued })
    }

    /// Queue a write. Never blocks; fails only when the writer thread is gone.
    pub fn send(&self, command: Command) -> Result<(), StoreError> {
        self.queued.fetch_add(1, Ordering::Relaxed);
        self.commands.send(command).map_err(|_| {
            let _ = self.queued.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| Some(n.saturating_sub(1)));
            StoreError::WriterStopped
        })
    }

    /// How many queued writes are not yet applied.
    #[must_use]
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Wait until every queued write is done, then stop the thread (for a clean exit).
    pub fn close(self) -> Result<(), StoreError> {
        let Self { commands, thread, .. } = self;
        drop(commands);
        thread.join().map_err(|_| StoreError::WriterStopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_lived_writer_folds_in_the_log_left_before_it_then_leaves_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite3");
        let earlier = Store::open(&path).unwrap();
        earlier.skip_checkpoint_on_close().unwrap();
        earlier.new_conversation("left in the log").unwrap();
        drop(earlier);
        let store = Store::open(&path).unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        store.checkpoint_first_then_defer().unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() > before, "the earlier log was folded into the file");
        let every: i64 = store.conn.pragma_query_value(None, "wal_autocheckpoint", |row| row.get(0)).unwrap();
        assert_eq!(every, 0, "no checkpoint in the middle of this process's writes");
    }
}

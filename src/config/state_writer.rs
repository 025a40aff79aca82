//! Writes the playground's state off the UI task, at most a few times a second: moving
//! through the model list changes it on every key, and only where it came to rest matters.

use super::state_file::{self, SessionState};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the state must stay still before it is written.
const SETTLE: Duration = Duration::from_millis(300);

/// A thread that writes the latest state it was given once it settles, and on close.
pub struct StateWriter {
    sender: Option<Sender<SessionState>>,
    thread: Option<JoinHandle<()>>,
}

impl StateWriter {
    /// Write to `path`; a failed write is reported through `on_failure`.
    pub fn spawn(path: PathBuf, on_failure: impl Fn(String) + Send + 'static) -> Self {
        let (sender, receiver) = channel();
        let thread = std::thread::Builder::new()
            .name("state-writer".into())
            .spawn(move || write_when_settled(&path, &receiver, &on_failure))
            .ok();
        Self { sender: Some(sender), thread }
    }

    /// Write `state` once nothing newer follows for a moment.
    pub fn save(&self, state: SessionState) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(state);
        }
    }

    /// Write what is pending now and stop (on quit).
    pub fn close(mut self) {
        self.sender = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn write_when_settled(path: &std::path::Path, receiver: &Receiver<SessionState>, on_failure: &dyn Fn(String)) {
    let mut pending: Option<SessionState> = None;
    loop {
        let next = if pending.is_some() { receiver.recv_timeout(SETTLE) } else { receiver.recv().map_err(Into::into) };
        match next {
            Ok(state) => pending = Some(state),
            Err(RecvTimeoutError::Timeout) => write(path, pending.take(), on_failure),
            Err(RecvTimeoutError::Disconnected) => {
                write(path, pending.take(), on_failure);
                return;
            }
        }
    }
}

fn write(path: &std::path::Path, state: Option<SessionState>, on_failure: &dyn Fn(String)) {
    if let Some(state) = state
        && let Err(error) = state_file::save(path, &state)
    {
        on_failure(format!("cannot write {}: {error}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::StateWriter;
    use crate::config::state_file::{SessionState, load, state_path};
    use crate::routes::request::Params;
    use crate::routes::{Places, RouteId};
    use std::sync::{Arc, Mutex};

    fn state(model: &str) -> SessionState {
        SessionState {
            route: RouteId::Anthropic,
            model: model.into(),
            custom_model: true,
            places: Places::default(),
            system: String::new(),
            params: Params::default(),
            theme: "dark".into(),
            conversation: None,
        }
    }

    #[test]
    fn the_last_of_a_burst_is_written_and_close_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = state_path(dir.path());
        let writer = StateWriter::spawn(path.clone(), |why| panic!("{why}"));
        for model in ["a", "b", "c"] {
            writer.save(state(model));
        }
        writer.close();
        assert_eq!(load(&path).unwrap(), Some(state("c")));
    }

    #[test]
    fn a_failed_write_is_reported_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("data"), "a file where the directory should be").unwrap();
        let path = state_path(&dir.path().join("data"));
        let failures = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&failures);
        let writer = StateWriter::spawn(path, move |why| seen.lock().unwrap().push(why));
        writer.save(state("a"));
        writer.close();
        let failures = failures.lock().unwrap();
        assert!(failures.len() == 1 && failures[0].contains("data/state.toml"), "{failures:?}");
    }
}

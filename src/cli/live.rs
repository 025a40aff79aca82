//! The runs of `ask` and `compare`, driven the way the playground drives its own: each streams
//! on its own task ([`crate::runtime::spawn_run`]) and reports `Msg::Run`s; this loop folds
//! them into the runs and hands each run's start, its text while it streams (at most once a
//! second, and a second after the last delta when the stream goes silent) and its end to the
//! history's writer thread, which opens the history itself: printing never waits for the disk.
//! SIGINT, SIGTERM and SIGHUP cancel every run that is still live; it is stored cancelled with
//! its partial text and the command exits 128 + the signal's number. After a kill -9 the run
//! stays `running` with the text saved up to about a second before, and the next process to
//! open the history marks it `interrupted`.

use crate::app::msg::{Msg, RunId};
use crate::app::runs::Run;
use crate::config::paths::Paths;
use crate::recorder::Recording;
use crate::runtime::{RunContext, RunOrder, spawn_run};
use crate::store::{Store, StoreWriter};
use std::future::Future;
use std::pin::Pin;
use std::time::Instant;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

/// The command's runs, their tasks and their recording.
pub struct Live {
    runs: Vec<Run>,
    tasks: Vec<AbortHandle>,
    recording: Option<Recording>,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
    /// The next cancelling signal's exit code. One future for the whole command, and one
    /// timer for the partial saves, moved only when the next save moves: nothing is set up
    /// again for each streamed event.
    signal: Pin<Box<dyn Future<Output = i32> + Send>>,
    save_timer: Pin<Box<tokio::time::Sleep>>,
    /// How many bytes of each response body the history keeps: all a run holds of its body.
    keep_response: usize,
}

impl Live {
    /// Listen for the signals that cancel, and start the history's writer thread. Call it
    /// before anything slow, so an early Ctrl-C is caught too. `history` says what the history
    /// keeps of each run.
    pub fn new(history: &crate::config::file::HistorySettings) -> Result<Self, String> {
        let keep_response = history.kept_response_bytes();
        let mut signals = Signals::listen().map_err(|error| format!("cannot listen for signals: {error}"))?;
        let (tx, rx) = unbounded_channel();
        Ok(Self {
            runs: Vec::new(),
            tasks: Vec::new(),
            recording: recording(keep_response).map(|r| r.keeping_attachment_bytes(history.keep_attachments)),
            tx,
            rx,
            signal: Box::pin(async move { signals.next().await }),
            save_timer: Box::pin(tokio::time::sleep_until(Instant::now().into())),
            keep_response,
        })
    }

    /// Store `run` as started and start its task. Runs are numbered from 1 in the order they
    /// start (a compare's columns name their conversation and group by run 1).
    pub fn start(&mut self, context: &RunContext, mut run: Run, order: RunOrder) {
        run.id = RunId(self.runs.len() as u64 + 1);
        run.exchange.keep_at_most(self.keep_response);
        save(&mut self.recording, &run);
        self.tasks.push(spawn_run(context, self.tx.clone(), run.id, order));
        self.runs.push(run);
    }

    /// Stream until every run has ended, calling `on_update` with each run's index, its state
    /// and the text the update added, and `after_batch` once the updates pending at a wake-up
    /// are all applied (where output is flushed: once per network read, not once per event).
    /// Returns the exit code of the signal that cut it short (a command drives its runs once:
    /// the signal future is not polled again).
    pub async fn drive(
        &mut self,
        mut on_update: impl FnMut(usize, &Run, &str),
        mut after_batch: impl FnMut(),
    ) -> Option<i32> {
        while self.runs.iter().any(|run| run.phase.is_live()) {
            let due = self.runs.iter().filter_map(Run::partial_save_due).min();
            if let Some(due) = due.map(tokio::time::Instant::from)
                && due != self.save_timer.deadline()
            {
                self.save_timer.as_mut().reset(due);
            }
            tokio::select! {
                Some(msg) = self.rx.recv() => {
                    self.apply(msg, &mut on_update);
                    // Take in what else is pending before the next timer is set.
                    while let Ok(msg) = self.rx.try_recv() {
                        self.apply(msg, &mut on_update);
                    }
                    after_batch();
                }
                () = &mut self.save_timer, if due.is_some() => self.save_due(Instant::now()),
                code = &mut self.signal => {
                    after_batch();
                    self.cancel_all();
                    return Some(code);
                }
            }
        }
        None
    }

    /// The runs as they ended, once every write to the history has landed.
    pub async fn close(self) -> Vec<Run> {
        if let Some(recording) = self.recording {
            // Joining the writer thread blocks; keep it off the runtime's threads.
            let _ = tokio::task::spawn_blocking(move || recording.close()).await;
        }
        self.runs
    }

    /// The runs as they stand.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    fn apply(&mut self, msg: Msg, on_update: &mut impl FnMut(usize, &Run, &str)) {
        let Msg::Run { run: id, at, update } = msg else { return };
        let Some(index) = usize::try_from(id.0).ok().and_then(|n| n.checked_sub(1)) else { return };
        let Some(run) = self.runs.get_mut(index).filter(|run| run.phase.is_live()) else { return };
        let before = run.text.len();
        let ended = run.apply(at, update);
        on_update(index, run, &run.text[before..]);
        if ended || run.partial_save_is_due(at) {
            run.mark_saved(at);
            save(&mut self.recording, run);
        }
    }

    fn save_due(&mut self, now: Instant) {
        for run in &mut self.runs {
            if run.partial_save_is_due(now) {
                run.mark_saved(now);
                save(&mut self.recording, run);
            }
        }
    }

    /// Stop every live run, keeping what it received, and store it cancelled.
    fn cancel_all(&mut self) {
        let now = Instant::now();
        for (run, task) in self.runs.iter_mut().zip(&self.tasks) {
            if run.phase.is_live() {
                task.abort();
                run.cancel(now);
                save(&mut self.recording, run);
            }
        }
    }
}

/// Queue the writes that store `run` as it stands.
fn save(recording: &mut Option<Recording>, run: &Run) {
    if let Some(recording) = recording {
        recording.save(run);
    }
}

/// The history's writer thread, opening the history on that thread; its failures are
/// warnings on standard error, and the command goes on.
pub(super) fn recording(keep_response: usize) -> Option<Recording> {
    let path = Store::file(&Paths::discover());
    let open = {
        let path = path.clone();
        move || {
            let store = Store::open(&path)?;
            // The command never waits for a checkpoint: this one runs while the request is
            // on its way, and the next process folds in this one's writes the same way.
            store.checkpoint_first_then_defer()?;
            Ok(store)
        }
    };
    let warn = |failure: crate::store::WriteFailure| {
        eprintln!("routeplay: warning: history: {}", super::terminal_text::for_stderr(&failure.to_string()));
    };
    match StoreWriter::spawn_opening(path, open, warn) {
        Ok(writer) => Some(Recording::new(writer, keep_response)),
        Err(error) => {
            eprintln!("routeplay: warning: history: {error}; these runs are not kept");
            None
        }
    }
}

/// The signals that cancel the runs.
pub(super) struct Signals {
    interrupt: Signal,
    terminate: Signal,
    hangup: Signal,
}

impl Signals {
    pub(super) fn listen() -> std::io::Result<Self> {
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    /// The next signal's exit code: 128 + its number, as a shell reports a process it killed.
    pub(super) async fn next(&mut self) -> i32 {
        tokio::select! {
            _ = self.interrupt.recv() => 130,
            _ = self.terminate.recv() => 143,
            _ = self.hangup.recv() => 129,
        }
    }
}

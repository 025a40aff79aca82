//! Progress lines on standard error while a compare runs: one per target, its phase and time,
//! and how many retries it took when it took any.
//!
//! Tasks never print. Each keeps its phase in a [`Slot`] (atomics, so a token costs one relaxed
//! store) and sends a message only when the phase changes or a retry starts, a handful of times
//! per run. On a terminal the lines are redrawn in place on a 100 ms tick; elsewhere one line
//! is printed per phase change or retry, so logs stay readable.

use crate::app::runs::{Phase, Run};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

const LABELS: [&str; 7] =
    ["resolving credentials", "connecting", "waiting for first token", "streaming", "done", "failed", "cancelled"];
const DONE: u8 = 4;
const NOT_ENDED: u64 = u64::MAX;

/// One phase change: which target, its new phase, and when (ms since the compare started).
type Change = (usize, u8, u64);

/// What one target is doing, as its task last saw it.
struct Slot {
    phase: AtomicU8,
    deltas: AtomicU64,
    retries: AtomicU64,
    ended_ms: AtomicU64,
}

/// Every target's slot and label, and when the compare started.
pub struct Board {
    started: Instant,
    labels: Vec<String>,
    slots: Vec<Slot>,
}

impl Board {
    /// A board for `labels`, with the receiving end of its phase changes.
    #[must_use]
    pub fn new(labels: Vec<String>) -> (Arc<Self>, UnboundedSender<Change>, UnboundedReceiver<Change>) {
        let slots = labels
            .iter()
            .map(|_| Slot {
                phase: AtomicU8::new(0),
                deltas: AtomicU64::new(0),
                retries: AtomicU64::new(0),
                ended_ms: AtomicU64::new(NOT_ENDED),
            })
            .collect();
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        (Arc::new(Self { started: Instant::now(), labels, slots }), sender, receiver)
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The line of target `index` in `phase` at `at_ms`.
    fn line(&self, index: usize, phase: u8, at_ms: u64) -> String {
        let width = self.labels.iter().map(String::len).max().unwrap_or(0);
        let label = &self.labels[index];
        let mut line = format!("{label:<width$}  {:<23} {:>7.2} s", LABELS[usize::from(phase)], at_ms as f64 / 1000.0);
        let deltas = self.slots[index].deltas.load(Ordering::Relaxed);
        if phase >= 3 && deltas > 0 {
            let _ = write!(line, "  {deltas} tok");
        }
        match self.slots[index].retries.load(Ordering::Relaxed) {
            0 => {}
            1 => line.push_str("  ↻ 1 retry"),
            retries => {
                let _ = write!(line, "  ↻ {retries} retries");
            }
        }
        line
    }
}

/// A task's handle on its slot.
pub struct Tracker {
    board: Arc<Board>,
    index: usize,
    last: u8,
    changes: UnboundedSender<Change>,
}

impl Tracker {
    #[must_use]
    pub fn new(board: Arc<Board>, index: usize, changes: UnboundedSender<Change>) -> Self {
        Self { board, index, last: 0, changes }
    }

    /// Note `run`'s state after an update: cheap unless its phase changed or it retried.
    pub fn observe(&mut self, run: &Run) {
        let slot = &self.board.slots[self.index];
        slot.deltas.store(run.deltas, Ordering::Relaxed);
        let retry_count = run.retries.len() as u64;
        let retried = slot.retries.swap(retry_count, Ordering::Relaxed) != retry_count;
        let phase = code(&run.phase);
        if phase != self.last || retried {
            self.last = phase;
            let at = self.board.elapsed_ms();
            if phase >= DONE {
                slot.ended_ms.store(at, Ordering::Relaxed);
            }
            slot.phase.store(phase, Ordering::Relaxed);
            // A closed receiver means nobody shows progress any more; nothing to do then.
            let _ = self.changes.send((self.index, phase, at));
        }
    }
}

fn code(phase: &Phase) -> u8 {
    match phase {
        Phase::Resolving => 0,
        Phase::Connecting => 1,
        Phase::Waiting => 2,
        Phase::Streaming => 3,
        Phase::Done => DONE,
        Phase::Failed(_) => 5,
        Phase::Cancelled => 6,
    }
}

/// Show progress until every sender is gone (every task ended).
pub async fn show(board: Arc<Board>, mut changes: UnboundedReceiver<Change>, terminal: bool) {
    let mut stderr = std::io::stderr();
    if !terminal {
        for index in 0..board.labels.len() {
            let _ = writeln!(stderr, "{}", board.line(index, 0, 0));
        }
        while let Some((index, phase, at)) = changes.recv().await {
            let _ = writeln!(stderr, "{}", board.line(index, phase, at));
        }
        return;
    }
    let mut drawn = 0;
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            change = changes.recv() => if change.is_none() { break },
            _ = tick.tick() => drawn = redraw(&board, &mut stderr, drawn),
        }
    }
    redraw(&board, &mut stderr, drawn);
}

/// Draw every line over the ones drawn before (`drawn` of them); returns how many it drew.
fn redraw(board: &Board, out: &mut impl Write, drawn: usize) -> usize {
    let columns = crossterm::terminal::size().map_or(100, |(columns, _)| usize::from(columns).max(20));
    let now = board.elapsed_ms();
    let mut frame = String::new();
    if drawn > 0 {
        let _ = write!(frame, "\x1b[{drawn}F");
    }
    for (index, slot) in board.slots.iter().enumerate() {
        let phase = slot.phase.load(Ordering::Relaxed);
        let ended = slot.ended_ms.load(Ordering::Relaxed);
        let line = board.line(index, phase, if ended == NOT_ENDED { now } else { ended });
        // A line wider than the terminal would wrap and throw off the cursor-up count.
        frame.extend(line.chars().take(columns - 1));
        frame.push_str("\x1b[K\n");
    }
    let _ = out.write_all(frame.as_bytes());
    let _ = out.flush();
    board.slots.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::msg::RunId;
    use crate::routes::{RouteId, Target};

    #[test]
    fn a_retry_is_a_change_and_is_counted_on_the_line() {
        let (board, changes, mut receiver) = Board::new(vec!["emulator:m".into()]);
        let mut tracker = Tracker::new(Arc::clone(&board), 0, changes);
        let mut run = Run::new(RunId(1), Target::new(RouteId::Emulator, "m"), "q".into());
        run.phase = Phase::Connecting;
        tracker.observe(&run);
        tracker.observe(&run);
        run.retries.push("retry 1 in 0.4 s: HTTP 529 overloaded_error: Overloaded".into());
        tracker.observe(&run);
        receiver.try_recv().expect("the phase change");
        let (index, phase, at) = receiver.try_recv().expect("the retry is a change too");
        assert!(board.line(index, phase, at).ends_with("↻ 1 retry"), "{}", board.line(index, phase, at));
        assert!(receiver.try_recv().is_err(), "nothing changed in between");
    }
}

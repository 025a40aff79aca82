//! The matrix's progress on standard error, only when it is a terminal: one line redrawn at
//! most every 100 ms with a bar, done/failed/remaining, the ETA, the spend so far and the
//! routes slowed by throttling. Elsewhere nothing is printed per cell; the summary line at the
//! end is printed either way.

use super::driver::Tick;
use crate::matrix::schedule::Progress;
use crate::matrix::{CellStatus, Matrix};
use std::io::Write;
use std::time::{Duration, Instant};

const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 24;

/// The progress line's state.
pub struct ProgressLine {
    terminal: bool,
    started: Instant,
    drawn: Option<Instant>,
    last: Progress,
    spent_usd: f64,
}

impl ProgressLine {
    #[must_use]
    pub fn new(terminal: bool) -> Self {
        Self { terminal, started: Instant::now(), drawn: None, last: Progress::default(), spent_usd: 0.0 }
    }

    /// Take in the driver's latest counts; redraw when it is time.
    pub fn update(&mut self, tick: &Tick<'_>) {
        self.last = tick.scheduler.progress();
        self.spent_usd = tick.spent_usd;
        if !self.terminal || self.drawn.is_some_and(|at| at.elapsed() < REDRAW_EVERY) {
            return;
        }
        self.drawn = Some(Instant::now());
        let slowed: Vec<String> =
            tick.scheduler.slowed().iter().map(|(route, limit, max)| format!("{route} slowed {limit}/{max}")).collect();
        let mut line = line(&self.last, self.started.elapsed(), self.spent_usd);
        if !slowed.is_empty() {
            line.push_str(" · ");
            line.push_str(&slowed.join(", "));
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// Clear the line and print the summary: how the matrix's cells stand, how long this run
    /// took and what the matrix has cost so far.
    pub fn finish(&self, matrix: &Matrix) {
        if self.terminal && self.drawn.is_some() {
            eprint!("\r\x1b[K");
        }
        let count = |status: CellStatus| matrix.cells.iter().filter(|cell| cell.status == status).count();
        eprintln!(
            "routeplay: matrix {}: {} done, {} failed, {} cancelled, {} pending, of {}; {:.1} s; spent ${:.4}",
            matrix.plan.id,
            count(CellStatus::Done),
            count(CellStatus::Failed),
            count(CellStatus::Cancelled),
            count(CellStatus::Pending) + count(CellStatus::Running),
            crate::app::counted(matrix.cells.len(), "cell"),
            self.started.elapsed().as_secs_f64(),
            self.spent_usd
        );
    }
}

/// The line for `progress` after `elapsed`, having spent `spent_usd`.
fn line(progress: &Progress, elapsed: Duration, spent_usd: f64) -> String {
    let ended = progress.done + progress.failed;
    let total = ended + progress.running + progress.remaining;
    let filled = (ended * BAR_WIDTH).checked_div(total).unwrap_or(BAR_WIDTH);
    let bar: String = "█".repeat(filled) + &"░".repeat(BAR_WIDTH - filled);
    let eta = if ended == 0 {
        "ETA -".to_owned()
    } else {
        let left = elapsed.mul_f64((total - ended) as f64 / ended as f64);
        format!("ETA {}", clock(left))
    };
    format!(
        "{bar} {ended}/{total} · done {} · failed {} · left {} · {eta} · ${spent_usd:.4}",
        progress.done,
        progress.failed,
        progress.running + progress.remaining
    )
}

/// A duration as `1h02m`, `3m20s` or `42s`.
fn clock(duration: Duration) -> String {
    let whole = (duration + Duration::from_millis(500)).as_secs();
    match whole {
        0..60 => format!("{whole}s"),
        60..3600 => format!("{}m{:02}s", whole / 60, whole % 60),
        _ => format!("{}h{:02}m", whole / 3600, whole % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_the_bar_the_counts_the_eta_and_the_spend() {
        let progress = Progress { done: 9, failed: 1, running: 2, remaining: 28 };
        let text = line(&progress, Duration::from_secs(20), 0.0125);
        assert_eq!(text, "██████░░░░░░░░░░░░░░░░░░ 10/40 · done 9 · failed 1 · left 30 · ETA 1m00s · $0.0125");
        assert!(line(&Progress::default(), Duration::ZERO, 0.0).contains("ETA -"));
        assert_eq!(
            (clock(Duration::from_millis(42_400)), clock(Duration::from_secs(3725))),
            ("42s".into(), "1h02m".into())
        );
    }
}

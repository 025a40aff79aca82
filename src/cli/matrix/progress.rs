//! The matrix's progress on standard error, only when it is a terminal: one line redrawn at
//! most every 100 ms with a bar, done/failed/remaining, the ETA, the spend so far and the
//! routes slowed by throttling. Elsewhere nothing is printed per cell; the summary line at the
//! end is printed either way.

use super::driver::Tick;
use crate::matrix::schedule::Progress;
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

    /// Clear the line and print the summary: how many cells ended how, in how long, for how much.
    pub fn finish(&self, matrix: crate::store::MatrixId) {
        if self.terminal && self.drawn.is_some() {
            eprint!("\r\x1b[K");
        }
        let p = &self.last;
        eprintln!(
            "routeplay: matrix {matrix}: {} done, {} failed, {} not sent, in {:.1} s; spent ${:.4}",
            p.done,
            p.failed,
            p.remaining + p.running,
            self.started.elapsed().as_secs_f64(),
            self.spent_usd
        );
    }
}

/// The line for `progress` after `elapsed`, having spent `spent_usd`.
fn line(progress: &Progress, elapsed: Duration, spent_usd: f64) -> String {
    let ended = progress.done + progress.failed;
    let total = ended + progress.running + progress.remaining;
    let filled = if total == 0 { BAR_WIDTH } else { ended * BAR_WIDTH / total };
    let bar: String = "█".repeat(filled) + &"░".repeat(BAR_WIDTH - filled);
    let eta = if ended == 0 {
        "ETA -".to_owned()
    } else {
        let left = (total - ended) as f64 * elapsed.as_secs_f64() / ended as f64;
        format!("ETA {}", clock(left))
    };
    format!(
        "{bar} {ended}/{total} · done {} · failed {} · left {} · {eta} · ${spent_usd:.4}",
        progress.done,
        progress.failed,
        progress.running + progress.remaining
    )
}

/// Seconds as `1h02m`, `3m20s` or `42s`.
fn clock(seconds: f64) -> String {
    let whole = seconds.round() as u64;
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
        assert_eq!((clock(42.4), clock(3725.0)), ("42s".to_owned(), "1h02m".to_owned()));
    }
}

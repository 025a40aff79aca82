//! The matrix view's state (compare at scale): a prompt set over the compare set's targets,
//! each cell a normal run, sent in the order and at the pace `matrix::schedule::Scheduler`
//! allows. Pure, like the rest of `app`: the scheduler is told the time from the messages.

use super::msg::RunId;
use super::runs::{Phase, Run};
use crate::matrix::estimate::Estimate;
use crate::matrix::schedule::{Scheduler, Throttle};
use crate::matrix::stats::Ranking;
use crate::matrix::{CellKey, CellOutcome, CellStatus, MAX_REPEAT, Matrix, MatrixPlan, summary};
use crate::models::Catalog;
use crate::routes::request::ChatRequest;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A prompt set the runtime read: the plan it makes over the targets, and each row's request
/// (attachments read), in row order.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSet {
    pub plan: MatrixPlan,
    pub requests: Vec<ChatRequest>,
}

/// A stored matrix read back (`--matrix ID`, or picked from the stored matrices): its cells as
/// stored, and each row's request, or why its rows cannot be sent again (an attachment gone).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMatrix {
    pub matrix: Matrix,
    pub requests: Result<Vec<ChatRequest>, String>,
}

/// Where the matrix is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Loaded; the repeat count may still change.
    Planned,
    /// The start dialog is open with this estimate; `resume` when cells were sent before;
    /// `counting` while the routes count the input tokens (the estimate is from length till then).
    Confirming { estimate: Box<Estimate>, resume: bool, counting: bool },
    /// Cells are being sent.
    Running,
    /// Stopped by the user: cells not done stay pending (`s` resumes them).
    Stopped,
    /// Every cell was sent and ended.
    Finished,
}

/// How many cells stand where, for the progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub done: usize,
    pub failed: usize,
    pub running: usize,
    /// Pending or cancelled: still to send.
    pub remaining: usize,
}

/// The loaded matrix, its cells' runs and where the view stands.
#[derive(Debug)]
pub struct MatrixState {
    pub matrix: Matrix,
    /// Each row's request (system, parameters, the prompt and its attachments).
    pub requests: Vec<ChatRequest>,
    /// The latest run of each cell, by its index in `matrix.cells`.
    pub runs: Vec<Option<RunId>>,
    /// Which cell each run of this matrix answers.
    pub cell_of: HashMap<RunId, CellKey>,
    /// Sends the cells while it runs.
    pub scheduler: Option<Scheduler>,
    pub stage: Stage,
    /// The chosen row, and the first row shown.
    pub selected: usize,
    pub scroll: usize,
    /// The matrix was stored (`Command::NewMatrix`), so a resume does not store it again.
    pub stored: bool,
    /// The view covers the panes.
    pub shown: bool,
    /// When sending started (this time round) and how many cells had ended then: the ETA.
    pub started: Option<(Instant, usize)>,
    /// The chosen column (target), and the first column shown: a wide matrix scrolls sideways.
    pub column: usize,
    pub first_column: usize,
    /// Why the cells cannot be sent (a reopened matrix whose attachments are gone); it can
    /// still be read, opened row by row and exported.
    pub unsendable: Option<String>,
    /// Each column's TTFT against the fastest column's ([`summary::ttft_standings`]), and
    /// when that was worked out: it reads every cell, so not on every frame.
    pub standings: Option<(usize, Vec<Ranking>)>,
    pub standings_at: Option<Instant>,
}

impl MatrixState {
    #[must_use]
    pub fn new(loaded: LoadedSet) -> Self {
        Self::holding(Matrix::new(loaded.plan), loaded.requests)
    }

    /// The view over `matrix` as it stands, planned, its rows sent as `requests`.
    fn holding(matrix: Matrix, requests: Vec<ChatRequest>) -> Self {
        Self {
            runs: vec![None; matrix.cells.len()],
            matrix,
            requests,
            cell_of: HashMap::new(),
            scheduler: None,
            stage: Stage::Planned,
            selected: 0,
            scroll: 0,
            stored: false,
            shown: true,
            started: None,
            column: 0,
            first_column: 0,
            unsendable: None,
            standings: None,
            standings_at: None,
        }
    }

    /// Work the standings out again: at once when `now` is `None` (the matrix stopped, ended
    /// or opened), else when [`STANDINGS_EVERY`] has passed since the last time.
    pub fn refresh_standings(&mut self, now: Option<Instant>) {
        let due = match (now, self.standings_at) {
            (Some(now), Some(last)) => now.saturating_duration_since(last) >= STANDINGS_EVERY,
            _ => true,
        };
        if due {
            self.standings = summary::ttft_standings(&self.matrix);
            self.standings_at = now;
        }
    }

    /// A stored matrix reopened: its cells as they were (a cell stored as running was cut off
    /// and is pending again), stopped when cells are left to send, else finished.
    #[must_use]
    pub fn reopened(stored: StoredMatrix) -> Self {
        let StoredMatrix { mut matrix, requests } = stored;
        let cut_off: Vec<CellKey> =
            matrix.cells.iter().filter(|cell| cell.status == CellStatus::Running).map(|cell| cell.key).collect();
        for key in cut_off {
            matrix.set(CellOutcome::empty(key, CellStatus::Pending));
        }
        let finished = matrix.to_send().next().is_none();
        let (requests, unsendable) = match requests {
            Ok(requests) => (requests, None),
            Err(why) => (Vec::new(), Some(why)),
        };
        let mut state = Self::holding(matrix, requests);
        state.stored = true;
        state.unsendable = unsendable;
        state.stage = if finished { Stage::Finished } else { Stage::Stopped };
        state.refresh_standings(None);
        state
    }

    /// Rows (prompts) in the matrix.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.matrix.plan.prompts.len()
    }

    /// Change the samples per cell by `delta`, within 1 to [`MAX_REPEAT`]; refused once a cell
    /// was sent (the stored matrix has its size).
    pub fn change_repeat(&mut self, delta: i32) -> Result<u32, String> {
        if self.stored {
            return Err("the samples are set once the matrix has started".into());
        }
        let repeat = self.matrix.plan.repeat.saturating_add_signed(delta).clamp(1, MAX_REPEAT);
        if repeat != self.matrix.plan.repeat {
            let mut plan = self.matrix.plan.clone();
            plan.repeat = repeat;
            plan.check_size()?;
            self.replan(plan);
        }
        Ok(repeat)
    }

    /// Start the cells afresh from a changed `plan` (only before the start: nothing was sent).
    pub fn replan(&mut self, plan: MatrixPlan) {
        self.matrix = Matrix::new(plan);
        self.runs = vec![None; self.matrix.cells.len()];
        self.standings = None;
    }

    /// Whether cells are being sent.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.stage == Stage::Running
    }

    /// Cells done, failed, running and still to send.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for cell in &self.matrix.cells {
            match cell.status {
                CellStatus::Done => counts.done += 1,
                CellStatus::Failed => counts.failed += 1,
                CellStatus::Running => counts.running += 1,
                CellStatus::Pending | CellStatus::Cancelled => counts.remaining += 1,
            }
        }
        counts
    }

    /// What the ended cells cost so far, where priced.
    #[must_use]
    pub fn spend(&self) -> f64 {
        self.matrix.cells.iter().filter_map(|cell| cell.cost_usd).sum()
    }

    /// The time left at the pace of the cells ended since sending started; `None` before one
    /// ended or when nothing is sending.
    #[must_use]
    pub fn eta(&self, now: Instant) -> Option<Duration> {
        let (started, ended_before) = self.started.filter(|_| self.is_running())?;
        let counts = self.counts();
        let ended = (counts.done + counts.failed).checked_sub(ended_before).filter(|n| *n > 0)?;
        let per_cell = now.saturating_duration_since(started).as_secs_f64() / ended as f64;
        Some(Duration::from_secs_f64(per_cell * (counts.remaining + counts.running) as f64))
    }

    /// Move the chosen row by `delta`, keeping it within the `visible` rows shown.
    pub fn move_selection(&mut self, delta: isize, visible: usize) {
        let last = self.rows().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll = scrolled_to(self.selected, self.scroll, visible);
    }

    /// Remember that `run` answers cell `key`, now running.
    pub fn sent(&mut self, key: CellKey, run: RunId) {
        let index = self.matrix.plan.index_of(key);
        if let Some(slot) = self.runs.get_mut(index) {
            *slot = Some(run);
        }
        self.cell_of.insert(run, key);
        self.matrix.set(CellOutcome::empty(key, CellStatus::Running));
    }

    /// A stored run of row `prompt` among the `targets` columns (the last sample that has one):
    /// the compare group it was stored in holds the row's answers.
    #[must_use]
    pub fn stored_row_run(&self, prompt: u32, targets: std::ops::Range<usize>) -> Option<crate::store::RunKey> {
        let repeat = self.matrix.plan.repeat;
        (0..repeat).rev().find_map(|sample| {
            targets.clone().find_map(|target| {
                let key = CellKey { prompt, target: u32::try_from(target).ok()?, sample };
                self.matrix.cells.get(self.matrix.plan.index_of(key))?.run
            })
        })
    }

    /// The run of the cell at (`prompt`, `target`) to show: its last sample that has a run.
    #[must_use]
    pub fn row_run(&self, prompt: u32, target: u32) -> Option<RunId> {
        let repeat = self.matrix.plan.repeat;
        (0..repeat).rev().find_map(|sample| {
            let index = self.matrix.plan.index_of(CellKey { prompt, target, sample });
            self.runs.get(index).copied().flatten()
        })
    }
}

/// The first of `visible` lines (or columns) shown, moved from `first` as little as keeps
/// `chosen` in view.
#[must_use]
pub fn scrolled_to(chosen: usize, first: usize, visible: usize) -> usize {
    let visible = visible.max(1);
    if chosen < first {
        chosen
    } else if chosen >= first + visible {
        chosen + 1 - visible
    } else {
        first
    }
}

/// What an ended (or cancelled) run makes of its cell: status, figures and cost.
#[must_use]
pub fn outcome_of(key: CellKey, run: &Run, catalog: &Catalog) -> CellOutcome {
    let millis = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let (status, error) = match &run.phase {
        Phase::Done => (CellStatus::Done, None),
        Phase::Failed(error) => (CellStatus::Failed, Some(error.summary())),
        Phase::Cancelled => (CellStatus::Cancelled, None),
        _ => (CellStatus::Running, None),
    };
    CellOutcome {
        key,
        status,
        run: None,
        ttft_ms: run.time_to_first_token().map(millis),
        total_ms: run.total_time().map(millis),
        input_tokens: run.usage.input_tokens,
        output_tokens: run.usage.output_tokens,
        tokens_per_second: run.tokens_per_second(),
        cost_usd: crate::models::cost::estimate(catalog, &run.target, &run.usage).map(|cost| cost.usd),
        error,
        retries: u32::try_from(run.retries.len()).unwrap_or(u32::MAX),
        batch: false,
    }
}

/// Whether `run`'s route pushed back (a 429 retried before the first byte, or failed with it):
/// the scheduler slows that route alone.
#[must_use]
pub fn throttle_of(run: &Run) -> Option<Throttle> {
    let failed_429 = matches!(&run.phase, Phase::Failed(error) if error.status == Some(429));
    let retried_429 = run.retries.iter().any(|reason| reason.contains("429") || reason.contains("hrottl"));
    (failed_429 || retried_429).then_some(Throttle { retry_after: None })
}

/// How often the TTFT standings are worked out again while cells end.
pub const STANDINGS_EVERY: Duration = Duration::from_secs(1);

/// Lines of the matrix view besides its rows: the border, the header, the column titles, the
/// rule, four totals (success, TTFT, tok/s, cost) and the progress line; with samples, two more
/// totals (the TTFT spread, and each column against the fastest).
pub const CHROME_LINES: u16 = 10;

/// How many rows the matrix view shows in a terminal `height` lines high (the status bar takes
/// the last line).
#[must_use]
pub fn visible_rows(height: u16, repeat: u32) -> usize {
    usize::from(height.saturating_sub(1 + CHROME_LINES + 2 * u16::from(repeat > 1)))
}

/// The `[compare]` defaults: 4 cells in flight per route, samples 250 ms apart.
#[must_use]
pub fn default_limits() -> crate::matrix::schedule::Limits {
    crate::matrix::schedule::Limits {
        default_per_route: 4,
        per_route: std::collections::BTreeMap::new(),
        repeat_spacing: Duration::from_millis(250),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::error::{ErrorKind, RunError};
    use crate::routes::{RouteId, Target};

    fn run() -> Run {
        Run::new(RunId(1), Target::new(RouteId::Emulator, "echo"), "hi".into())
    }

    #[test]
    fn a_429_slows_the_route_and_other_failures_do_not() {
        let mut failed = run();
        let mut error = RunError::new(ErrorKind::Server, "emulator", "echo", "slow down");
        error.status = Some(429);
        failed.phase = Phase::Failed(error.clone());
        assert!(throttle_of(&failed).is_some());
        let mut retried = run();
        retried.retries.push(format!("retry 1 in 1.0 s: {}", error.summary()));
        retried.phase = Phase::Done;
        assert!(throttle_of(&retried).is_some(), "a 429 retried before the first byte counts too");
        error.status = Some(500);
        failed.phase = Phase::Failed(error);
        assert!(throttle_of(&failed).is_none());
    }

    #[test]
    fn a_failed_run_makes_a_failed_cell_with_its_reason() {
        let mut failed = run();
        let mut error = RunError::new(ErrorKind::Server, "emulator", "echo", "overloaded");
        error.status = Some(529);
        failed.phase = Phase::Failed(error);
        let key = CellKey { prompt: 1, target: 0, sample: 2 };
        let outcome = outcome_of(key, &failed, &Catalog::builtin());
        assert_eq!((outcome.key, outcome.status), (key, CellStatus::Failed));
        assert!(outcome.error.unwrap().contains("529"));
        assert_eq!(outcome.cost_usd, None, "the emulator has no price");
    }
}

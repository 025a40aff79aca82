//! Compare at scale: a prompt set sent to every target, each cell possibly several times.
//!
//! A matrix is prompts (rows) × targets (columns) × samples (`--repeat`). Each cell is one
//! stored run; the matrix itself is stored too ([`crate::store`]'s `matrix` and `matrix_cell`
//! tables), so it can be reopened, exported and resumed: a cell already done is never sent
//! again. Everything here is data and pure functions; the CLI (`cli/matrix/`) and the
//! playground's runtime drive the runs.
//!
//! - [`prompt_set`]: reading a prompt-set file (JSONL or plain text).
//! - [`schedule`]: which cell goes next, per-route concurrency, slowing a throttled route.
//! - [`stats`]: percentiles, histograms and whether two samples' ranking means anything.
//! - [`summary`]: the figures per column and per row, best and worst.
//! - [`estimate`]: the matrix's size and estimated cost before it starts.
//! - [`export`]: CSV, JSONL and a Markdown report.
//! - [`request`]: a cell's request, from the matrix's base request and its prompt item.
//! - [`record`]: the matrix and its cells to and from the store's rows.

pub mod estimate;
pub mod export;
mod placeholders;
pub mod prompt_set;
pub mod record;
pub mod request;
pub mod schedule;
pub mod stats;
pub mod summary;
#[cfg(test)]
mod test_support;

use crate::routes::Target;
use crate::routes::request::ChatRequest;
use crate::store::{MatrixId, RunKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use prompt_set::{PromptItem, PromptSet};

/// The most times one cell may be sampled (`--repeat`).
pub const MAX_REPEAT: u32 = 100;

/// The most targets (columns) one matrix sends to: more than a one-prompt compare's 8, since a
/// matrix is read as a table, not side by side.
pub const MAX_TARGETS: usize = 64;

/// The most cells one matrix holds: each is a figure kept in memory (about 160 bytes) and a
/// stored run, so a million is already a long night's run; past it, split the prompt set.
pub const MAX_CELLS: usize = 1_000_000;

/// One cell of a matrix: a prompt (row), a target (column) and which sample of it, all from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    pub prompt: u32,
    pub target: u32,
    pub sample: u32,
}

/// How a cell stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CellStatus {
    /// Not sent yet.
    Pending,
    /// Sent; streaming, or waiting for a batch job.
    Running,
    Done,
    Failed,
    Cancelled,
}

impl CellStatus {
    /// It has ended, one way or another: a resumed matrix sends it again only if it did not
    /// end `Done`.
    #[must_use]
    pub fn has_ended(self) -> bool {
        matches!(self, Self::Done | Self::Failed | Self::Cancelled)
    }

    /// The word the store and the exports use.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// What one ended (or running) cell came to: its stored run and its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellOutcome {
    pub key: CellKey,
    pub status: CellStatus,
    /// The run it is stored as in the history.
    pub run: Option<RunKey>,
    /// Time to the first token, ms (none for a batch result: a batch does not stream).
    pub ttft_ms: Option<u64>,
    /// From sending to the end of the answer, ms.
    pub total_ms: Option<u64>,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    /// Output tokens per second after the first token.
    pub tokens_per_second: Option<f64>,
    /// Estimated cost in US dollars (batch price when `batch`); none where the route has no
    /// price (the emulator) or the usage is unknown.
    pub cost_usd: Option<f64>,
    /// Why it failed, one line, no secrets.
    pub error: Option<String>,
    /// Retries before the first byte (a sign of throttling).
    pub retries: u32,
    /// It came back through a provider's batch service.
    pub batch: bool,
}

impl CellOutcome {
    /// A cell with no figures yet.
    #[must_use]
    pub fn empty(key: CellKey, status: CellStatus) -> Self {
        Self {
            key,
            status,
            run: None,
            ttft_ms: None,
            total_ms: None,
            input_tokens: None,
            output_tokens: None,
            tokens_per_second: None,
            cost_usd: None,
            error: None,
            retries: 0,
            batch: false,
        }
    }
}

/// Everything a matrix was asked to do; stored when it starts, so it can be resumed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixPlan {
    pub id: MatrixId,
    /// Where the prompts came from (the file as given), for titles and reports.
    pub source: String,
    /// The folder relative attachment paths are read from.
    pub folder: PathBuf,
    pub prompts: Vec<PromptItem>,
    /// Target specs, `ROUTE[@REGION]:MODEL`, in column order.
    pub targets: Vec<Target>,
    /// Samples per cell, 1 to [`MAX_REPEAT`].
    pub repeat: u32,
    /// The request every cell starts from (system prompt, parameters, controls); its turns are
    /// empty: each cell's prompt item supplies its own.
    pub base: ChatRequest,
    /// Send Bedrock and Google targets to the emulator with demo credentials.
    pub demo: bool,
    /// Send through the providers' batch services.
    pub batch: bool,
    pub created_ms: i64,
}

impl MatrixPlan {
    /// An error when the plan holds more than [`MAX_CELLS`] cells, naming its size and what to
    /// cut.
    pub fn check_size(&self) -> Result<(), String> {
        let cells = self.prompts.len().saturating_mul(self.targets.len()).saturating_mul(self.repeat as usize);
        if cells > MAX_CELLS {
            return Err(format!(
                "{}: {} prompts × {} targets × {} samples = {cells} cells, more than a matrix holds ({MAX_CELLS}); \
                 use fewer samples or targets, or split the prompt set",
                self.source,
                self.prompts.len(),
                self.targets.len(),
                self.repeat
            ));
        }
        Ok(())
    }

    /// How many cells: prompts × targets × samples.
    #[must_use]
    pub fn cell_count(&self) -> usize {
        self.prompts.len() * self.targets.len() * self.repeat as usize
    }

    /// Its size in words: `50 prompts × 3 targets × 5 samples` (the samples only above one).
    #[must_use]
    pub fn size(&self) -> String {
        let count = |n: usize, what: &str| if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") };
        let samples = if self.repeat > 1 { format!(" × {} samples", self.repeat) } else { String::new() };
        format!("{} × {}{samples}", count(self.prompts.len(), "prompt"), count(self.targets.len(), "target"))
    }

    /// Every cell, row by row, then column, then sample.
    pub fn keys(&self) -> impl Iterator<Item = CellKey> + '_ {
        let (prompts, targets, repeat) = (self.prompts.len() as u32, self.targets.len() as u32, self.repeat);
        (0..prompts).flat_map(move |prompt| {
            (0..targets).flat_map(move |target| (0..repeat).map(move |sample| CellKey { prompt, target, sample }))
        })
    }

    /// The position of `key` in [`Matrix::cells`].
    #[must_use]
    pub fn index_of(&self, key: CellKey) -> usize {
        ((key.prompt as usize * self.targets.len()) + key.target as usize) * self.repeat as usize + key.sample as usize
    }
}

/// A plan and every cell's outcome so far (`cells[plan.index_of(key)]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub plan: MatrixPlan,
    pub cells: Vec<CellOutcome>,
}

impl Matrix {
    /// A matrix of `plan` with every cell pending.
    #[must_use]
    pub fn new(plan: MatrixPlan) -> Self {
        let cells = plan.keys().map(|key| CellOutcome::empty(key, CellStatus::Pending)).collect();
        Self { plan, cells }
    }

    /// Put `outcome` in its cell.
    pub fn set(&mut self, outcome: CellOutcome) {
        let index = self.plan.index_of(outcome.key);
        if let Some(cell) = self.cells.get_mut(index) {
            *cell = outcome;
        }
    }

    /// The cells still to send: everything not `Done` (a resumed matrix sends failed,
    /// cancelled and interrupted cells again).
    pub fn to_send(&self) -> impl Iterator<Item = CellKey> + '_ {
        self.cells.iter().filter(|cell| cell.status != CellStatus::Done).map(|cell| cell.key)
    }

    /// The samples of one (prompt, target) cell.
    #[must_use]
    pub fn samples(&self, prompt: u32, target: u32) -> &[CellOutcome] {
        let start = self.plan.index_of(CellKey { prompt, target, sample: 0 });
        self.cells.get(start..start + self.plan.repeat as usize).unwrap_or_default()
    }
}

/// Values a prompt item fills into `{{name}}` placeholders of its prompt and system prompt.
pub type Vars = BTreeMap<String, String>;

#[cfg(test)]
mod size_tests {
    use super::test_support::{plan, targets};
    use super::{MAX_CELLS, MAX_REPEAT};

    #[test]
    fn a_plan_past_the_cell_cap_is_refused_with_its_size() {
        assert!(plan(10, targets(4), MAX_REPEAT).check_size().is_ok());
        let prompts = MAX_CELLS / MAX_REPEAT as usize + 1;
        let error = plan(prompts, targets(1), MAX_REPEAT).check_size().unwrap_err();
        assert!(error.starts_with("set.jsonl: 10001 prompts × 1 targets × 100 samples = 1000100 cells"), "{error}");
        assert!(error.contains("split the prompt set"), "{error}");
    }
}

//! The figures a matrix view and a report show: per column (target) over every prompt and
//! sample, per cell over its samples, best and worst in a row, and the findings a reader may
//! trust.

use super::stats::Distribution;
use super::{CellStatus, Matrix};

/// One column's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    pub cells: usize,
    pub done: usize,
    pub failed: usize,
    /// Done out of ended, 0 to 1; `None` before any cell ended.
    pub success_rate: Option<f64>,
    pub ttft_ms: Option<Distribution>,
    pub tokens_per_second: Option<Distribution>,
    pub total_ms: Option<Distribution>,
    pub cost_usd: Option<f64>,
}

/// How a cell compares with the others in its row on one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Best,
    Worst,
    Neither,
}

/// One (prompt, target) cell over its samples, as a matrix view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellSummary {
    /// The status to show: running if any sample runs, failed if all ended and none is done,
    /// done if any is done.
    pub status: CellStatus,
    pub samples_done: usize,
    pub ttft_ms: Option<f64>,
    pub output_tokens: Option<u64>,
    pub cost_usd: Option<f64>,
    /// Best or worst TTFT and cost in the row (only among cells that are done, and only when
    /// two or more are).
    pub ttft_mark: Mark,
    pub cost_mark: Mark,
}

/// Every column's totals.
#[must_use]
pub fn columns(matrix: &Matrix) -> Vec<ColumnSummary> {
    todo!("{}", matrix.cells.len())
}

/// Row `prompt`'s cells, one per target.
#[must_use]
pub fn row(matrix: &Matrix, prompt: u32) -> Vec<CellSummary> {
    todo!("{}{prompt}", matrix.cells.len())
}

/// What the samples support, one sentence each: which target is faster to the first token
/// than which, or that their distributions overlap too much to rank them, or that there are
/// too few samples (`--repeat`) to say.
#[must_use]
pub fn findings(matrix: &Matrix) -> Vec<String> {
    todo!("{}", matrix.cells.len())
}

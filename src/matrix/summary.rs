//! The figures a matrix view and a report show: per column (target) over every prompt and
//! sample, per cell over its samples, best and worst in a row, and the findings a reader may
//! trust.
//!
//! A cancelled cell is nobody's failure (the user stopped it), so success rates are done out
//! of done and failed.

use super::stats::{self, Distribution, Ranking};
use super::{CellOutcome, CellStatus, MAX_REPEAT, Matrix};
use crate::models::cost::thousands;

/// One column's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSummary {
    pub cells: usize,
    pub done: usize,
    pub failed: usize,
    /// Done out of done and failed, 0 to 1; `None` before any cell ended so.
    pub success_rate: Option<f64>,
    pub ttft_ms: Option<Distribution>,
    pub tokens_per_second: Option<Distribution>,
    pub total_ms: Option<Distribution>,
    /// Every priced sample's cost added up (failed ones too: a partial answer is billed).
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
    /// The status to show: running if any sample runs, else done if any is done; failed
    /// (cancelled when none failed) once every sample ended; else pending.
    pub status: CellStatus,
    pub samples_done: usize,
    /// The median over the done samples.
    pub ttft_ms: Option<f64>,
    /// The median over the done samples, rounded.
    pub output_tokens: Option<u64>,
    /// The mean of one done sample's cost (what one answer costs).
    pub cost_usd: Option<f64>,
    /// Best or worst TTFT and cost in the row (only among cells that are done, and only when
    /// two or more are and they differ).
    pub ttft_mark: Mark,
    pub cost_mark: Mark,
}

/// Every column's totals, in one pass over the cells.
#[must_use]
pub fn columns(matrix: &Matrix) -> Vec<ColumnSummary> {
    let targets = matrix.plan.targets.len();
    let mut counts = vec![(0_usize, 0_usize, 0_usize, None::<f64>); targets];
    let mut figures = vec![(Vec::new(), Vec::new(), Vec::new()); targets];
    for cell in &matrix.cells {
        let column = cell.key.target as usize;
        let (Some(count), Some((ttft, speed, total))) = (counts.get_mut(column), figures.get_mut(column)) else {
            continue;
        };
        count.0 += 1;
        if let Some(cost) = cell.cost_usd {
            count.3 = Some(count.3.unwrap_or(0.0) + cost);
        }
        match cell.status {
            CellStatus::Done => {
                count.1 += 1;
                ttft.extend(cell.ttft_ms.map(|ms| ms as f64));
                speed.extend(cell.tokens_per_second);
                total.extend(cell.total_ms.map(|ms| ms as f64));
            }
            CellStatus::Failed => count.2 += 1,
            CellStatus::Pending | CellStatus::Running | CellStatus::Cancelled => {}
        }
    }
    counts
        .into_iter()
        .zip(figures)
        .map(|((cells, done, failed, cost_usd), (ttft, speed, total))| ColumnSummary {
            cells,
            done,
            failed,
            success_rate: (done + failed > 0).then(|| done as f64 / (done + failed) as f64),
            ttft_ms: stats::distribution(&ttft),
            tokens_per_second: stats::distribution(&speed),
            total_ms: stats::distribution(&total),
            cost_usd,
        })
        .collect()
}

/// Row `prompt`'s cells, one per target: O(targets × repeat), one allocation (the row).
#[must_use]
pub fn row(matrix: &Matrix, prompt: u32) -> Vec<CellSummary> {
    let targets = matrix.plan.targets.len() as u32;
    let mut row: Vec<CellSummary> = (0..targets).map(|target| cell(matrix.samples(prompt, target))).collect();
    mark(&mut row, |cell| cell.ttft_ms, |cell, mark| cell.ttft_mark = mark);
    mark(&mut row, |cell| cell.cost_usd, |cell, mark| cell.cost_mark = mark);
    row
}

#[expect(clippy::cast_sign_loss, reason = "a median of token counts is not negative")]
fn cell(samples: &[CellOutcome]) -> CellSummary {
    let done = || samples.iter().filter(|sample| sample.status == CellStatus::Done);
    let any = |status| samples.iter().any(|sample| sample.status == status);
    let status = if any(CellStatus::Running) {
        CellStatus::Running
    } else if any(CellStatus::Done) {
        CellStatus::Done
    } else if !samples.is_empty() && samples.iter().all(|sample| sample.status.has_ended()) {
        if any(CellStatus::Failed) { CellStatus::Failed } else { CellStatus::Cancelled }
    } else {
        CellStatus::Pending
    };
    let costs = done().filter_map(|sample| sample.cost_usd);
    let (cost_sum, priced) = costs.fold((0.0, 0_usize), |(sum, count), cost| (sum + cost, count + 1));
    CellSummary {
        status,
        samples_done: done().count(),
        ttft_ms: median(done().filter_map(|sample| sample.ttft_ms.map(|ms| ms as f64))),
        output_tokens: median(done().filter_map(|sample| sample.output_tokens.map(|n| n as f64)))
            .map(|n| n.round() as u64),
        cost_usd: (priced > 0).then(|| cost_sum / priced as f64),
        ttft_mark: Mark::Neither,
        cost_mark: Mark::Neither,
    }
}

/// The median of at most [`MAX_REPEAT`] values (more are left out), without allocating.
fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut buffer = [0.0; MAX_REPEAT as usize];
    let mut count = 0;
    for (slot, value) in buffer.iter_mut().zip(values) {
        *slot = value;
        count += 1;
    }
    let sorted = &mut buffer[..count];
    sorted.sort_unstable_by(f64::total_cmp);
    (count > 0).then(|| stats::percentile(sorted, 0.5))
}

/// Mark the lowest of a figure Best and the highest Worst, among done cells with the figure,
/// when two or more have it and they differ.
fn mark(row: &mut [CellSummary], figure: fn(&CellSummary) -> Option<f64>, set: fn(&mut CellSummary, Mark)) {
    let value = |cell: &CellSummary| figure(cell).filter(|_| cell.status == CellStatus::Done);
    let values = || row.iter().filter_map(value);
    let (Some(low), Some(high)) = (values().reduce(f64::min), values().reduce(f64::max)) else { return };
    if values().count() < 2 || low >= high {
        return;
    }
    for cell in row.iter_mut() {
        match value(cell) {
            Some(v) if v <= low => set(cell, Mark::Best),
            Some(v) if v >= high => set(cell, Mark::Worst),
            _ => {}
        }
    }
}

/// What the samples support, one sentence each: the fastest target to the first token by
/// median, and for each other target whether it is slower beyond noise (Mann–Whitney,
/// p < 0.05) or their distributions overlap too much to rank; that one sample per cell ranks
/// nothing (`--repeat`); and which targets failed cells.
#[must_use]
pub fn findings(matrix: &Matrix) -> Vec<String> {
    let mut found = Vec::new();
    let labels: Vec<String> = matrix.plan.targets.iter().map(crate::routes::Target::spec).collect();
    let (ttfts, medians) = ttft_samples(matrix);
    let fastest = fastest_of(&medians);
    let done_any = matrix.cells.iter().any(|cell| cell.status == CellStatus::Done);
    match fastest {
        None if done_any => found.push("No answer has a time to first token (a batch does not stream), so targets are not ranked by it.".to_owned()),
        None => {}
        Some(_) if labels.len() < 2 => {}
        Some(_) if matrix.plan.repeat < 2 => found.push(
            "One sample per cell is not enough to rank targets by time to first token; run again with --repeat 5 or more."
                .to_owned(),
        ),
        Some((first, first_median)) => {
            found.push(format!("Fastest to the first token by median: {} ({}).", labels[first], millis(first_median)));
            for other in (0..labels.len()).filter(|&other| other != first) {
                found.push(compare(&labels, &ttfts, &medians, first, other));
            }
        }
    }
    for (label, column) in labels.iter().zip(columns(matrix)) {
        if column.failed > 0 {
            let rate = column.success_rate.unwrap_or(0.0) * 100.0;
            let ended = column.done + column.failed;
            found.push(format!("{label} failed {} of {ended} cells ({rate:.0}% answered).", column.failed));
        }
    }
    found
}

/// Every column's done TTFTs, and their medians.
fn ttft_samples(matrix: &Matrix) -> (Vec<Vec<f64>>, Vec<Option<f64>>) {
    let mut ttfts = vec![Vec::new(); matrix.plan.targets.len()];
    for cell in matrix.cells.iter().filter(|cell| cell.status == CellStatus::Done) {
        if let (Some(samples), Some(ms)) = (ttfts.get_mut(cell.key.target as usize), cell.ttft_ms) {
            samples.push(ms as f64);
        }
    }
    let medians = ttfts.iter().map(|samples| stats::distribution(samples).map(|d| d.p50)).collect();
    (ttfts, medians)
}

/// The column with the lowest median, and that median.
fn fastest_of(medians: &[Option<f64>]) -> Option<(usize, f64)> {
    (0..medians.len())
        .filter_map(|target| medians[target].map(|median| (target, median)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Where each column's TTFT stands against the fastest column's, as the findings judge it:
/// the fastest column's index and every column's ranking against it (the fastest's own is
/// meaningless). `None` with fewer than two targets, one sample per cell, or no TTFT yet.
#[must_use]
pub fn ttft_standings(matrix: &Matrix) -> Option<(usize, Vec<Ranking>)> {
    if matrix.plan.targets.len() < 2 || matrix.plan.repeat < 2 {
        return None;
    }
    let (ttfts, medians) = ttft_samples(matrix);
    let (first, _) = fastest_of(&medians)?;
    Some((first, ttfts.iter().map(|other| stats::rank(&ttfts[first], other)).collect()))
}

/// One sentence on `other`'s TTFT against the fastest target's.
fn compare(labels: &[String], ttfts: &[Vec<f64>], medians: &[Option<f64>], first: usize, other: usize) -> String {
    let (a, b) = (&labels[first], &labels[other]);
    let Some(other_median) = medians[other] else {
        return format!("{b} has no time to first token to rank.");
    };
    let first_median = medians[first].unwrap_or(0.0);
    let versus = |x: f64, y: f64| format!("median {} vs {}", millis(x), millis(y));
    match stats::rank(&ttfts[first], &ttfts[other]) {
        Ranking::TooFewSamples => {
            let (n, m) = (ttfts[first].len(), ttfts[other].len());
            format!("{a} and {b}: too few answers to rank ({n} and {m}; at least {} each).", stats::MIN_SAMPLES)
        }
        Ranking::Overlapping { p_value } => {
            let versus = versus(first_median, other_median);
            format!("{a} and {b} overlap ({versus}, {}): their order may be noise.", p(p_value))
        }
        Ranking::FirstLower { p_value } => {
            let versus = versus(first_median, other_median);
            format!("{a} is faster to the first token than {b} ({versus}, {}).", p(p_value))
        }
        Ranking::SecondLower { p_value } => {
            let versus = versus(other_median, first_median);
            format!("{b} is faster to the first token than {a} ({versus}, {}).", p(p_value))
        }
    }
}

/// A time in whole milliseconds as reports write it: `1,234 ms`.
#[must_use]
#[expect(clippy::cast_sign_loss, reason = "clamped to 0 first")]
pub fn millis(value: f64) -> String {
    format!("{} ms", thousands(value.max(0.0).round() as u64))
}

fn p(value: f64) -> String {
    if value < 0.001 { "p < 0.001".to_owned() } else { format!("p = {value:.3}") }
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;

//! What a matrix prints when it ends (and `routeplay matrix show`): a Markdown table of each
//! target's figures (success rate, TTFT p50/p90/max, tok/s p50, total time p50, cost) and the
//! findings the samples support; or one JSON record per cell. `--out FILE` and `matrix export`
//! write the matrix in the format the file's extension names, answers read from the history.

use crate::matrix::export::{self, Format};
use crate::matrix::stats::Distribution;
use crate::matrix::{CellStatus, Matrix, summary};
use crate::store::Store;
use std::fmt::Write as _;
use std::path::Path;

const HEADER: &str = "| target | cells | done | failed | success | TTFT p50 | TTFT p90 | TTFT max | tok/s p50 \
                      | total p50 | cost |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: \
                      | ---: |\n";

/// The per-target table and the findings.
#[must_use]
pub fn table(matrix: &Matrix) -> String {
    let mut out = String::from(HEADER);
    for (target, column) in matrix.plan.targets.iter().zip(summary::columns(matrix)) {
        let seconds = |d: Option<Distribution>, pick: fn(&Distribution) -> f64| {
            d.map_or_else(dash, |d| format!("{:.3} s", pick(&d) / 1000.0))
        };
        let cells = [
            format!("`{}`", target.spec()),
            column.cells.to_string(),
            column.done.to_string(),
            column.failed.to_string(),
            column.success_rate.map_or_else(dash, |rate| format!("{:.0}%", rate * 100.0)),
            seconds(column.ttft_ms, |d| d.p50),
            seconds(column.ttft_ms, |d| d.p90),
            seconds(column.ttft_ms, |d| d.max),
            column.tokens_per_second.map_or_else(dash, |d| format!("{:.1}", d.p50)),
            seconds(column.total_ms, |d| d.p50),
            column.cost_usd.map_or_else(|| "unknown".into(), dollars),
        ];
        out.push('|');
        for cell in cells {
            let _ = write!(out, " {} |", cell.replace('|', "\\|"));
        }
        out.push('\n');
    }
    let findings = summary::findings(matrix);
    if !findings.is_empty() {
        out.push_str("\nFindings:\n");
        for finding in findings {
            let _ = writeln!(out, "- {finding}");
        }
    }
    out
}

/// `matrix` in `format`, each answer read back from the history by its run.
#[must_use]
pub fn render(matrix: &Matrix, format: Format, store: Option<&Store>) -> String {
    let answers = |run: crate::store::RunKey| store.and_then(|store| store.cell_answer(run).ok().flatten());
    export::render(matrix, format, &answers)
}

/// Write `matrix` to `path` in the format its extension names.
pub fn write(matrix: &Matrix, path: &Path, store: Option<&Store>) -> Result<(), String> {
    let format = Format::of_path(path)?;
    std::fs::write(path, render(matrix, format, store)).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The history, for reading answers back; `None` (with a warning) when it cannot be opened.
#[must_use]
pub fn history() -> Option<Store> {
    let path = Store::file(&crate::config::paths::Paths::discover());
    Store::open_for_reading(path)
        .map_err(|error| eprintln!("routeplay: warning: history: {error}; answers are left out"))
        .ok()
}

fn dash() -> String {
    "-".into()
}

/// Dollars with enough digits for the fractions of a cent a short answer costs.
fn dollars(usd: f64) -> String {
    if usd >= 0.01 { format!("${usd:.4}") } else { format!("${usd:.6}") }
}

/// Why cells failed, one line per target and distinct reason, most frequent first, at most
/// [`REASONS_PER_TARGET`] per target: `bedrock-converse:…: 9 cells: HTTP 400 ValidationException: …`.
#[must_use]
pub fn failure_reasons(matrix: &Matrix) -> Vec<String> {
    let mut lines = Vec::new();
    for (index, target) in matrix.plan.targets.iter().enumerate() {
        let mut reasons: Vec<(String, usize)> = Vec::new();
        let failed =
            matrix.cells.iter().filter(|cell| cell.key.target as usize == index && cell.status == CellStatus::Failed);
        let own_prefix = format!("{} · {}: ", target.route.name(), target.model);
        for cell in failed {
            let error = cell.error.as_deref().unwrap_or("no reason recorded");
            let reason = without_request_id(error.strip_prefix(&own_prefix).unwrap_or(error));
            match reasons.iter_mut().find(|(known, _)| *known == reason) {
                Some((_, count)) => *count += 1,
                None => reasons.push((reason, 1)),
            }
        }
        reasons.sort_by_key(|reason| std::cmp::Reverse(reason.1));
        let more = reasons.len().saturating_sub(REASONS_PER_TARGET);
        for (reason, count) in reasons.into_iter().take(REASONS_PER_TARGET) {
            lines.push(format!("{}: {}: {reason}", target.spec(), crate::app::counted(count, "cell")));
        }
        if more > 0 {
            lines.push(format!(
                "{}: {} more reasons (`routeplay matrix show {} --json`)",
                target.spec(),
                more,
                matrix.plan.id
            ));
        }
    }
    lines
}

/// `reason` without the ` (request id …)` every failure carries, so one cause counts once.
fn without_request_id(reason: &str) -> String {
    match reason.find(" (request id ") {
        Some(start) => {
            let mut end = reason[start..].find(')').map_or(reason.len(), |close| start + close + 1);
            if reason[..start].ends_with('.') && reason[end..].starts_with('.') {
                end += 1;
            }
            format!("{}{}", &reason[..start], &reason[end..])
        }
        None => reason.to_owned(),
    }
}

/// The most distinct failure reasons printed for one target.
const REASONS_PER_TARGET: usize = 3;

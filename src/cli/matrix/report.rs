//! What a matrix prints when it ends (and `routeplay matrix show`): a Markdown table of each
//! target's figures (success rate, TTFT p50/p90/max, tok/s p50, total time p50, cost) and the
//! findings the samples support; or one JSON record per cell. `--out FILE` and `matrix export`
//! write the matrix in the format the file's extension names, answers read from the history.

use crate::matrix::export::{self, Format};
use crate::matrix::stats::Distribution;
use crate::matrix::{Matrix, summary};
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

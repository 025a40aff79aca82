//! The Markdown report: title, source and size; a table per target (success rate, TTFT p50,
//! p90 and max, tok/s p50, total p50, cost); the TTFT and total-time distributions as text
//! bars; the matrix of prompts × targets with each cell's status and TTFT (the row's best in
//! bold); the findings.

use super::safe;
use crate::matrix::stats::{Distribution, text_bar};
use crate::matrix::summary::{self, ColumnSummary, Mark, millis};
use crate::matrix::{CellStatus, Matrix};
use std::fmt::Write as _;

/// The width of a distribution's bars, in characters.
const BAR_WIDTH: usize = 30;

pub(super) fn render(matrix: &Matrix) -> String {
    let plan = &matrix.plan;
    let labels: Vec<String> = plan.targets.iter().map(crate::routes::Target::spec).collect();
    let columns = summary::columns(matrix);
    let mut out = format!("# Matrix {}: {}\n\n", plan.id, cell_text(&plan.source));
    let _ = writeln!(
        out,
        "{} = {} cells{}.",
        plan.size(),
        plan.cell_count(),
        if plan.batch { ", sent through the providers' batch services (half price)" } else { "" }
    );
    let count = |status| matrix.cells.iter().filter(|cell| cell.status == status).count();
    let (done, failed) = (count(CellStatus::Done), count(CellStatus::Failed));
    let _ = writeln!(out, "Done {done}, failed {failed}, not done {}.", plan.cell_count() - done - failed);
    targets_table(&mut out, &labels, &columns);
    let ttft: Vec<Option<Distribution>> = columns.iter().map(|column| column.ttft_ms).collect();
    distributions(&mut out, "Time to first token", &labels, &ttft);
    let total: Vec<Option<Distribution>> = columns.iter().map(|column| column.total_ms).collect();
    distributions(&mut out, "Total time", &labels, &total);
    matrix_table(&mut out, matrix, &labels);
    out.push_str("\n## Findings\n\n");
    let findings = summary::findings(matrix);
    if findings.is_empty() {
        out.push_str("- Nothing to report yet.\n");
    }
    for finding in findings {
        let _ = writeln!(out, "- {finding}");
    }
    safe(&out).into_owned()
}

fn targets_table(out: &mut String, labels: &[String], columns: &[ColumnSummary]) {
    out.push_str("\n## Targets\n\n");
    out.push_str("| Target | Answered | TTFT p50 | TTFT p90 | TTFT max | tok/s p50 | Total p50 | Cost |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (label, column) in labels.iter().zip(columns) {
        let answered = match column.success_rate {
            Some(rate) => format!("{}/{} ({:.0}%)", column.done, column.done + column.failed, rate * 100.0),
            None => "—".to_owned(),
        };
        let ms =
            |pick: fn(&Distribution) -> f64, of: Option<Distribution>| of.map_or("—".into(), |d| millis(pick(&d)));
        let _ = writeln!(
            out,
            "| {} | {answered} | {} | {} | {} | {} | {} | {} |",
            cell_text(label),
            ms(|d| d.p50, column.ttft_ms),
            ms(|d| d.p90, column.ttft_ms),
            ms(|d| d.max, column.ttft_ms),
            column.tokens_per_second.map_or("—".into(), |d| format!("{:.1}", d.p50)),
            ms(|d| d.p50, column.total_ms),
            column.cost_usd.map_or("—".into(), dollars),
        );
    }
}

/// Each target's p50, p90 and max as bars, scaled to the largest max of them all.
fn distributions(out: &mut String, title: &str, labels: &[String], of: &[Option<Distribution>]) {
    let largest = of.iter().flatten().map(|d| d.max).fold(0.0, f64::max);
    if largest <= 0.0 {
        return;
    }
    let _ = write!(out, "\n## {title}\n\n```text\n");
    for (label, distribution) in labels.iter().zip(of) {
        let _ = writeln!(out, "{label}");
        let Some(d) = distribution else {
            out.push_str("  no answers\n");
            continue;
        };
        for (name, value) in [("p50", d.p50), ("p90", d.p90), ("max", d.max)] {
            let _ = writeln!(out, "  {name}  {}  {}", text_bar(value, largest, BAR_WIDTH), millis(value));
        }
    }
    out.push_str("```\n");
}

/// Prompts as rows, targets as columns: each cell's status (with samples done of the repeat)
/// and median TTFT, the row's best TTFT in bold.
fn matrix_table(out: &mut String, matrix: &Matrix, labels: &[String]) {
    out.push_str("\n## Matrix\n\n| Prompt |");
    for label in labels {
        let _ = write!(out, " {} |", cell_text(label));
    }
    out.push_str("\n| --- |");
    out.push_str(&" --- |".repeat(labels.len()));
    out.push('\n');
    let repeat = matrix.plan.repeat as usize;
    for (prompt, item) in (0..).zip(&matrix.plan.prompts) {
        let _ = write!(out, "| {} |", cell_text(&item.id));
        for cell in summary::row(matrix, prompt) {
            let mut shown = cell.status.as_str().to_owned();
            if repeat > 1 {
                let _ = write!(shown, " {}/{repeat}", cell.samples_done);
            }
            if let Some(ttft) = cell.ttft_ms {
                let ttft = millis(ttft);
                let _ = if cell.ttft_mark == Mark::Best {
                    write!(shown, " · **{ttft}**")
                } else {
                    write!(shown, " · {ttft}")
                };
            }
            let _ = write!(out, " {shown} |");
        }
        out.push('\n');
    }
}

/// `text` fit for one table cell: no line breaks, pipes escaped.
fn cell_text(text: &str) -> String {
    text.replace(['\r', '\n', '\t'], " ").replace('|', "\\|")
}

/// `$0.0123` below a dollar, `$12.34` above.
fn dollars(usd: f64) -> String {
    if usd.abs() < 1.0 { format!("${usd:.4}") } else { format!("${usd:.2}") }
}

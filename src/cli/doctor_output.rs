//! How `routeplay doctor` prints: a block per route of ✓/✗ lines with their fixes wrapped
//! under them, and a verdict; or one JSON array for scripts.

use super::output::outln;
use crate::client::doctor::{Check, RouteReport, Status};
use crate::routes::RouteId;
use serde_json::json;

/// Where the text of a line starts, and where lines wrap.
const INDENT: usize = 18;
const WIDTH: usize = 100;

/// A route as the report lists it.
pub enum Row {
    Checked(Box<RouteReport>),
    Skipped { route: RouteId, why: &'static str },
}

impl Row {
    /// Skipped routes do not count against the exit status.
    pub fn ready(&self) -> bool {
        match self {
            Row::Checked(report) => report.ready(),
            Row::Skipped { .. } => true,
        }
    }
}

pub fn print(row: &Row) {
    if let Row::Skipped { route, why } = row {
        outln!("{route}");
        print_checks(&[Check::skipped("route", *why)]);
        outln!("  → skipped\n");
    }
}

pub fn print_head(report: &RouteReport) {
    outln!("{} · {}", report.target.route, report.target.model);
}

pub fn print_checks(checks: &[Check]) {
    for check in checks {
        let mark = match check.status {
            Status::Ok => "✓",
            Status::Failed => "✗",
            Status::Unconfirmed => "?",
            Status::Skipped => "–",
        };
        let head = format!("  {mark} {:<13} ", check.check);
        outln!("{}", wrap(&head, &check.detail));
        if let Some(fix) = &check.fix {
            outln!("{}", wrap(&format!("{:INDENT$}", ""), &format!("fix: {fix}")));
        }
    }
}

pub fn print_verdict(row: &Row) {
    if let Row::Checked(report) = row {
        let failed = report.checks.iter().filter(|check| check.status == Status::Failed).count();
        if failed == 0 {
            outln!("  → ready\n");
        } else {
            outln!("  → not ready: {failed} check{} failed\n", if failed == 1 { "" } else { "s" });
        }
    }
}

pub fn print_json(rows: &[Row]) {
    let rows: Vec<_> = rows
        .iter()
        .map(|row| match row {
            Row::Skipped { route, why } => json!({ "route": route, "ready": null, "skipped": why }),
            Row::Checked(report) => json!({
                "route": report.target.route,
                "model": report.target.model,
                "ready": report.ready(),
                "checks": report.checks,
            }),
        })
        .collect();
    outln!("{}", serde_json::Value::Array(rows));
}

/// `text` after `head`, wrapped at [`WIDTH`] with following lines indented to [`INDENT`].
fn wrap(head: &str, text: &str) -> String {
    let mut out = head.to_owned();
    let mut column = head.chars().count();
    let start = column.max(INDENT);
    for word in text.split_whitespace() {
        let length = word.chars().count();
        // A short first word (`POST`) keeps its long neighbour on its line.
        if column > start + 8 && column + 1 + length > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(INDENT));
            column = INDENT;
        } else if column > head.chars().count() {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += length;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_fixes_wrap_under_the_text() {
        let text = "word ".repeat(40);
        let wrapped = wrap(&format!("{:INDENT$}", ""), &text);
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped.lines().all(|line| line.chars().count() <= WIDTH && line.starts_with(&" ".repeat(INDENT))));
    }
}

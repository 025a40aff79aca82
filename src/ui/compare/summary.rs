//! The summary strip once every column is done: targets ranked by total time, each with its
//! time to first token, total time and cost as small bars, the fastest and the cheapest marked.

use crate::app::App;
use crate::app::runs::{Phase, Run};
use crate::ui::theme::{Role, Theme};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Cells of the longest bar.
const BAR: usize = 8;
/// Eighths of a cell, for smooth bar ends.
const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// One target's figures for the strip.
struct Row {
    label: String,
    ttft: Option<f64>,
    total: Option<f64>,
    cost: Option<f64>,
    ok: bool,
    /// Why the run is not ranked (`✗ failed`, `■ cancelled`).
    outcome: Option<String>,
}

/// The strip's lines, or nothing while a column still runs (or there is only one).
#[must_use]
pub fn lines(app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let runs: Vec<&Run> = app.compare.latest().filter_map(|id| app.runs.get(id)).collect();
    if runs.len() < 2 || runs.len() != app.compare.columns.len() || runs.iter().any(|run| run.phase.is_live()) {
        return Vec::new();
    }
    let mut rows: Vec<Row> = runs
        .iter()
        .map(|run| Row {
            label: format!("{} · {}", run.target.route, run.target.model),
            ttft: run.time_to_first_token().map(|d| d.as_secs_f64()),
            total: run.total_time().map(|d| d.as_secs_f64()),
            cost: super::cost_usd(app, run),
            ok: run.phase == Phase::Done,
            outcome: match run.phase {
                Phase::Done => None,
                Phase::Cancelled => Some("■ cancelled".into()),
                _ => Some("✗ failed".into()),
            },
        })
        .collect();
    rows.sort_by(|a, b| {
        (!a.ok, a.total.unwrap_or(f64::MAX))
            .partial_cmp(&(!b.ok, b.total.unwrap_or(f64::MAX)))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let best = |pick: fn(&Row) -> Option<f64>| rows.iter().filter(|r| r.ok).filter_map(pick).fold(f64::MAX, f64::min);
    let (fastest, cheapest) = (best(|r| r.total), best(|r| r.cost));
    let max = |pick: fn(&Row) -> Option<f64>| rows.iter().filter(|r| r.ok).filter_map(pick).fold(0.0, f64::max);
    let (max_ttft, max_total, max_cost) = (max(|r| r.ttft), max(|r| r.total), max(|r| r.cost));
    let label_width = usize::from(width).saturating_sub(3 * (BAR + 11) + 4).clamp(8, 40);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:<label_width$}    {:<w$} {:<w$} {:<w$}",
            "ranked by total time",
            "TTFT",
            "total",
            "cost",
            w = BAR + 10
        ),
        theme.get(Role::Title),
    ))];
    for row in &rows {
        let mut marks = String::new();
        if row.ok && row.total == Some(fastest) {
            marks.push('★');
        }
        if row.ok && row.cost == Some(cheapest) {
            marks.push('$');
        }
        let role = if row.ok { Role::Text } else { Role::Error };
        let mut spans = vec![
            Span::styled(format!("{marks:<2} "), theme.get(Role::Ok)),
            Span::styled(fit(&row.label, label_width), theme.get(role)),
            Span::raw(" "),
        ];
        // A failed or cancelled run is not ranked: its times say nothing about the route.
        if let Some(outcome) = &row.outcome {
            spans.push(Span::styled(outcome.clone(), theme.get(Role::Error)));
        } else {
            spans.extend(figure(row.ttft, max_ttft, |v| format!("{v:.2} s"), theme));
            spans.extend(figure(row.total, max_total, |v| format!("{v:.2} s"), theme));
            spans.extend(figure(row.cost, max_cost, |v| format!("${v:.4}"), theme));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled("★ fastest · $ cheapest", theme.get(Role::Dim))));
    lines
}

/// A value and its bar, or `unknown` (never a zero bar for a missing figure).
fn figure(value: Option<f64>, max: f64, show: impl Fn(f64) -> String, theme: &Theme) -> Vec<Span<'static>> {
    let Some(value) = value else {
        return vec![Span::styled(format!("{:<w$} ", "unknown", w = BAR + 10), theme.get(Role::Dim))];
    };
    // A share of the longest bar, in eighths of a cell: 0..=64, so the cast cannot lose.
    #[allow(clippy::cast_sign_loss, reason = "value and max are non-negative durations or costs")]
    let eighths =
        if max > 0.0 { (value / max * (BAR * 8) as f64).round().clamp(0.0, (BAR * 8) as f64) as usize } else { 0 };
    let bar = format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8]);
    vec![
        Span::styled(format!("{:>8} ", show(value)), theme.get(Role::Metric)),
        Span::styled(format!("{bar:<BAR$} "), theme.get(Role::Accent)),
    ]
}

/// `text` cut or padded to `width` columns.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text:<width$}");
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    while cut.width() > width.saturating_sub(1) {
        cut.pop();
    }
    format!("{cut}…")
}

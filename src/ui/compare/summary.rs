//! The summary strip once every column is done: targets ranked by total time, each with its
//! time to first token, total time and cost as small bars, the fastest and the cheapest marked.

use crate::app::App;
use crate::app::runs::{Phase, Run};
use crate::ui::theme::{Role, Theme};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Cells of the longest bar, when the width allows.
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
    let targets: Vec<_> = runs.iter().map(|run| run.target.clone()).collect();
    let mut rows: Vec<Row> = runs
        .iter()
        .zip(super::labels::short_labels(&targets))
        .enumerate()
        .map(|(index, (run, short))| Row {
            label: format!("{} {short}", index + 1).trim_end().to_owned(),
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
    let longest = rows.iter().map(|row| row.label.width()).max().unwrap_or(0);
    let layout = Layout::fit(usize::from(width), longest);
    let header_cell = |name: &str| format!("{name:>VALUE$} {:<w$}", "", w = layout.bar_cell());
    let mut header = format!("{:<w$}", "", w = MARKS + layout.label + 1);
    if layout.ttft {
        header.push_str(&header_cell("TTFT"));
    }
    header.push_str(&header_cell("total"));
    header.push_str(&header_cell("cost"));
    let mut lines = vec![Line::from(Span::styled(header.trim_end().to_owned(), theme.get(Role::Title)))];
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
            Span::styled(format!("{marks:<MARKS$}"), theme.get(Role::Ok)),
            Span::styled(fit(&row.label, layout.label), theme.get(role)),
            Span::raw(" "),
        ];
        // A failed or cancelled run is not ranked: its times say nothing about the route.
        if let Some(outcome) = &row.outcome {
            spans.push(Span::styled(outcome.clone(), theme.get(Role::Error)));
        } else {
            if layout.ttft {
                spans.extend(figure(row.ttft, max_ttft, layout.bar, |v| format!("{v:.2} s"), theme));
            }
            spans.extend(figure(row.total, max_total, layout.bar, |v| format!("{v:.2} s"), theme));
            spans.extend(figure(row.cost, max_cost, layout.bar, |v| format!("${v:.4}"), theme));
        }
        lines.push(Line::from(spans));
    }
    let mut legend = "ranked by total time · ★ fastest · $ cheapest".to_owned();
    if !layout.ttft {
        legend.push_str(" · TTFT: z zooms");
    }
    lines.push(Line::from(Span::styled(legend, theme.get(Role::Dim))));
    lines
}

/// Columns of the marks (`★$ `) before a label.
const MARKS: usize = 3;
/// Columns of a figure's value (`$0.0012`, `12.34 s`, `unknown`).
const VALUE: usize = 8;
/// The fewest label columns worth showing before dropping bars or the TTFT column.
const MIN_LABEL: usize = 10;

/// How the strip's columns share its width.
struct Layout {
    label: usize,
    /// Bar cells per figure; 0 draws no bars.
    bar: usize,
    /// Whether the TTFT column fits (it goes first when space runs out; the zoomed column has it).
    ttft: bool,
}

impl Layout {
    /// The widest layout in `width` for labels up to `longest` columns: bars shrink, then go,
    /// then labels are cut (to `MIN_LABEL` at most), then the TTFT column goes.
    fn fit(width: usize, longest: usize) -> Self {
        let wanted = longest.clamp(1, 28);
        let least = wanted.min(MIN_LABEL);
        for ttft in [true, false] {
            let figures = if ttft { 3 } else { 2 };
            for minimum in [wanted, least] {
                for bar in (0..=BAR).rev().filter(|bar| *bar == 0 || *bar >= 3) {
                    let layout = Self { label: wanted, bar, ttft };
                    let fixed = MARKS + 1 + figures * layout.figure();
                    if fixed + minimum <= width {
                        return Self { label: wanted.min(width - fixed), ..layout };
                    }
                }
            }
        }
        Self { label: least, bar: 0, ttft: false }
    }

    /// Columns of one figure: value, space, and the bar with its space.
    fn figure(&self) -> usize {
        VALUE + 1 + self.bar_cell()
    }

    /// Columns of a bar and the space after it; none without bars.
    fn bar_cell(&self) -> usize {
        if self.bar == 0 { 0 } else { self.bar + 1 }
    }
}

/// A value and its bar, or `unknown` (never a zero bar for a missing figure).
fn figure(
    value: Option<f64>,
    max: f64,
    bar_cells: usize,
    show: impl Fn(f64) -> String,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let Some(value) = value else {
        let cells = if bar_cells == 0 { 0 } else { bar_cells + 1 };
        return vec![Span::styled(format!("{:>VALUE$} {:<cells$}", "unknown", ""), theme.get(Role::Dim))];
    };
    if bar_cells == 0 {
        return vec![Span::styled(format!("{:>VALUE$} ", show(value)), theme.get(Role::Metric))];
    }
    // A share of the longest bar, in eighths of a cell: 0..=64, so the cast cannot lose.
    #[allow(clippy::cast_sign_loss, reason = "value and max are non-negative durations or costs")]
    let eighths = if max > 0.0 {
        (value / max * (bar_cells * 8) as f64).round().clamp(0.0, (bar_cells * 8) as f64) as usize
    } else {
        0
    };
    let bar = format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8]);
    vec![
        Span::styled(format!("{:>VALUE$} ", show(value)), theme.get(Role::Metric)),
        Span::styled(format!("{bar:<bar_cells$} "), theme.get(Role::Accent)),
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

//! The matrix view (compare at scale): prompts as rows, targets as columns, each cell's
//! status, TTFT, tokens and cost; every column's totals under the rows, and a progress line.
//! Only the rows on screen are summarised, so a matrix of any length draws in the same time;
//! the columns that fit are shown, scrolled sideways to the chosen one.

use super::matrix_cells::{Figure, cell, fit, fit_whole, total};
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::matrix::{MatrixState, Stage, visible_rows};
use crate::app::matrix_columns::{prompt_width, visible_columns};
use crate::matrix::stats::Ranking;
use crate::matrix::{Matrix, stats, summary};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use std::ops::Range;
use std::time::Instant;

/// Bins of the TTFT spread shown under a column when cells are sampled more than once.
const SPREAD_BINS: usize = 8;

/// Cells of the progress bar.
const BAR: usize = 20;

/// Draw the matrix over `area`, leaving its last line to the status bar.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, now: Instant) {
    let Some(state) = app.matrix.as_ref() else { return };
    let view = Rect { height: area.height.saturating_sub(1), ..area };
    let plan = &state.matrix.plan;
    let block = super::pane::block(&format!("Matrix · {}", plan.source), true, theme)
        .title_bottom(Line::from(Span::styled(keys(&state.stage), theme.get(Role::Dim))));
    let inner = block.inner(view);
    frame.render_widget(Clear, view);
    frame.render_widget(block, view);
    let columns = state.shown_columns(visible_columns(area.width, plan.targets.len()));
    let widths = column_widths(inner.width, columns.len());
    let text = theme.get(Role::Text);
    let mut lines = vec![header(state, &columns, theme)];
    let mut titles = fit(vec![("prompt".into(), theme.get(Role::Heading))], widths[0], text);
    for (target, width) in columns.clone().zip(&widths[1..]) {
        // The model tells columns apart best; the route goes first where both fit.
        let target_at = &plan.targets[target];
        let both = format!("{} · {}", target_at.route, target_at.model);
        let label = if both.chars().count() < *width { both } else { target_at.model.clone() };
        let chosen = target == state.column && plan.targets.len() > 1;
        let style = if chosen { theme.get(Role::Selection) } else { theme.get(Role::Heading) };
        titles.extend(fit(vec![(label, style)], *width, text));
    }
    lines.push(Line::from(titles));
    let visible = visible_rows(area.height, plan.repeat);
    let shown = state.scroll..(state.scroll + visible).min(state.rows());
    for prompt in shown.clone() {
        lines.push(row(state, prompt, &columns, &widths, theme));
    }
    lines.extend((shown.len()..visible).map(|_| Line::default()));
    lines.push(Line::from(Span::styled("─".repeat(usize::from(inner.width)), theme.get(Role::Rule))));
    lines.extend(totals(&state.matrix, &columns, &widths, theme));
    if plan.repeat > 1 {
        lines.push(standings(state, &columns, &widths, theme));
    }
    lines.push(progress(state, inner.width, theme, now));
    frame.render_widget(Paragraph::new(lines).style(text), inner);
}

/// The prompt column and each shown target's, summing to `width`.
fn column_widths(width: u16, targets: usize) -> Vec<usize> {
    let width = usize::from(width);
    let first = prompt_width(width);
    let each = width.saturating_sub(first) / targets.max(1);
    std::iter::once(first).chain(std::iter::repeat_n(each, targets)).collect()
}

/// `10 prompts × 3 targets × 1 sample = 30 cells · ready: + and - set the samples, s starts`,
/// with which columns are shown when not all fit.
fn header(state: &MatrixState, columns: &Range<usize>, theme: &Theme) -> Line<'static> {
    let plan = &state.matrix.plan;
    let size = format!(
        "{} × {} × {} = {}",
        crate::app::counted(plan.prompts.len(), "prompt"),
        crate::app::counted(plan.targets.len(), "target"),
        crate::app::counted(plan.repeat as usize, "sample"),
        crate::app::counted(plan.cell_count(), "cell")
    );
    let (words, role) = match &state.stage {
        Stage::Planned => ("ready: + and - set the samples, s starts", Role::Accent),
        Stage::Confirming { .. } => ("confirm the start", Role::Warn),
        Stage::Running => ("running", Role::Accent),
        Stage::Stopped => ("stopped: s resumes the cells not done", Role::Warn),
        Stage::Finished => ("finished", Role::Ok),
    };
    let mut spans = vec![Span::styled(size, theme.get(Role::Text)), Span::styled(" · ", theme.get(Role::Dim))];
    let targets = plan.targets.len();
    if columns.len() < targets {
        let (from, to) = (columns.start + 1, columns.end);
        spans.push(Span::styled(format!("columns {from}–{to} of {targets} (←→)"), theme.get(Role::Accent)));
        spans.push(Span::styled(" · ", theme.get(Role::Dim)));
    }
    spans.push(Span::styled(words, theme.get(role)));
    Line::from(spans)
}

/// Row `prompt`: its id and first line, then each shown target's cell.
fn row(state: &MatrixState, prompt: usize, columns: &Range<usize>, widths: &[usize], theme: &Theme) -> Line<'static> {
    let text = theme.get(Role::Text);
    let item = &state.matrix.plan.prompts[prompt];
    let rendered = item.rendered_prompt();
    let first_line = rendered.lines().next().unwrap_or_default();
    let label_style = if prompt == state.selected { theme.get(Role::Selection) } else { text };
    let mut spans = fit(vec![(format!("{} {first_line}", item.id), label_style)], widths[0], text);
    let cells = summary::row(&state.matrix, u32::try_from(prompt).unwrap_or(u32::MAX));
    for (summary, width) in cells[columns.clone()].iter().zip(&widths[1..]) {
        spans.extend(fit_whole(cell(summary, state.matrix.plan.repeat, theme), *width, text));
    }
    Line::from(spans)
}

/// Every shown column's success rate, TTFT, tok/s and cost; with samples, its TTFT spread.
fn totals(matrix: &Matrix, shown: &Range<usize>, widths: &[usize], theme: &Theme) -> Vec<Line<'static>> {
    let text = theme.get(Role::Text);
    let all = summary::columns(matrix);
    let columns = &all[shown.clone()];
    let mut lines: Vec<Line<'static>> = Figure::ALL
        .into_iter()
        .map(|figure| {
            let mut spans = fit(vec![(figure.label().into(), theme.get(Role::Heading))], widths[0], text);
            for (column, width) in columns.iter().zip(&widths[1..]) {
                spans.extend(fit(vec![(total(column, figure), theme.get(Role::Metric))], *width, text));
            }
            Line::from(spans)
        })
        .collect();
    if matrix.plan.repeat > 1 {
        let mut spans = fit(vec![("TTFT spread".into(), theme.get(Role::Heading))], widths[0], text);
        for (target, width) in shown.clone().zip(&widths[1..]) {
            spans.extend(fit(vec![(spread(matrix, target), theme.get(Role::Accent))], *width, text));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// Each shown column's TTFT against the fastest column's: `fastest`, `slower p=0.012`,
/// `overlaps p=0.53` (the order may be noise) or `too few` (fewer than three answers).
fn standings(state: &MatrixState, shown: &Range<usize>, widths: &[usize], theme: &Theme) -> Line<'static> {
    let text = theme.get(Role::Text);
    let mut spans = fit(vec![("TTFT rank".into(), theme.get(Role::Heading))], widths[0], text);
    for (target, width) in shown.clone().zip(&widths[1..]) {
        let (words, role) = match &state.standings {
            None => ("–".to_owned(), Role::Dim),
            Some((fastest, _)) if *fastest == target => ("fastest".to_owned(), Role::Ok),
            Some((_, rankings)) => match rankings.get(target) {
                Some(Ranking::FirstLower { p_value }) => (format!("slower p={p_value:.3}"), Role::Warn),
                Some(Ranking::SecondLower { p_value }) => (format!("faster p={p_value:.3}"), Role::Ok),
                Some(Ranking::Overlapping { p_value }) => (format!("overlaps p={p_value:.2}"), Role::Dim),
                Some(Ranking::TooFewSamples) | None => ("too few".to_owned(), Role::Dim),
            },
        };
        spans.extend(fit(vec![(words, theme.get(role))], *width, text));
    }
    Line::from(spans)
}

/// A sparkline of column `target`'s TTFTs over every prompt and sample that is done.
fn spread(matrix: &Matrix, target: usize) -> String {
    let values: Vec<f64> = matrix
        .cells
        .iter()
        .filter(|cell| cell.key.target as usize == target && cell.status == crate::matrix::CellStatus::Done)
        .filter_map(|cell| cell.ttft_ms.map(|ms| ms as f64))
        .collect();
    if values.is_empty() { "–".to_owned() } else { stats::sparkline(&stats::histogram(&values, SPREAD_BINS)) }
}

/// `▕████░░░░▏ 12 done · 1 failed · 4 running · 13 remaining · ETA 34 s · $0.04 so far`,
/// the bar as wide as the rest leaves room for (up to [`BAR`] cells).
fn progress(state: &MatrixState, width: u16, theme: &Theme, now: Instant) -> Line<'static> {
    let counts = state.counts();
    let eta = state.eta(now).map(|left| format!(" · ETA {}", duration(left.as_secs()))).unwrap_or_default();
    let priced = state.matrix.cells.iter().any(|cell| cell.cost_usd.is_some());
    let spend =
        if priced { format!(" · {} so far", super::matrix_cells::dollars(state.spend())) } else { String::new() };
    let styled = |text: String, role: Role| Span::styled(text, theme.get(role));
    let mut spans = vec![
        styled(format!("{} done", counts.done), Role::Ok),
        styled(" · ".into(), Role::Dim),
        styled(format!("{} failed", counts.failed), if counts.failed > 0 { Role::Error } else { Role::Text }),
        styled(format!(" · {} running · {} remaining{eta}", counts.running, counts.remaining), Role::Text),
        styled(spend, Role::Metric),
    ];
    let used: usize = spans.iter().map(Span::width).sum();
    let bar = usize::from(width).saturating_sub(used + 3).min(BAR);
    if bar >= 4 {
        let filled = (counts.done + counts.failed) * bar / state.matrix.cells.len().max(1);
        spans.insert(0, styled(format!("▕{}{}▏ ", "█".repeat(filled), "░".repeat(bar - filled)), Role::Accent));
    }
    Line::from(spans)
}

/// `34 s`, `2 min 5 s`, `1 h 3 min`.
fn duration(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// The keys that matter at this stage, for the view's foot.
fn keys(stage: &Stage) -> String {
    let keys = match stage {
        Stage::Planned | Stage::Confirming { .. } => {
            "+/- samples · a/x add/drop target · s start · o load · r stored · q close"
        }
        Stage::Running => "Esc stop · Enter row side by side · ↑↓ ←→ move · q hide (it goes on)",
        Stage::Stopped => "s resume · Enter row side by side · ←→ columns · o load · r stored · q close",
        Stage::Finished => "Enter row side by side · ↑↓ ←→ move · o load · r stored · q close",
    };
    format!(" {keys} ")
}

/// The start dialog's question: the size and the estimated cost.
#[must_use]
pub fn start_question(state: &MatrixState) -> Option<String> {
    let Stage::Confirming { estimate, resume, counting } = &state.stage else { return None };
    let to_send = state.matrix.to_send().count();
    let cost = match estimate.max_cost_usd {
        Some(usd) => format!("at most {}", super::matrix_cells::dollars(usd)),
        None => "no price known".to_owned(),
    };
    let unpriced = if estimate.unpriced.is_empty() || estimate.max_cost_usd.is_none() {
        String::new()
    } else {
        format!(" (unpriced: {})", estimate.unpriced.join(", "))
    };
    let input = match estimate.counted_cells {
        _ if *counting => "estimated from length; the routes are counting",
        0 => "estimated from length",
        n if n == estimate.cells => "counted by the routes",
        _ => "counted by the routes where they count",
    };
    Some(format!(
        "{} {} of {}: ~{} input tokens ({input}), up to {} output tokens, {cost}{unpriced}.",
        if *resume { "Resume" } else { "Send" },
        crate::app::counted(to_send, "cell"),
        state.matrix.plan.cell_count(),
        crate::models::cost::thousands(estimate.input_tokens),
        crate::models::cost::thousands(estimate.max_output_tokens),
    ))
}

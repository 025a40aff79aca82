//! One compare column: its target's phase and figures on top, then each turn's prompt and
//! answer (or the answer's word diff against the reference), the error in place.

use super::answer::CompareCache;
use crate::app::App;
use crate::app::compare::Column;
use crate::app::runs::{Phase, Run};
use crate::ui::markdown;
use crate::ui::theme::{Role, Theme};
use ratatui::text::{Line, Span};
use std::time::Instant;

/// How a column is drawn.
pub struct ColumnStyle<'a> {
    pub theme: &'a Theme,
    pub width: u16,
    pub now: Instant,
    /// The reference column's latest run, when this column shows a diff against it.
    pub diff_against: Option<&'a Run>,
    /// The column has the view to itself: show the cost's basis too.
    pub detailed: bool,
}

/// The figures of column `index`: they stay on top while the answer scrolls.
#[must_use]
pub fn figures(app: &App, index: usize, style: &ColumnStyle<'_>) -> Vec<Line<'static>> {
    let theme = style.theme;
    let Some(column) = app.compare.columns.get(index) else { return Vec::new() };
    let counted = token_count(app, index, style);
    let Some(run) = column.last().and_then(|id| app.runs.get(id)) else {
        let mut lines = vec![Line::from(Span::styled("not sent yet", theme.get(Role::Dim)))];
        lines.extend(counted);
        lines.extend(own_params(column, style));
        for warning in super::warnings(app, column) {
            lines.extend(markdown::plain(&format!("⚠ {warning}"), style.width, theme.get(Role::Warn), ""));
        }
        return lines;
    };
    let metric = theme.get(Role::Metric);
    let mut lines = vec![phase_line(run, style)];
    lines.extend(counted);
    let seconds =
        |d: Option<std::time::Duration>| d.map_or_else(|| "–".to_owned(), |d| format!("{:.2} s", d.as_secs_f64()));
    let times = format!(
        "cred {} · TTFT {} · {} · total {}",
        seconds(run.timings.credential),
        seconds(run.time_to_first_token()),
        run.tokens_per_second().map_or_else(|| "– tok/s".to_owned(), |rate| format!("{rate:.0} tok/s")),
        seconds(run.total_time()),
    );
    lines.extend(markdown::plain(&times, style.width, metric, ""));
    let count = |n: Option<u64>| n.map_or_else(|| "–".to_owned(), |n| n.to_string());
    let usage = &run.usage;
    let mut tokens = vec![format!("in {} · out {}", count(usage.input_tokens), count(usage.output_tokens))];
    if usage.cache_read_tokens.is_some() || usage.cache_write_tokens.is_some() {
        tokens.push(format!("cache r {} w {}", count(usage.cache_read_tokens), count(usage.cache_write_tokens)));
    }
    if let Some(thinking) = usage.thinking_tokens {
        tokens.push(format!("think {thinking}"));
    }
    lines.extend(markdown::plain(&tokens.join(" · "), style.width, metric, ""));
    let mut tail = vec![super::cost_label(app, run)];
    tail.extend(crate::app::run_facts::served(run).map(|served| format!("served {served}")));
    if let Some(reason) = &run.stop_reason {
        tail.push(reason.label());
    }
    if let Some(id) = &run.request_id {
        tail.push(id.clone());
    }
    lines.extend(markdown::plain(&tail.join(" · "), style.width, metric, ""));
    if style.detailed
        && let Some(cost) = crate::models::cost::estimate_served(
            &app.catalog,
            &run.target,
            &run.usage,
            run.served.service_tier.as_deref(),
        )
    {
        lines.extend(markdown::plain(&format!("cost basis: {}", cost.basis), style.width, theme.get(Role::Dim), ""));
    }
    if let Some(verdict) = crate::app::run_facts::guardrail(run) {
        lines.extend(markdown::plain(&format!("guardrail {verdict}"), style.width, theme.get(Role::Warn), ""));
    }
    lines.extend(own_params(column, style));
    for warning in super::warnings(app, column) {
        lines.extend(markdown::plain(&format!("⚠ {warning}"), style.width, theme.get(Role::Warn), ""));
    }
    lines
}

/// The input tokens of the column's next request, when `alt+t` counted them since the last
/// send (an error in the error colour).
fn token_count(app: &App, index: usize, style: &ColumnStyle<'_>) -> Vec<Line<'static>> {
    let count = app.compare.columns.get(index).and_then(|column| app.counts.of_column(index, &column.target));
    let Some(count) = count else { return Vec::new() };
    let role = if count.failed() { Role::Error } else { Role::Metric };
    markdown::plain(&format!("next: {}", count.line(false)), style.width, style.theme.get(role), "")
}

/// The column's own parameters, when it has them.
fn own_params(column: &Column, style: &ColumnStyle<'_>) -> Vec<Line<'static>> {
    column.params.as_ref().map_or_else(Vec::new, |params| {
        let text = format!("own params: {}", crate::app::prompt::format_params(params));
        markdown::plain(&text, style.width, style.theme.get(Role::Accent), "")
    })
}

/// Part of a column's body: lines made for this frame, or lines the cache keeps.
pub enum Part<'a> {
    Made(Vec<Line<'static>>),
    Kept(&'a [Line<'static>]),
}

impl Part<'_> {
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Part::Made(lines) => lines.len(),
            Part::Kept(lines) => lines.len(),
        }
    }

    fn lines(&self) -> &[Line<'static>] {
        match self {
            Part::Made(lines) => lines,
            Part::Kept(lines) => lines,
        }
    }
}

/// Bring the cached answers (or diffs) of the column's runs up to date.
pub fn prepare(app: &App, column: &Column, style: &ColumnStyle<'_>, cache: &mut CompareCache) {
    for (index, run) in column.runs.iter().filter_map(|id| app.runs.get(*id)).enumerate() {
        match diffed(column, index, run, style) {
            Some(reference) => {
                cache.update_diff((reference.id, &reference.text), (run.id, &run.text), style.width, style.theme);
            }
            None => cache.update_answer(run.id, &run.text, style.width, style.theme),
        }
    }
}

/// Each turn of the column: the prompt when there were several, then the answer, then the
/// error where the run failed. Cached answers are borrowed, not copied.
#[must_use]
pub fn body<'c>(app: &App, column: &Column, style: &ColumnStyle<'_>, cache: &'c CompareCache) -> Vec<Part<'c>> {
    let theme = style.theme;
    let mut parts = Vec::new();
    let several = column.runs.len() > 1;
    for (index, run) in column.runs.iter().filter_map(|id| app.runs.get(*id)).enumerate() {
        if several {
            let mut prompt = if index > 0 { vec![Line::default()] } else { Vec::new() };
            prompt.extend(markdown::plain(&format!("▌ {}", run.prompt), style.width, theme.get(Role::User), ""));
            parts.push(Part::Made(prompt));
        }
        if !run.thinking.is_empty() {
            let summary = format!(
                "▸ thinking, {} characters (p opens the column as a conversation)",
                run.thinking.chars().count()
            );
            parts.push(Part::Made(markdown::plain(&summary, style.width, theme.get(Role::Thinking), "")));
        }
        match diffed(column, index, run, style) {
            Some(reference) => parts.push(Part::Kept(cache.diff(reference.id, run.id))),
            // A failed run has no answer: the reference struck through would read as one.
            None if in_diff(column, index, run, style) && matches!(run.phase, Phase::Failed(_)) => {
                let note = markdown::plain("no answer to diff: failed", style.width, theme.get(Role::Dim), "");
                parts.push(Part::Made(note));
            }
            None => parts.extend(cache.answer(run.id).map(Part::Kept)),
        }
        for call in &run.tool_calls {
            let text = format!("⚙ {}({})", call.name, call.input);
            parts.push(Part::Made(markdown::plain(&text, style.width, theme.get(Role::Tool), "")));
        }
        if let Phase::Failed(error) = &run.phase {
            parts.push(Part::Made(markdown::plain(&error.to_string(), style.width, theme.get(Role::Error), "")));
        }
    }
    parts
}

/// Lines `start..start + count` of `parts`, the only ones copied.
#[must_use]
pub fn window(parts: &[Part<'_>], start: usize, count: usize) -> Vec<Line<'static>> {
    parts.iter().flat_map(Part::lines).skip(start).take(count).cloned().collect()
}

/// The reference run this turn is shown as a diff against: only a finished last turn, and
/// never the reference itself.
fn diffed<'r>(column: &Column, index: usize, run: &Run, style: &ColumnStyle<'r>) -> Option<&'r Run> {
    let failed = matches!(run.phase, Phase::Failed(_));
    style.diff_against.filter(|_| in_diff(column, index, run, style) && !run.phase.is_live() && !failed)
}

/// Whether this turn is the one the diff view compares with the reference: the last turn of
/// a column other than the reference's.
fn in_diff(column: &Column, index: usize, run: &Run, style: &ColumnStyle<'_>) -> bool {
    let last = index + 1 == column.runs.len();
    style.diff_against.is_some_and(|reference| last && reference.id != run.id)
}

/// `✓ done` (or `⚠ stopped at max_tokens`), `✗ failed`, `■ cancelled`, or the live phase with
/// its elapsed time (and a stall).
fn phase_line(run: &Run, style: &ColumnStyle<'_>) -> Line<'static> {
    let theme = style.theme;
    let (mark, role) = match &run.phase {
        Phase::Done => match crate::app::stop_note::cut_short(run) {
            Some(limit) => (limit.mark().to_owned(), Role::Warn),
            None => ("✓ done".to_owned(), Role::Ok),
        },
        Phase::Failed(_) => ("✗ failed".to_owned(), Role::Error),
        Phase::Cancelled => ("■ cancelled".to_owned(), Role::Warn),
        phase => {
            let elapsed = run.timings.started.map(|t| style.now.saturating_duration_since(t).as_secs_f64());
            let stall = crate::ui::stall::note(run, style.now);
            let stall = stall.map(|note| format!(" · {note}")).unwrap_or_default();
            (format!("● {} {:.1} s{stall}", phase.label(), elapsed.unwrap_or_default()), Role::Accent)
        }
    };
    let mut spans = vec![Span::styled(mark, theme.get(role))];
    if run.replay {
        spans.push(Span::styled(" · ▶ replay", theme.get(Role::Accent)));
    }
    Line::from(spans)
}

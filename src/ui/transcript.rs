//! The conversation as styled lines: each exchange's prompt, thinking, answer (Markdown),
//! tool calls and a line of figures. Lines of finished runs are cached per width, so a frame
//! costs the visible lines plus the one answer still streaming, whatever the transcript's
//! length.

use super::markdown;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::msg::RunId;
use crate::app::runs::{Phase, Run};
use ratatui::text::{Line, Span};
use std::collections::HashMap;
use std::time::Instant;

/// Rendered lines of every run, by run, for one width, theme and thinking setting. Finished
/// runs are rendered once; live ones again at each frame.
#[derive(Debug, Default)]
pub struct TranscriptCache {
    key: (u16, String, bool),
    runs: HashMap<RunId, Rendered>,
}

/// A run's lines, and whether they were rendered while it was live (and so are stale once
/// it ends).
#[derive(Debug)]
struct Rendered {
    while_live: bool,
    lines: Vec<Line<'static>>,
}

impl TranscriptCache {
    /// Bring every run of the conversation up to date; return the transcript's line count.
    pub fn layout(&mut self, app: &App, width: u16, theme: &Theme, now: Instant) -> usize {
        let key = (width, theme.name.clone(), app.output.show_thinking);
        if self.key != key {
            self.key = key;
            self.runs.clear();
        }
        let mut total = 0;
        for run in app.conversation_runs() {
            let live = run.phase.is_live();
            let fresh = self.runs.get(&run.id).is_some_and(|rendered| !rendered.while_live);
            if !fresh {
                let lines = run_lines(run, width, theme, app.output.show_thinking, now);
                self.runs.insert(run.id, Rendered { while_live: live, lines });
            }
            total += self.runs.get(&run.id).map_or(0, |rendered| rendered.lines.len());
        }
        total
    }

    /// Lines `start..start + count` of the transcript laid out by the last `layout`; only
    /// those are cloned.
    #[must_use]
    pub fn slice(&self, app: &App, start: usize, count: usize) -> Vec<Line<'static>> {
        let mut visible = Vec::with_capacity(count);
        let mut skip = start;
        for id in &app.conversation {
            let Some(Rendered { lines, .. }) = self.runs.get(id) else { continue };
            if skip >= lines.len() {
                skip -= lines.len();
                continue;
            }
            let wanted = count - visible.len();
            visible.extend(lines[skip..].iter().take(wanted).cloned());
            skip = 0;
            if visible.len() == count {
                break;
            }
        }
        visible
    }
}

/// One exchange: the prompt, then the answer.
fn run_lines(run: &Run, width: u16, theme: &Theme, show_thinking: bool, now: Instant) -> Vec<Line<'static>> {
    let body_width = width.saturating_sub(2).max(1);
    let mut lines = vec![Line::from(Span::styled("▌ You", theme.get(Role::User)))];
    for line in run.prompt.lines() {
        lines.push(indent(Line::from(Span::styled(line.to_owned(), theme.get(Role::Text)))));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("◆ ", theme.get(Role::Assistant)),
        Span::styled(format!("{} · {}", run.target.route, run.target.model), theme.get(Role::Assistant)),
    ]));
    if !run.thinking.is_empty() {
        lines.extend(thinking_lines(run, body_width, theme, show_thinking));
    }
    if !run.text.is_empty() {
        lines.extend(markdown::render(&run.text, body_width, theme).into_iter().map(indent));
    }
    for call in &run.tool_calls {
        let text = format!("⚙ tool call {}: {}", call.name, call.input);
        lines.push(indent(Line::from(Span::styled(text, theme.get(Role::Tool)))));
    }
    lines.extend(status_lines(run, theme, now));
    lines.push(Line::default());
    lines
}

fn thinking_lines(run: &Run, width: u16, theme: &Theme, show: bool) -> Vec<Line<'static>> {
    let style = theme.get(Role::Thinking);
    if !show {
        let summary = format!("▸ thinking ({} characters hidden; ctrl+t shows)", run.thinking.chars().count());
        return vec![indent(Line::from(Span::styled(summary, style)))];
    }
    let mut lines = vec![indent(Line::from(Span::styled("▾ thinking", style)))];
    for line in markdown::render(&run.thinking, width.saturating_sub(2).max(1), theme) {
        let spans: Vec<Span<'static>> = line.spans.into_iter().map(|span| Span::styled(span.content, style)).collect();
        lines.push(indent(indent(Line::from(spans))));
    }
    lines
}

/// The run's phase and figures: TTFT, tokens/s, total time, tokens, stop reason, request id.
fn status_lines(run: &Run, theme: &Theme, now: Instant) -> Vec<Line<'static>> {
    let (mark, role) = match &run.phase {
        Phase::Done => ("✓ done", Role::Ok),
        Phase::Failed(_) => ("✗ failed", Role::Error),
        Phase::Cancelled => ("■ cancelled", Role::Warn),
        phase => (phase.label(), Role::Accent),
    };
    let mut figures = Vec::new();
    if run.phase.is_live()
        && let Some(started) = run.timings.started
    {
        figures.push(format!("{:.1} s", now.saturating_duration_since(started).as_secs_f64()));
    }
    if let Some(ttft) = run.time_to_first_token() {
        figures.push(format!("TTFT {:.2} s", ttft.as_secs_f64()));
    }
    if let Some(rate) = run.tokens_per_second() {
        figures.push(format!("{rate:.1} tok/s"));
    }
    if let Some(total) = run.total_time() {
        figures.push(format!("total {:.2} s", total.as_secs_f64()));
    }
    if let Some(input) = run.usage.input_tokens {
        figures.push(format!("in {input}"));
    }
    if let Some(output) = run.usage.output_tokens {
        figures.push(format!("out {output}"));
    }
    if let Some(reason) = &run.stop_reason {
        figures.push(reason.label());
    }
    if let Some(id) = &run.request_id {
        figures.push(id.clone());
    }
    let mut line = vec![Span::styled(mark.to_owned(), theme.get(role))];
    if !figures.is_empty() {
        line.push(Span::styled(format!(" · {}", figures.join(" · ")), theme.get(Role::Metric)));
    }
    let mut lines = vec![indent(Line::from(line))];
    for retry in &run.retries {
        lines.push(indent(Line::from(Span::styled(format!("↻ {retry}"), theme.get(Role::Warn)))));
    }
    if let Phase::Failed(error) = &run.phase {
        lines.push(indent(Line::from(Span::styled(error.to_string(), theme.get(Role::Error)))));
    }
    lines
}

fn indent(mut line: Line<'static>) -> Line<'static> {
    line.spans.insert(0, Span::raw("  "));
    line
}

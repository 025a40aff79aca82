//! The conversation as styled lines: each exchange's prompt, thinking, answer (Markdown),
//! tool calls and a line of figures. A frame costs the visible lines plus the newest block of
//! a streaming answer, whatever the transcript's length: finished runs are rendered once per
//! width, and a streaming answer keeps the lines of its finished blocks.

use super::markdown;
use super::shown_tail;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::msg::RunId;
use crate::app::run_facts;
use crate::app::runs::{Phase, Run};
use ratatui::text::{Line, Span};
use std::collections::HashMap;
use std::time::Instant;

const INDENT: &str = "  ";

/// Rendered lines of every run, for one width, theme and thinking setting.
#[derive(Debug, Default)]
pub struct TranscriptCache {
    key: (u16, String, bool),
    runs: HashMap<RunId, Rendered>,
    /// The compare view's columns, cached the same way.
    pub compare: super::compare::CompareCache,
    /// The inspector's lines, per run (the overlay, and the compare view's requests).
    pub inspector: super::inspector::InspectorCache,
}

/// A run's lines in three parts: what comes before the answer, the answer's finished blocks
/// (which only grow), and the rest (the newest block, tool calls, figures).
#[derive(Debug, Default)]
struct Rendered {
    /// Rendered while the run was live, so stale once it ends.
    while_live: bool,
    head: Vec<Line<'static>>,
    /// Where the shown part of the answer starts ([`shown_tail`]): 0 unless it is giant.
    answer_from: usize,
    /// Lines of `answer[answer_from..answer_done]`.
    answer_done_lines: Vec<Line<'static>>,
    answer_done: usize,
    tail: Vec<Line<'static>>,
}

impl Rendered {
    fn len(&self) -> usize {
        self.head.len() + self.answer_done_lines.len() + self.tail.len()
    }

    fn lines(&self) -> impl Iterator<Item = &Line<'static>> {
        self.head.iter().chain(&self.answer_done_lines).chain(&self.tail)
    }
}

/// What every run is rendered with.
struct Style<'a> {
    width: u16,
    theme: &'a Theme,
    show_thinking: bool,
    now: Instant,
    idle_timeout: std::time::Duration,
}

impl TranscriptCache {
    /// Bring every run of the conversation up to date; return the transcript's line count.
    pub fn layout(&mut self, app: &App, width: u16, theme: &Theme, now: Instant) -> usize {
        let key = (width, theme.name.clone(), app.output.show_thinking);
        if self.key != key {
            self.key = key;
            self.runs.clear();
        }
        let style =
            Style { width, theme, show_thinking: app.output.show_thinking, now, idle_timeout: app.idle_timeout };
        let mut total = 0;
        for run in app.conversation_runs() {
            let rendered =
                self.runs.entry(run.id).or_insert_with(|| Rendered { while_live: true, ..Rendered::default() });
            if rendered.while_live {
                render_run(rendered, run, &style);
            }
            total += rendered.len();
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
            let Some(rendered) = self.runs.get(id) else { continue };
            if skip >= rendered.len() {
                skip -= rendered.len();
                continue;
            }
            let wanted = count - visible.len();
            visible.extend(rendered.lines().skip(skip).take(wanted).cloned());
            skip = 0;
            if visible.len() == count {
                break;
            }
        }
        visible
    }
}

/// Render (or re-render) `run` into `rendered`, reusing the answer's finished blocks.
fn render_run(rendered: &mut Rendered, run: &Run, style: &Style<'_>) {
    let live = run.phase.is_live();
    let body_width = style.width.saturating_sub(2).max(1);
    rendered.head = head_lines(run, style);
    let text = run.text.as_str();
    let from = shown_tail::start(text, rendered.answer_from);
    if from != rendered.answer_from || !live {
        rendered.answer_from = from;
        rendered.answer_done = from;
        rendered.answer_done_lines.clear();
    }
    if from > 0 {
        rendered.head.extend(markdown::plain(
            &shown_tail::left_out("answer", from),
            style.width,
            style.theme.get(Role::Dim),
            INDENT,
        ));
    }
    // Blocks that can no longer change render once; a finished run renders whole.
    let done = if live { rendered.answer_done + markdown::stable_prefix_len(&text[rendered.answer_done..]) } else { 0 };
    if live && done > rendered.answer_done {
        let lines = indented(markdown::render(&text[rendered.answer_done..done], body_width, style.theme));
        if !rendered.answer_done_lines.is_empty() {
            rendered.answer_done_lines.push(Line::default());
        }
        rendered.answer_done_lines.extend(lines);
        rendered.answer_done = done;
    }
    let rest = &text[rendered.answer_done..];
    let mut tail = Vec::new();
    if !rest.is_empty() {
        if !rendered.answer_done_lines.is_empty() {
            tail.push(Line::default());
        }
        tail.extend(indented(markdown::render(rest, body_width, style.theme)));
    }
    for call in &run.tool_calls {
        let text = format!("⚙ tool call {}: {}", call.name, call.input);
        tail.extend(markdown::plain(&text, style.width, style.theme.get(Role::Tool), INDENT));
    }
    tail.extend(status_lines(run, style));
    tail.push(Line::default());
    rendered.tail = tail;
    rendered.while_live = live;
}

/// The prompt, the answer's header and the thinking.
fn head_lines(run: &Run, style: &Style<'_>) -> Vec<Line<'static>> {
    let theme = style.theme;
    let mut lines = vec![Line::from(Span::styled("▌ You", theme.get(Role::User)))];
    lines.extend(markdown::plain(&run.prompt, style.width, theme.get(Role::Text), INDENT));
    if let Some(files) = run_facts::attachments(run) {
        lines.extend(markdown::plain(&format!("attached: {files}"), style.width, theme.get(Role::Dim), INDENT));
    }
    lines.push(Line::default());
    let replay = if run.replay { " · ▶ replay of a recorded run" } else { "" };
    let header = format!("◆ {} · {}{replay}", run.target.route, run.target.model);
    lines.push(Line::from(Span::styled(header, theme.get(Role::Assistant))));
    if !run.thinking.is_empty() {
        lines.extend(thinking_lines(run, style));
    }
    lines
}

fn thinking_lines(run: &Run, style: &Style<'_>) -> Vec<Line<'static>> {
    let thinking = style.theme.get(Role::Thinking);
    if !style.show_thinking {
        let summary = format!("▸ thinking ({} characters hidden; ctrl+t shows)", run.thinking.chars().count());
        return markdown::plain(&summary, style.width, thinking, INDENT);
    }
    let mut lines = markdown::plain("▾ thinking", style.width, thinking, INDENT);
    let from = shown_tail::start(&run.thinking, 0);
    if from > 0 {
        lines.extend(markdown::plain(&shown_tail::left_out("thinking", from), style.width, thinking, INDENT));
    }
    let body = markdown::render(&run.thinking[from..], style.width.saturating_sub(4).max(1), style.theme);
    for line in body {
        let spans: Vec<Span<'static>> =
            line.spans.into_iter().map(|span| Span::styled(span.content, thinking)).collect();
        lines.push(indent(indent(Line::from(spans))));
    }
    lines
}

/// The run's phase and figures (time, TTFT, tokens/s, total, tokens, stop reason, request
/// id), then retries and the error.
fn status_lines(run: &Run, style: &Style<'_>) -> Vec<Line<'static>> {
    let theme = style.theme;
    let limit = crate::app::stop_note::cut_short(run);
    let (mark, role) = match &run.phase {
        Phase::Done if let Some(limit) = limit => (limit.mark(), Role::Warn),
        Phase::Done => ("✓ done", Role::Ok),
        Phase::Failed(_) => ("✗ failed", Role::Error),
        Phase::Cancelled => ("■ cancelled", Role::Warn),
        phase => (phase.label(), Role::Accent),
    };
    let mut figures = vec![mark.to_owned()];
    if run.phase.is_live()
        && let Some(started) = run.timings.started
    {
        figures.push(format!("{:.1} s", style.now.saturating_duration_since(started).as_secs_f64()));
    }
    figures.extend(super::stall::note_with_timeout(run, style.now, style.idle_timeout));
    if let Some(ttft) = run.time_to_first_token() {
        figures.push(format!("TTFT {:.2} s", ttft.as_secs_f64()));
    }
    match run.tokens_per_second() {
        Some(rate) => figures.push(format!("{rate:.1} tok/s")),
        None if run.timings.first_token.is_some() => figures.push("– tok/s".to_owned()),
        None => {}
    }
    if let Some(total) = run.total_time() {
        figures.push(format!("total {:.2} s", total.as_secs_f64()));
    }
    if let Some(input) = run.usage.input_tokens {
        figures.push(format!("in {input}"));
    }
    if run.usage.output_tokens.is_some() || run.deltas > 0 {
        figures.push(format!("out {}", run.output_so_far()));
    }
    figures.extend(run_facts::extra_tokens(run));
    figures.extend(run_facts::served(run).map(|served| format!("served {served}")));
    if let Some(reason) = &run.stop_reason {
        figures.push(reason.label());
    }
    if let Some(id) = &run.request_id {
        figures.push(id.clone());
    }
    let mut lines = markdown::plain(&figures.join(" · "), style.width, theme.get(Role::Metric), INDENT);
    // The mark keeps its own colour: ok, warn or error.
    if let Some(first) = lines.first_mut()
        && let Some(span) = first.spans.get_mut(1)
        && let Some(rest) = span.content.strip_prefix(mark).map(str::to_owned)
    {
        let metric = span.style;
        *span = Span::styled(mark.to_owned(), theme.get(role));
        first.spans.insert(2, Span::styled(rest, metric));
    }
    if let Some(controls) = run_facts::controls_sent(run) {
        lines.extend(markdown::plain(&format!("controls: {controls}"), style.width, theme.get(Role::Dim), INDENT));
    }
    for retry in &run.retries {
        lines.extend(markdown::plain(&format!("↻ {retry}"), style.width, theme.get(Role::Warn), INDENT));
    }
    if let Some(verdict) = run_facts::guardrail(run) {
        lines.extend(markdown::plain(&format!("guardrail {verdict}"), style.width, theme.get(Role::Warn), INDENT));
    }
    if let Some(why) = crate::app::stop_note::no_text(run) {
        lines.extend(markdown::plain(&why, style.width, theme.get(Role::Warn), INDENT));
    } else if let Some(limit) = limit {
        lines.extend(markdown::plain(
            &limit.note("max_tokens in the parameters"),
            style.width,
            theme.get(Role::Warn),
            INDENT,
        ));
    }
    if let Phase::Failed(error) = &run.phase {
        lines.extend(markdown::plain(&error.to_string(), style.width, theme.get(Role::Error), INDENT));
    }
    lines
}

fn indented(lines: Vec<Line<'static>>) -> impl Iterator<Item = Line<'static>> {
    lines.into_iter().map(indent)
}

fn indent(mut line: Line<'static>) -> Line<'static> {
    line.spans.insert(0, Span::raw(INDENT));
    line
}

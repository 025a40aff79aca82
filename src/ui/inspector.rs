//! The inspector: what a run really sent and got back, as captured when it was sent. The
//! request (method, URL, every header with credentials masked, the body as pretty JSON), how
//! it was signed or which token it carried, the response's status and headers, then the stream
//! as it arrived, frame by frame (each SSE event or event-stream message with its headers, its
//! time since sending and its size): decoded, or as the raw bytes.

use super::markdown;
use super::pane;
use super::theme::{Role, Theme};
use crate::app::msg::RunId;
use crate::app::run_facts;
use crate::app::runs::{Phase, Run};
use crate::routes::RouteId;
use crate::routes::capture::frames::{self, Framing, WireFrame};
use crate::routes::capture::{Exchange, MAX_KEPT_BODY, SentRequest};
use ratatui::Frame;
use ratatui::layout::Rect;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use std::collections::HashMap;
use std::fmt::Write;

/// Most frames shown: a long answer's thousands of events are summarised past it.
const MAX_STREAM_FRAMES: usize = 400;

/// Runs whose inspector lines are kept: the compare view's columns and the overlay's run.
const MAX_CACHED_RUNS: usize = 16;

/// Laid-out inspector lines per run, so a frame without news draws without splitting the
/// stream again (thousands of events take milliseconds to split and lay out).
#[derive(Debug, Default)]
pub struct InspectorCache {
    runs: HashMap<RunId, (CacheKey, Vec<Line<'static>>)>,
}

/// What the lines depend on: the view, and how much of the exchange has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CacheKey {
    raw: bool,
    width: u16,
    theme: String,
    attempt: u32,
    response_headers: usize,
    chunks: usize,
    failed: bool,
}

impl InspectorCache {
    /// The inspector's lines for `run`, laid out again only when something they show changed.
    pub fn lines(&mut self, run: &Run, raw: bool, width: u16, theme: &Theme) -> &[Line<'static>] {
        let exchange = &run.exchange;
        let key = CacheKey {
            raw,
            width,
            theme: theme.name.clone(),
            attempt: exchange.attempt,
            response_headers: exchange.response_headers.len(),
            chunks: exchange.chunks.len(),
            failed: matches!(run.phase, Phase::Failed(_)),
        };
        if self.runs.len() >= MAX_CACHED_RUNS && !self.runs.contains_key(&run.id) {
            self.runs.clear();
        }
        let entry = self.runs.entry(run.id).or_insert_with(|| (key.clone(), Vec::new()));
        if entry.0 != key || entry.1.is_empty() {
            *entry = (key, lines(run, raw, width, theme));
        }
        &entry.1
    }
}

/// Draw the inspector for `run` over `area`, scrolled by `scroll` lines. Returns how far it
/// can scroll, so the state can be kept within it.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    (run, raw, scroll): (&Run, bool, u16),
    theme: &Theme,
    cache: &mut InspectorCache,
) -> u16 {
    let popup = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let mode = if raw { "raw bytes" } else { "decoded" };
    let title = format!("Inspector · {} · {} · stream {mode}", run.target.route, run.target.model);
    let keys = " r decoded/raw · copy as: c curl, a aws, p python · w to files · Esc ";
    let block = pane::block(&title, true, theme).title_bottom(Span::styled(keys, theme.get(Role::Dim)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines = cache.lines(run, raw, inner.width, theme);
    let height = usize::from(inner.height);
    let max_scroll = u16::try_from(lines.len().saturating_sub(height)).unwrap_or(u16::MAX);
    let first = usize::from(scroll.min(max_scroll));
    let visible: Vec<Line<'static>> = lines.iter().skip(first).take(height).cloned().collect();
    frame.render_widget(Paragraph::new(visible), inner);
    max_scroll
}

/// Every line of the inspector for `run` at `width`.
#[must_use]
pub fn lines(run: &Run, raw: bool, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let exchange = &run.exchange;
    let Some(sent) = exchange.request.as_deref() else {
        out.push(Line::from(Span::styled(
            "Nothing was sent for this run: it failed before sending, or it was stored by a routeplay that did not \
             keep requests yet.",
            theme.get(Role::Dim),
        )));
        return out;
    };
    if run.replay {
        out.push(Line::from(Span::styled(
            "▶ a replay: this is the recorded run's request and stream, as they were captured",
            theme.get(Role::Accent),
        )));
    }
    // What happened to the attempts before this one, which the capture replaced.
    for retry in &run.retries {
        out.extend(markdown::plain(&format!("an earlier attempt: {retry}"), width, theme.get(Role::Warn), ""));
    }
    controls(&mut out, run, width, theme);
    request(&mut out, sent, exchange.attempt, width, theme);
    response(&mut out, exchange, width, theme);
    // A refusal read before any stream (an HTTP 400's message) is said where the answer would be.
    if let Phase::Failed(error) = &run.phase {
        out.extend(markdown::plain(&format!("failed: {error}"), width, theme.get(Role::Error), ""));
    }
    stream(&mut out, run.target.route, exchange, raw, width, theme);
    out
}

fn heading(out: &mut Vec<Line<'static>>, text: &str, theme: &Theme) {
    if !out.is_empty() {
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(text.to_owned(), theme.get(Role::Heading))));
}

/// `name: value` on one line when it fits `width`, else wrapped.
fn pair(out: &mut Vec<Line<'static>>, name: &str, value: &str, width: u16, theme: &Theme) {
    if name.chars().count() + value.chars().count() + 2 <= usize::from(width) {
        out.push(Line::from(vec![
            Span::styled(format!("{name}: "), theme.get(Role::Dim)),
            Span::styled(value.to_owned(), theme.get(Role::Text)),
        ]));
    } else {
        out.extend(markdown::plain(&format!("{name}: {value}"), width, theme.get(Role::Text), ""));
    }
}

/// What the run asked for beyond sampling and what the service said it did: the controls sent,
/// the files attached, the tier and latency served, a guardrail's verdict, cache and thinking
/// tokens, and a stop reason that is a guardrail's. Nothing when none of these apply.
fn controls(out: &mut Vec<Line<'static>>, run: &Run, width: u16, theme: &Theme) {
    let rows = run_facts::rows(run);
    let intervened = run.stop_reason == Some(crate::routes::event::StopReason::GuardrailIntervened);
    if rows.is_empty() && !intervened {
        return;
    }
    heading(out, "Controls and what was served", theme);
    for (name, value) in rows {
        pair(out, name, &value, width, theme);
    }
    if let Some(reason) = run.stop_reason.as_ref().filter(|_| intervened) {
        let stop = format!("stop: {}", run_facts::stop_label(reason));
        out.extend(markdown::plain(&stop, width, theme.get(Role::Warn), ""));
    }
}

fn request(out: &mut Vec<Line<'static>>, sent: &SentRequest, attempt: u32, width: u16, theme: &Theme) {
    heading(out, &if attempt > 1 { format!("Request (attempt {attempt})") } else { "Request".to_owned() }, theme);
    out.extend(markdown::plain(&format!("{} {}", sent.method, sent.url), width, theme.get(Role::Accent), ""));
    for (name, value) in &sent.headers {
        pair(out, name, value, width, theme);
    }
    let credential = &sent.credential;
    let expiry = credential.expires_in_secs.map(|secs| format!(" · token expires in {} min", secs.div_ceil(60)));
    let source = format!("credential: {}{}", credential.source, expiry.unwrap_or_default());
    out.extend(markdown::plain(&source, width, theme.get(Role::Dim), ""));
    heading(out, "Body", theme);
    let pretty = serde_json::from_str::<serde_json::Value>(&sent.body)
        .ok()
        .and_then(|json| serde_json::to_string_pretty(&json).ok())
        .unwrap_or_else(|| sent.body.clone());
    out.extend(pretty.lines().map(|line| Line::from(Span::styled(line.to_owned(), theme.get(Role::CodeBlock)))));
    if let Some(signing) = &sent.signing {
        heading(out, "SigV4 signature", theme);
        pair(out, "signing name", &signing.service, width, theme);
        pair(out, "region", &signing.region, width, theme);
        pair(out, "credential scope", &signing.credential_scope, width, theme);
        pair(out, "signed headers", &signing.signed_headers.join(";"), width, theme);
        pair(out, "signature", &signing.signature, width, theme);
        out.push(Line::from(Span::styled("canonical request:", theme.get(Role::Dim))));
        out.extend(
            signing
                .canonical_request
                .lines()
                .map(|l| Line::from(Span::styled(format!("  {l}"), theme.get(Role::CodeBlock)))),
        );
        out.push(Line::from(Span::styled("string to sign:", theme.get(Role::Dim))));
        out.extend(
            signing
                .string_to_sign
                .lines()
                .map(|l| Line::from(Span::styled(format!("  {l}"), theme.get(Role::CodeBlock)))),
        );
    }
}

fn response(out: &mut Vec<Line<'static>>, exchange: &Exchange, width: u16, theme: &Theme) {
    heading(out, "Response", theme);
    if let Some(status) = exchange.status {
        pair(out, "status", &status.to_string(), width, theme);
    }
    if exchange.response_headers.is_empty() {
        out.push(Line::from(Span::styled("no response yet", theme.get(Role::Dim))));
        return;
    }
    for (name, value) in &exchange.response_headers {
        pair(out, name, value, width, theme);
    }
}

fn stream(out: &mut Vec<Line<'static>>, route: RouteId, exchange: &Exchange, raw: bool, width: u16, theme: &Theme) {
    let framing = Framing::of(exchange.content_type(), route);
    let frames = frames::split(framing, &exchange.chunks);
    let bytes: usize = frames.iter().map(|frame| frame.raw.len()).sum();
    let kind = match framing {
        Framing::Sse => "SSE events",
        Framing::EventStream => "event-stream frames",
    };
    let view = if raw { "raw bytes" } else { "decoded" };
    heading(
        out,
        &format!("Stream: {} {kind}, {bytes} bytes in {} reads, {view}", frames.len(), exchange.chunks.len()),
        theme,
    );
    if exchange.dropped_bytes > 0 {
        let note = format!(
            "the body's last {} bytes were not kept (a live run keeps {} MiB; the history keeps [history] \
             keep_response_kib, 1 MiB unless set)",
            exchange.dropped_bytes,
            MAX_KEPT_BODY >> 20
        );
        out.extend(markdown::plain(&note, width, theme.get(Role::Warn), ""));
    }
    for frame in frames.iter().take(MAX_STREAM_FRAMES) {
        frame_lines(out, frame, raw, width, theme);
    }
    if frames.len() > MAX_STREAM_FRAMES {
        let more = format!("… and {} more", frames.len() - MAX_STREAM_FRAMES);
        out.push(Line::from(Span::styled(more, theme.get(Role::Dim))));
    }
}

/// One frame: its time, size and headers on one line, then its payload or its bytes.
fn frame_lines(out: &mut Vec<Line<'static>>, frame: &WireFrame, raw: bool, width: u16, theme: &Theme) {
    let headers: Vec<String> = frame
        .headers
        .iter()
        .map(|(name, value)| if name == ":" { format!(": {value}") } else { format!("{name}={value}") })
        .collect();
    let when = format!("+{:>8.1} ms {:>6} B  ", frame.at.as_secs_f64() * 1000.0, frame.raw.len());
    let headers = headers.join("  ");
    if when.chars().count() + headers.chars().count() <= usize::from(width) {
        out.push(Line::from(vec![
            Span::styled(when, theme.get(Role::Metric)),
            Span::styled(headers, theme.get(Role::Accent)),
        ]));
    } else {
        out.push(Line::from(Span::styled(when, theme.get(Role::Metric))));
        out.extend(markdown::plain(&headers, width, theme.get(Role::Accent), "  "));
    }
    let code = theme.get(Role::CodeBlock);
    if raw && is_text(&frame.raw) {
        out.extend(markdown::plain(&escaped(&frame.raw), width, code, "  "));
    } else if raw {
        // Laid out by column, so pushed as they are rather than word-wrapped.
        let per_row = if width >= 75 { 16 } else { 8 };
        out.extend(hex_dump(&frame.raw, per_row).into_iter().map(|row| Line::from(Span::styled(row, code))));
    } else {
        if !frame.payload.is_empty() {
            out.extend(markdown::plain(&frame.payload, width, code, "  "));
        }
        if let Some(inner) = &frame.inner {
            out.extend(markdown::plain(&format!("bytes, decoded: {inner}"), width, theme.get(Role::Text), "  "));
        }
    }
    if let Some(problem) = &frame.problem {
        out.push(Line::from(Span::styled(format!("  ⚠ {problem}"), theme.get(Role::Warn))));
    }
}

/// Whether `bytes` read as text: UTF-8 with no control characters but line ends and tabs.
fn is_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .is_ok_and(|text| text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')))
}

/// Binary bytes as hex dump rows: offset, `per_row` bytes in hex, and their printable
/// characters.
fn hex_dump(bytes: &[u8], per_row: usize) -> Vec<String> {
    bytes
        .chunks(per_row)
        .enumerate()
        .map(|(row, line)| {
            let hex: Vec<String> = line.iter().map(|byte| format!("{byte:02x}")).collect();
            let text: String =
                line.iter().map(|&b| if b.is_ascii_graphic() || b == b' ' { char::from(b) } else { '.' }).collect();
            format!("  {:06x}  {:<width$}  {text}", row * per_row, hex.join(" "), width = per_row * 3 - 1)
        })
        .collect()
}

/// Bytes as text with control characters and non-UTF-8 escaped, so frames and CRLFs show.
fn escaped(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\n' => out.push_str("\\n\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

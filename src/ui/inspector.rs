//! The inspector: what a run really sent and got back, as captured when it was sent. The
//! request (method, URL, every header with credentials masked, the body as pretty JSON), how
//! it was signed or which token it carried, the response's status and headers, then the stream
//! as it arrived: decoded events with their time and size, or the raw bytes.

use super::markdown;
use super::pane;
use super::theme::{Role, Theme};
use crate::app::runs::Run;
use crate::routes::capture::SentRequest;
use ratatui::Frame;
use ratatui::layout::Rect;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use std::fmt::Write;

/// Most stream lines shown: a long answer's thousands of events are summarised past it.
const MAX_STREAM_LINES: usize = 400;

/// Draw the inspector for `run` over `area`, scrolled by `scroll` lines.
pub fn draw(frame: &mut Frame, area: Rect, run: &Run, raw: bool, scroll: u16, theme: &Theme) {
    let popup = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let mode = if raw { "raw bytes" } else { "decoded events" };
    let title =
        format!("Inspector · {} · {} · stream as {mode} (r switches) · Esc closes", run.target.route, run.target.model);
    let block = pane::block(&title, true, theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines = lines(run, raw, inner.width, theme);
    let visible: Vec<Line<'static>> =
        lines.into_iter().skip(usize::from(scroll)).take(usize::from(inner.height)).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// Every line of the inspector for `run` at `width`.
#[must_use]
pub fn lines(run: &Run, raw: bool, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let Some(sent) = run.sent.as_deref() else {
        out.push(Line::from(Span::styled(
            "Nothing was sent for this run (it failed before sending, or it was loaded from the history, which keeps \
             its events but not its request).",
            theme.get(Role::Dim),
        )));
        return out;
    };
    request(&mut out, sent, width, theme);
    response(&mut out, run, theme);
    stream(&mut out, run, raw, width, theme);
    out
}

fn heading(out: &mut Vec<Line<'static>>, text: &str, theme: &Theme) {
    if !out.is_empty() {
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(text.to_owned(), theme.get(Role::Heading))));
}

fn pair(name: &str, value: &str, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), theme.get(Role::Dim)),
        Span::styled(value.to_owned(), theme.get(Role::Text)),
    ])
}

fn request(out: &mut Vec<Line<'static>>, sent: &SentRequest, width: u16, theme: &Theme) {
    heading(out, "Request", theme);
    // One line, never wrapped, so it can be copied whole.
    out.push(Line::from(Span::styled(format!("{} {}", sent.method, sent.url), theme.get(Role::Accent))));
    for (name, value) in &sent.headers {
        out.push(pair(name, value, theme));
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
        out.push(pair("signing name", &signing.service, theme));
        out.push(pair("region", &signing.region, theme));
        out.push(pair("credential scope", &signing.credential_scope, theme));
        out.push(pair("signed headers", &signing.signed_headers.join(";"), theme));
        out.push(pair("signature", &signing.signature, theme));
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

fn response(out: &mut Vec<Line<'static>>, run: &Run, theme: &Theme) {
    heading(out, "Response", theme);
    if run.response_headers.is_empty() {
        out.push(Line::from(Span::styled("no response yet", theme.get(Role::Dim))));
        return;
    }
    for (name, value) in &run.response_headers {
        out.push(pair(name, value, theme));
    }
}

fn stream(out: &mut Vec<Line<'static>>, run: &Run, raw: bool, width: u16, theme: &Theme) {
    let metric = theme.get(Role::Metric);
    if raw {
        let total: usize = run.chunks.iter().map(|chunk| chunk.bytes.len()).sum();
        heading(out, &format!("Stream: {} chunks, {total} bytes, as received", run.chunks.len()), theme);
        for chunk in run.chunks.iter().take(MAX_STREAM_LINES) {
            out.push(Line::from(Span::styled(
                format!("+{:>7.1} ms · {} bytes", chunk.at.as_secs_f64() * 1000.0, chunk.bytes.len()),
                metric,
            )));
            let text = escaped(&chunk.bytes);
            out.extend(markdown::plain(&text, width, theme.get(Role::CodeBlock), "  "));
        }
        more(out, run.chunks.len(), theme);
        return;
    }
    heading(out, &format!("Stream: {} events, decoded", run.events.len()), theme);
    for (at, event) in run.events.iter().take(MAX_STREAM_LINES) {
        let json = serde_json::to_string(event).unwrap_or_default();
        out.push(Line::from(vec![
            Span::styled(format!("+{:>7.1} ms  ", at.as_secs_f64() * 1000.0), metric),
            Span::styled(json, theme.get(Role::Text)),
        ]));
    }
    more(out, run.events.len(), theme);
}

fn more(out: &mut Vec<Line<'static>>, count: usize, theme: &Theme) {
    if count > MAX_STREAM_LINES {
        out.push(Line::from(Span::styled(format!("… and {} more", count - MAX_STREAM_LINES), theme.get(Role::Dim))));
    }
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

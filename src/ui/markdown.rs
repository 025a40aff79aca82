//! Markdown to wrapped, styled lines for the transcript. Handles partial input (an answer
//! still streaming) and never produces a line wider than asked, whatever the characters.

mod raw;
mod stable;
mod table;
mod wrap;
mod writer;

pub use stable::stable_prefix_len;

use super::theme::Theme;
use pulldown_cmark::{Options, Parser};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Render `text` as Markdown wrapped to `width` columns. Time is linear in the text's length.
///
/// Plain text spans carry no style, so the caller's base style (such as `assistant`) applies;
/// Markdown constructs get their theme roles (`heading`, `code.block`, `quote`...).
#[must_use]
pub fn render(text: &str, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    if width == 0 {
        return Vec::new();
    }
    let mut writer = writer::Writer::new(theme, usize::from(width));
    for event in Parser::new_ext(text, options()) {
        writer.event(event);
    }
    writer.finish()
}

/// Plain text (no Markdown) word-wrapped to `width` columns in `style`, each line starting
/// with `indent`; for prompts, errors and figures that must wrap like the answer does.
#[must_use]
pub fn plain(text: &str, width: u16, style: Style, indent: &str) -> Vec<Line<'static>> {
    let prefix = [Span::raw(indent.to_owned())];
    let avail = usize::from(width).saturating_sub(wrap::width(indent)).max(1);
    text.split('\n')
        .flat_map(|line| {
            let line = wrap::clean(line, "    ");
            if line.trim().is_empty() {
                return vec![Line::default()];
            }
            let runs = [wrap::Run { text: line.into_owned(), style }];
            wrap::wrap(&runs, avail, &prefix, &prefix)
        })
        .collect()
}

/// One line of styled `pieces` (no Markdown) word-wrapped to `width` columns, the lines after
/// the first starting with `indent`; for list rows whose text must wrap, never be cut.
#[must_use]
pub fn styled(pieces: &[(String, Style)], width: u16, indent: &str) -> Vec<Line<'static>> {
    let prefix = [Span::raw(indent.to_owned())];
    let blank = [Span::raw(" ".repeat(wrap::width(indent)))];
    let avail = usize::from(width).saturating_sub(wrap::width(indent)).max(1);
    let runs: Vec<wrap::Run> = pieces
        .iter()
        .map(|(text, style)| wrap::Run { text: wrap::clean(text, " ").into_owned(), style: *style })
        .collect();
    let whole = wrap::wrap(&runs, usize::from(width).max(1), &[], &[]);
    if whole.len() <= 1 {
        return whole;
    }
    let mut lines = wrap::wrap(&runs, avail, &blank, &prefix);
    // The first line needs no indent: take it back, so it starts at the left edge.
    if let Some(first) = lines.first_mut() {
        first.spans.remove(0);
    }
    lines
}

/// The Markdown extensions models commonly use.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

#[cfg(test)]
mod tests;

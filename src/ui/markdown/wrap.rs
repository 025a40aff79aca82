//! Fitting styled text into columns by display width. Text is measured in units (a character
//! plus the zero-width characters that attach to it), so emoji sequences and combining marks
//! are never split and every emitted line fits its width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A styled piece of inline text. A run whose text is exactly `"\n"` is a hard line break.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Run {
    pub text: String,
    pub style: Style,
}

/// Stands in for a unit wider than the whole line (a wide character in a 1-column line).
const TOO_WIDE: &str = "…";
const ZWJ: char = '\u{200d}';

/// Display units of `text` with their widths.
pub(super) fn units(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = chars.next()?;
        let mut end = start + first.len_utf8();
        let mut joined = first == ZWJ;
        while let Some(&(at, next)) = chars.peek() {
            if !joined && next != ZWJ && next.width() != Some(0) {
                break;
            }
            joined = next == ZWJ;
            end = at + next.len_utf8();
            chars.next();
        }
        let unit = &text[start..end];
        Some((unit, unit.width()))
    })
}

/// Display width of `text`, as the sum of its units.
pub(super) fn width(text: &str) -> usize {
    units(text).map(|(_, w)| w).sum()
}

/// Drop control characters (they would move the terminal cursor) and expand tabs.
pub(super) fn clean<'a>(text: &'a str, tab: &str) -> Cow<'a, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str(tab),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Spans of one line being built, with adjacent same-style text merged.
#[derive(Default)]
pub(super) struct LineBuf {
    pub spans: Vec<Span<'static>>,
    pub width: usize,
}

impl LineBuf {
    pub fn push(&mut self, text: &str, style: Style, width: usize) {
        if text.is_empty() {
            return;
        }
        self.width += width;
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => self.spans.push(Span::styled(text.to_owned(), style)),
        }
    }

    /// Push one unit, replacing it if it cannot fit even an empty line of `avail` columns.
    fn push_unit(&mut self, unit: &str, unit_width: usize, style: Style, avail: usize) {
        if unit_width > avail {
            self.push(TOO_WIDE, style, 1);
        } else {
            self.push(unit, style, unit_width);
        }
    }
}

/// Cut `text` into chunks no wider than `avail` (at least 1), without reflowing: for code.
pub(super) fn hard_wrap(text: &str, style: Style, avail: usize) -> Vec<LineBuf> {
    let mut chunks = Vec::new();
    let mut current = LineBuf::default();
    for (unit, unit_width) in units(text) {
        if current.width > 0 && current.width + unit_width > avail {
            chunks.push(std::mem::take(&mut current));
        }
        current.push_unit(unit, unit_width, style, avail);
    }
    chunks.push(current);
    chunks
}

/// Greedy word wrap of `runs` into lines of `avail` columns (at least 1). Each line starts with
/// `first` (the first line) or `rest` (the others); both must be the same width.
pub(super) fn wrap(runs: &[Run], avail: usize, first: &[Span<'static>], rest: &[Span<'static>]) -> Vec<Line<'static>> {
    let mut wrapper = Wrapper { avail, first, rest, lines: Vec::new(), line: LineBuf::default(), space: None };
    let mut word: Vec<(&str, usize, Style)> = Vec::new();
    for run in runs {
        if run.text == "\n" {
            wrapper.word(&word);
            word.clear();
            wrapper.finish_line();
            continue;
        }
        for (unit, unit_width) in units(&run.text) {
            if unit == " " || unit == "\t" {
                wrapper.word(&word);
                word.clear();
                wrapper.space.get_or_insert(run.style);
            } else {
                word.push((unit, unit_width, run.style));
            }
        }
    }
    wrapper.word(&word);
    if wrapper.line.width > 0 {
        wrapper.finish_line();
    }
    wrapper.lines
}

struct Wrapper<'p> {
    avail: usize,
    first: &'p [Span<'static>],
    rest: &'p [Span<'static>],
    lines: Vec<Line<'static>>,
    line: LineBuf,
    /// A space is owed before the next word, in this style.
    space: Option<Style>,
}

impl Wrapper<'_> {
    fn word(&mut self, units: &[(&str, usize, Style)]) {
        if units.is_empty() {
            return;
        }
        let word_width: usize = units.iter().map(|(_, w, _)| w).sum();
        let space = self.space.take().filter(|_| self.line.width > 0);
        let needed = word_width + usize::from(space.is_some());
        if self.line.width + needed <= self.avail {
            if let Some(style) = space {
                self.line.push(" ", style, 1);
            }
        } else if self.line.width > 0 {
            self.finish_line();
        }
        for &(unit, unit_width, style) in units {
            if self.line.width > 0 && self.line.width + unit_width > self.avail {
                self.finish_line();
            }
            self.line.push_unit(unit, unit_width, style, self.avail);
        }
    }

    fn finish_line(&mut self) {
        let prefix = if self.lines.is_empty() { self.first } else { self.rest };
        let mut spans = prefix.to_vec();
        spans.append(&mut std::mem::take(&mut self.line).spans);
        self.lines.push(Line::from(spans));
        self.space = None;
    }
}

#[cfg(test)]
mod tests {
    use super::{Run, clean, hard_wrap, units, width, wrap};
    use ratatui::style::Style;

    fn plain(lines: &[ratatui::text::Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn units_keep_sequences_together() {
        let text = "e\u{301}👍🏽❤\u{fe0f}👨\u{200d}👩\u{200d}👧a";
        let found: Vec<_> = units(text).collect();
        assert_eq!(
            found,
            [("e\u{301}", 1), ("👍", 2), ("🏽", 2), ("❤\u{fe0f}", 2), ("👨\u{200d}👩\u{200d}👧", 2), ("a", 1)]
        );
        assert_eq!(width("日本"), 4);
    }

    #[test]
    fn clean_drops_controls_and_expands_tabs() {
        assert_eq!(clean("a\tb\u{1b}[31m", "  "), "a  b[31m");
    }

    #[test]
    fn words_wrap_greedily_and_long_words_break() {
        let runs = [Run { text: "aaa bb c dddddddd".into(), style: Style::default() }];
        assert_eq!(plain(&wrap(&runs, 5, &[], &[])), ["aaa", "bb c", "ddddd", "ddd"]);
    }

    #[test]
    fn hard_breaks_start_new_lines() {
        let runs = [
            Run { text: "a".into(), style: Style::default() },
            Run { text: "\n".into(), style: Style::default() },
            Run { text: "b".into(), style: Style::default() },
        ];
        assert_eq!(plain(&wrap(&runs, 9, &[], &[])), ["a", "b"]);
    }

    #[test]
    fn wide_characters_never_overflow() {
        let chunks = hard_wrap("日本語", Style::default(), 1);
        assert!(chunks.iter().all(|chunk| chunk.width == 1));
        let chunks = hard_wrap("日本語", Style::default(), 3);
        assert_eq!(chunks.iter().map(|chunk| chunk.width).collect::<Vec<_>>(), [2, 2, 2]);
    }
}

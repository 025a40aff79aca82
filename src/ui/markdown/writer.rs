//! Lays out Markdown events as lines: blocks separated by one blank line, container prefixes
//! (quote gutters, list markers with hanging indents), and the inline style stack.

use super::raw::RawBlock;
use super::table::Table;
use super::wrap::{self, Run};
use crate::ui::theme::{Role, Theme};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use std::mem;

/// Bullets by nesting depth.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];
const QUOTE_GUTTER: &str = "│ ";

/// A block that prefixes every line inside it.
enum Container {
    Quote,
    /// A list item; its marker shows on the item's first line, spaces of the same width after.
    Item {
        marker: String,
        shown: bool,
    },
}

pub(super) struct Writer<'t> {
    theme: &'t Theme,
    /// At least 1.
    width: usize,
    lines: Vec<Line<'static>>,
    containers: Vec<Container>,
    /// Next number of each open list; `None` for bullet lists.
    lists: Vec<Option<u64>>,
    /// Inline text of the current paragraph, heading, tight list item or table cell.
    runs: Vec<Run>,
    /// Inline styles; the last one applies to new text. Plain text carries no style, so the
    /// caller's base style (such as `assistant`) shows through.
    styles: Vec<Style>,
    /// Open links: destination and where their text starts in `runs`.
    links: Vec<(String, usize)>,
    /// A block ended; the next one starts after a blank line.
    pending_blank: bool,
    raw: Option<RawBlock>,
    table: Option<Table>,
}

impl<'t> Writer<'t> {
    pub fn new(theme: &'t Theme, width: usize) -> Self {
        debug_assert!(width > 0);
        Writer {
            theme,
            width,
            lines: Vec::new(),
            containers: Vec::new(),
            lists: Vec::new(),
            runs: Vec::new(),
            styles: Vec::new(),
            links: Vec::new(),
            pending_blank: false,
            raw: None,
            table: None,
        }
    }

    pub fn finish(mut self) -> Vec<Line<'static>> {
        self.flush_runs();
        self.lines
    }

    pub fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match &mut self.raw {
                Some(raw) => raw.text.push_str(&text),
                None => self.push(&text, self.current()),
            },
            Event::Code(text) => self.push(&text, self.current().patch(self.role(Role::Code))),
            Event::Html(text) | Event::InlineHtml(text) => match &mut self.raw {
                Some(raw) => raw.text.push_str(&text),
                None => self.push(&text, self.current().patch(self.role(Role::Dim))),
            },
            Event::SoftBreak => self.push(" ", self.current()),
            Event::HardBreak => self.runs.push(Run { text: "\n".to_owned(), style: Style::default() }),
            Event::Rule => {
                self.begin_block();
                let (first, rest, avail) = self.prefixes(&[]);
                let rule = Span::styled("─".repeat(avail), self.role(Role::Rule));
                self.push_lines(vec![vec![rule]], &first, &rest);
                self.pending_blank = true;
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "[x] " } else { "[ ] " };
                self.push(mark, self.role(Role::ListMarker));
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                let style = self.current().patch(self.role(Role::Heading));
                self.push(&format!("{} ", "#".repeat(heading_depth(level))), style);
                self.styles.push(style);
            }
            Tag::BlockQuote(_) => {
                self.begin_block();
                self.containers.push(Container::Quote);
                self.styles.push(self.current().patch(self.role(Role::Quote)));
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                self.raw = Some(RawBlock::code(&kind));
            }
            Tag::HtmlBlock => {
                self.begin_block();
                self.raw = Some(RawBlock::html());
            }
            Tag::List(start) => {
                self.begin_block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.begin_block();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}. ");
                        *number += 1;
                        marker
                    }
                    _ => format!("{} ", BULLETS[self.lists.len().saturating_sub(1) % BULLETS.len()]),
                };
                self.containers.push(Container::Item { marker, shown: false });
            }
            Tag::Table(alignments) => {
                self.begin_block();
                self.table = Some(Table::new(alignments));
            }
            Tag::Emphasis => self.styles.push(self.current().patch(self.role(Role::Emphasis))),
            Tag::Strong => self.styles.push(self.current().patch(self.role(Role::Strong))),
            Tag::Strikethrough => self.styles.push(self.current().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.links.push((dest_url.into_string(), self.runs.len()));
                self.styles.push(self.current().patch(self.role(Role::Link)));
            }
            Tag::Image { dest_url, .. } => {
                self.links.push((dest_url.into_string(), self.runs.len()));
                self.styles.push(self.current().patch(self.role(Role::Link)));
                self.push("[image: ", self.current());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_runs();
                self.pending_blank = true;
            }
            TagEnd::Heading(_) => {
                self.flush_runs();
                self.styles.pop();
                self.pending_blank = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush_runs();
                self.containers.pop();
                self.styles.pop();
                self.pending_blank = true;
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if let Some(raw) = self.raw.take() {
                    let gutter = raw.gutter(self.theme);
                    let (first, rest, avail) = self.prefixes(&gutter);
                    self.push_lines(raw.body(self.theme, avail), &first, &rest);
                }
                self.pending_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_runs();
                self.lists.pop();
                // A nested list is part of its item: no blank line before the next item.
                self.pending_blank = !matches!(self.containers.last(), Some(Container::Item { .. }));
            }
            TagEnd::Item => {
                self.flush_runs();
                if let Some(Container::Item { shown: false, .. }) = self.containers.last() {
                    // An empty item (say, just typed while streaming) still shows its marker.
                    let marker = self.prefix(true);
                    self.lines.push(Line::from(truncate(marker, self.width)));
                }
                self.containers.pop();
            }
            TagEnd::TableCell => {
                let cell = mem::take(&mut self.runs);
                if let Some(table) = &mut self.table {
                    table.push_cell(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.end_row(tag == TagEnd::TableHead);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let (first, rest, avail) = self.prefixes(&[]);
                    self.push_lines(table.render(self.theme, avail), &first, &rest);
                }
                self.pending_blank = true;
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                self.push("]", self.current());
                self.end_link();
            }
            _ => {}
        }
    }

    /// Close a link: its text is already in `runs`; add the destination, dimmed, unless the
    /// text already shows it (autolinks).
    fn end_link(&mut self) {
        self.styles.pop();
        let Some((url, start)) = self.links.pop() else { return };
        let shown: String = self.runs.get(start..).unwrap_or_default().iter().map(|run| run.text.as_str()).collect();
        if url.is_empty() || shown == url || url.strip_prefix("mailto:") == Some(shown.as_str()) {
            return;
        }
        self.push(" ", self.current());
        self.push(&format!("({url})"), self.role(Role::Dim));
    }

    fn role(&self, role: Role) -> Style {
        self.theme.get(role)
    }

    fn current(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push(&mut self, text: &str, style: Style) {
        let text = wrap::clean(text, " ");
        self.runs.push(Run { text: text.into_owned(), style });
    }

    /// Start a block: finish pending inline text and separate it from the previous block.
    fn begin_block(&mut self) {
        self.flush_runs();
        if self.pending_blank && !self.lines.is_empty() {
            self.blank_line();
        }
        self.pending_blank = false;
    }

    fn flush_runs(&mut self) {
        if self.runs.iter().all(|run| run.text.trim().is_empty()) {
            self.runs.clear();
            return;
        }
        let runs = mem::take(&mut self.runs);
        let (first, rest, avail) = self.prefixes(&[]);
        self.lines.extend(wrap::wrap(&runs, avail, &first, &rest));
    }

    /// A blank line that keeps quote gutters but no trailing spaces.
    fn blank_line(&mut self) {
        let mut spans = self.prefix(false);
        while spans.last().is_some_and(|span| span.content.trim().is_empty()) {
            spans.pop();
        }
        if let Some(last) = spans.last_mut() {
            last.content = last.content.trim_end().to_owned().into();
        }
        self.lines.push(Line::from(truncate(spans, self.width)));
    }

    /// Container prefixes for one line. With `first`, list markers not yet shown are shown.
    fn prefix(&mut self, first: bool) -> Vec<Span<'static>> {
        let quote = self.role(Role::Quote);
        let marker_style = self.role(Role::ListMarker);
        let mut spans = Vec::with_capacity(self.containers.len());
        for container in &mut self.containers {
            spans.push(match container {
                Container::Quote => Span::styled(QUOTE_GUTTER, quote),
                Container::Item { marker, shown } if first && !*shown => {
                    *shown = true;
                    Span::styled(marker.clone(), marker_style)
                }
                Container::Item { marker, .. } => Span::raw(" ".repeat(wrap::width(marker))),
            });
        }
        spans
    }

    /// Prefixes for a block's first and later lines (followed by `extra`), cut so that at
    /// least one column is left, and the columns left.
    fn prefixes(&mut self, extra: &[Span<'static>]) -> (Vec<Span<'static>>, Vec<Span<'static>>, usize) {
        let mut first = self.prefix(true);
        first.extend_from_slice(extra);
        let mut rest = self.prefix(false);
        rest.extend_from_slice(extra);
        let first = truncate(first, self.width - 1);
        let rest = truncate(rest, self.width - 1);
        let used: usize = first.iter().map(|span| wrap::width(&span.content)).sum();
        (first, rest, self.width - used)
    }

    fn push_lines(&mut self, body: Vec<Vec<Span<'static>>>, first: &[Span<'static>], rest: &[Span<'static>]) {
        for (i, spans) in body.into_iter().enumerate() {
            let mut line = if i == 0 { first.to_vec() } else { rest.to_vec() };
            line.extend(spans);
            self.lines.push(Line::from(line));
        }
    }
}

fn heading_depth(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Keep at most `max` columns of `spans`.
fn truncate(spans: Vec<Span<'static>>, max: usize) -> Vec<Span<'static>> {
    let mut left = max;
    let mut kept = Vec::with_capacity(spans.len());
    for span in spans {
        let span_width = wrap::width(&span.content);
        if span_width <= left {
            left -= span_width;
            kept.push(span);
            continue;
        }
        let mut cut = String::new();
        for (unit, unit_width) in wrap::units(&span.content) {
            if unit_width > left {
                break;
            }
            left -= unit_width;
            cut.push_str(unit);
        }
        kept.push(Span::styled(cut, span.style));
        break;
    }
    kept
}

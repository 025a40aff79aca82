//! The stored matrices over the panes, newest first: each one's id, when it last changed, its
//! cells done and failed, and its title (the prompt set and its size); the chosen one marked.
//! The status bar stays in view, so a matrix that cannot be read is named there.

use super::matrix_cells::fit;
use super::pane;
use super::theme::{Role, Theme};
use crate::app::matrix_list::{LIST_CHROME, MatrixList};
use crate::store::MatrixSummary;
use crate::store::when;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The columns before the title, with their widths: id, updated, cells, done, failed.
const COLUMNS: [(&str, usize); 5] = [("id", 20), ("updated (UTC)", 17), ("cells", 7), ("done", 7), ("failed", 7)];

/// Below this width the time a matrix last changed gives way to its title.
const WIDE: usize = 100;

/// Draw the list over `area`, leaving its last line to the status bar.
pub fn draw(frame: &mut Frame, area: Rect, list: &MatrixList, theme: &Theme) {
    let view = Rect { height: area.height.saturating_sub(1), ..area };
    let keys = " Enter reopen · ↑↓ choose · o load a prompt set · Esc close ";
    let block = pane::block("Stored matrices (prompt sets × targets)", true, theme)
        .title_bottom(Line::from(Span::styled(keys, theme.get(Role::Dim))));
    let inner = block.inner(view);
    frame.render_widget(Clear, view);
    frame.render_widget(block, view);
    let lines = if let Some(error) = &list.error {
        vec![Line::from(Span::styled(format!("could not read the stored matrices: {error}"), theme.get(Role::Error)))]
    } else if list.loading {
        vec![Line::from(Span::styled("reading…", theme.get(Role::Dim)))]
    } else if list.rows.is_empty() {
        vec![
            Line::from(Span::styled("No matrix stored yet.", theme.get(Role::Text))),
            Line::from(Span::styled(
                "o loads a prompt set (JSONL, or one prompt a line) over the compare set's targets; \
                 `routeplay compare --prompts FILE` stores one from the command line.",
                theme.get(Role::Dim),
            )),
        ]
    } else {
        let visible = usize::from(area.height.saturating_sub(1 + LIST_CHROME));
        let mut lines = vec![titles(usize::from(inner.width), theme)];
        let shown = list.rows.iter().enumerate().skip(list.scroll).take(visible);
        lines.extend(shown.map(|(index, row)| line(row, index == list.selected, usize::from(inner.width), theme)));
        lines
    };
    frame.render_widget(Paragraph::new(lines).style(theme.get(Role::Text)), inner);
}

fn titles(width: usize, theme: &Theme) -> Line<'static> {
    let heading = theme.get(Role::Heading);
    let mut spans: Vec<Span<'static>> =
        shown(width).flat_map(|(name, w)| fit(vec![((*name).to_owned(), heading)], *w, heading)).collect();
    spans.extend(fit(vec![("prompt set: size".to_owned(), heading)], title_width(width), heading));
    Line::from(spans)
}

fn line(row: &MatrixSummary, chosen: bool, width: usize, theme: &Theme) -> Line<'static> {
    let text = if chosen { theme.get(Role::Selection) } else { theme.get(Role::Text) };
    let failed = if row.failed > 0 && !chosen { theme.get(Role::Error) } else { text };
    let done = if row.done == row.cell_count && !chosen { theme.get(Role::Ok) } else { text };
    let cells = [
        (row.id.0.to_string(), text),
        (when(row.updated_ms), text),
        (row.cell_count.to_string(), text),
        (row.done.to_string(), done),
        (row.failed.to_string(), failed),
    ];
    let mut spans: Vec<Span<'static>> = cells
        .into_iter()
        .enumerate()
        .filter(|(index, _)| keeps(width, *index))
        .zip(shown(width))
        .flat_map(|((_, cell), (_, w))| fit(vec![cell], *w, text))
        .collect();
    let room = title_width(width);
    spans.extend(fit(vec![(cut_front(&row.title, room.saturating_sub(1)), text)], room, text));
    Line::from(spans)
}

/// `text` within `width` columns, cut at the front with `…`: a title starts with the set's
/// path, which may be long, and ends with the file's name and the size, which tell apart.
fn cut_front(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for ch in text.chars().rev() {
        used += ch.width().unwrap_or(0);
        if used > width {
            break;
        }
        kept.push(ch);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// The columns shown before the title at `width`.
fn shown(width: usize) -> impl Iterator<Item = &'static (&'static str, usize)> {
    COLUMNS.iter().enumerate().filter(move |(index, _)| keeps(width, *index)).map(|(_, column)| column)
}

/// Whether column `index` is shown at `width`: the time (the second) only when wide.
fn keeps(width: usize, index: usize) -> bool {
    width >= WIDE || index != 1
}

/// What is left for the title after the other columns.
fn title_width(width: usize) -> usize {
    width.saturating_sub(shown(width).map(|(_, w)| w).sum())
}

#[cfg(test)]
mod tests {
    use super::cut_front;

    #[test]
    fn a_long_title_keeps_its_end() {
        assert_eq!(cut_front("/tmp/x/p.txt: 3 prompts", 14), "…xt: 3 prompts");
        assert_eq!(cut_front("short", 14), "short");
    }
}

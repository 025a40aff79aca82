//! A small question over everything, answered by one key (quit with a draft or a stream,
//! start a matrix).

use super::help::centered;
use super::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Draw `question` in a box titled `title` centred in `area`, with `keys` (how to answer) at
/// its foot.
pub fn draw(frame: &mut Frame, area: Rect, (title, question): (&str, &str), keys: &str, theme: &Theme) {
    let width = u16::try_from(question.width().max(keys.width()) + 4).unwrap_or(u16::MAX).min(60);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows = u16::try_from(question.width().div_ceil(inner_width)).unwrap_or(1);
    let popup = centered(area, width, rows + 2);
    let footer = Line::from(Span::styled(format!(" {keys} "), theme.get(Role::Dim)));
    let block = super::pane::block(title, true, theme).title_bottom(footer);
    frame.render_widget(Clear, popup);
    let text = Paragraph::new(Span::styled(question.to_owned(), theme.get(Role::Warn))).wrap(Wrap { trim: true });
    frame.render_widget(text.block(block), popup);
}

//! A word diff of one answer against the reference column's, with `similar` (Myers' diff with
//! a deadline, so a pathological pair cannot stall a frame): words only this answer has are
//! marked as added, words only the reference has are shown struck through.

use crate::ui::theme::{Role, Theme};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use similar::{ChangeTag, TextDiff};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

/// The longest a diff may take before `similar` settles for a coarser one.
const DEADLINE: Duration = Duration::from_millis(50);

/// `text` against `reference`, wrapped to `width`.
#[must_use]
pub fn word_diff(reference: &str, text: &str, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let diff = TextDiff::configure().deadline(Instant::now() + DEADLINE).diff_words(reference, text);
    let width = usize::from(width).max(1);
    let mut lines = vec![Line::default()];
    let mut used = 0;
    for change in diff.iter_all_changes() {
        let style = match change.tag() {
            ChangeTag::Equal => theme.get(Role::Assistant),
            ChangeTag::Insert => theme.get(Role::Ok).add_modifier(Modifier::BOLD),
            ChangeTag::Delete => theme.get(Role::Error).add_modifier(Modifier::CROSSED_OUT),
        };
        for piece in change.value().split_inclusive('\n') {
            let word = piece.trim_end_matches('\n');
            let word_width = word.width();
            if used > 0 && used + word_width > width && !word.trim().is_empty() {
                lines.push(Line::default());
                used = 0;
            }
            if !(used == 0 && word.trim().is_empty()) {
                lines.last_mut().expect("one line at least").spans.push(Span::styled(word.to_owned(), style));
                used += word_width;
            }
            if piece.ends_with('\n') {
                lines.push(Line::default());
                used = 0;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::Themes;

    fn text_of(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn added_and_removed_words_are_marked_and_the_rest_is_plain() {
        let themes = Themes::built_in();
        let theme = themes.default_theme();
        let lines = word_diff("the quick brown fox", "the slow brown fox", 80, theme);
        let spans: Vec<_> = lines[0].spans.iter().map(|s| (s.content.to_string(), s.style)).collect();
        let added = spans.iter().find(|(text, _)| text == "slow").unwrap();
        let removed = spans.iter().find(|(text, _)| text == "quick").unwrap();
        assert!(added.1.add_modifier.contains(Modifier::BOLD));
        assert!(removed.1.add_modifier.contains(Modifier::CROSSED_OUT));
        assert_eq!(text_of(&lines), ["the quickslow brown fox"]);
    }

    #[test]
    fn words_wrap_at_the_width_and_line_breaks_stay() {
        let themes = Themes::built_in();
        let lines = word_diff("one two three\nfour", "one two three\nfour five", 8, themes.default_theme());
        assert_eq!(text_of(&lines), ["one two ", "three", "four ", "five"]);
    }
}

//! A column's answer as lines, cached per run: a streaming answer keeps the lines of its
//! finished Markdown blocks and re-renders only the newest one, as the transcript does, so
//! eight columns streaming at once cost eight small renders a frame.

use super::diff;
use crate::app::msg::RunId;
use crate::ui::markdown;
use crate::ui::theme::Theme;
use ratatui::text::Line;
use std::collections::HashMap;

/// Rendered answers of the compare columns, for one width and theme.
#[derive(Debug, Default)]
pub struct CompareCache {
    key: (u16, String),
    answers: HashMap<RunId, Answer>,
    diffs: HashMap<(RunId, RunId), (usize, usize, Vec<Line<'static>>)>,
    /// The columns' requests and streams, when the view shows them.
    pub requests: crate::ui::inspector::InspectorCache,
}

#[derive(Debug, Default)]
struct Answer {
    /// Lines of `text[..done]`, which will not change as the answer grows.
    done_lines: Vec<Line<'static>>,
    done: usize,
    /// Lines of `text[done..len]` (after a blank line when both parts have lines).
    tail: Vec<Line<'static>>,
    /// The text's length when last brought up to date: a frame with no new text reuses it all.
    len: usize,
}

impl CompareCache {
    /// Bring the lines of `text`, the answer of `run`, up to date at `width`.
    pub fn update_answer(&mut self, run: RunId, text: &str, width: u16, theme: &Theme) {
        self.check_key(width, theme);
        let answer = self.answers.entry(run).or_default();
        if answer.done > text.len() || !text.is_char_boundary(answer.done) {
            *answer = Answer::default();
        }
        if answer.len == text.len() && (answer.done > 0 || !answer.tail.is_empty() || text.is_empty()) {
            return;
        }
        // Only the text after the last cut is parsed again, so a frame costs the newest block.
        let stable = answer.done + markdown::stable_prefix_len(&text[answer.done..]);
        if stable > answer.done {
            let block = markdown::render(&text[answer.done..stable], width, theme);
            if !answer.done_lines.is_empty() {
                answer.done_lines.push(Line::default());
            }
            answer.done_lines.extend(block);
            answer.done = stable;
        }
        answer.tail.clear();
        let rest = &text[answer.done..];
        if !rest.trim().is_empty() {
            if !answer.done_lines.is_empty() {
                answer.tail.push(Line::default());
            }
            answer.tail.extend(markdown::render(rest, width, theme));
        }
        answer.len = text.len();
    }

    /// The lines of `run`'s answer as last brought up to date: the finished blocks, then the
    /// newest one.
    #[must_use]
    pub fn answer(&self, run: RunId) -> [&[Line<'static>]; 2] {
        self.answers.get(&run).map_or([&[], &[]], |answer| [answer.done_lines.as_slice(), answer.tail.as_slice()])
    }

    /// Bring `text` as a word diff against `reference` up to date: computed once per pair of
    /// finished answers.
    pub fn update_diff(
        &mut self,
        (reference_run, reference): (RunId, &str),
        (run, text): (RunId, &str),
        width: u16,
        theme: &Theme,
    ) {
        self.check_key(width, theme);
        let entry = self.diffs.entry((reference_run, run)).or_default();
        if (entry.0, entry.1) != (reference.len(), text.len()) || entry.2.is_empty() {
            *entry = (reference.len(), text.len(), diff::word_diff(reference, text, width, theme));
        }
    }

    /// The lines of the diff of `run` against `reference_run`, as last brought up to date.
    #[must_use]
    pub fn diff(&self, reference_run: RunId, run: RunId) -> &[Line<'static>] {
        self.diffs.get(&(reference_run, run)).map_or(&[], |entry| entry.2.as_slice())
    }

    fn check_key(&mut self, width: u16, theme: &Theme) {
        if self.key.0 != width || self.key.1 != theme.name {
            self.key = (width, theme.name.clone());
            self.answers.clear();
            self.diffs.clear();
        }
    }
}

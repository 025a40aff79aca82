//! Filter-as-you-type over the current route's models (`/` in the route pane): typing narrows
//! the list, up and down move among the matches, Enter uses the highlighted one, Esc clears.

use super::App;
use super::action::Action;
use super::effect::Effect;
use crate::models::ModelEntry;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    /// Open the filter, empty: every model still shows.
    pub(super) fn open_model_filter(&mut self) {
        self.model_filter = Some(String::new());
        self.notify("type to filter the models · ↑↓ move · Enter uses · Esc clears");
    }

    /// The current route's models that match the filter (all when none is open), with their
    /// index in the route's full list.
    #[must_use]
    pub fn visible_models(&self) -> Vec<(usize, &ModelEntry)> {
        let query = self.model_filter.as_deref().unwrap_or_default().to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        self.targets
            .current()
            .models
            .iter()
            .enumerate()
            .filter(|(_, model)| {
                let haystack = format!("{} {}", model.id, model.label).to_lowercase();
                words.iter().all(|word| haystack.contains(word))
            })
            .collect()
    }

    /// An action while the filter is open: moves go over the matches, Enter uses the
    /// highlighted match and closes the filter, Esc clears it; anything else as usual.
    pub(super) fn filter_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Close => {
                self.model_filter = None;
                self.notify("filter cleared");
                Vec::new()
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.move_among_matches(if matches!(action, Action::Up | Action::PageUp) { -1 } else { 1 });
                Vec::new()
            }
            Action::Select => {
                self.model_filter = None;
                self.perform(Action::Select)
            }
            other => self.perform(other),
        }
    }

    /// A key typed into the filter: a character narrows it, Backspace widens it, ctrl+u
    /// empties it. The highlight moves to the first match when the chosen model drops out.
    pub(super) fn type_in_model_filter(&mut self, key: &KeyEvent) {
        let Some(query) = &mut self.model_filter else { return };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => query.clear(),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => query.push(c),
            KeyCode::Backspace => {
                query.pop();
            }
            _ => return,
        }
        self.move_among_matches(0);
    }

    /// Move the highlight `delta` matches on (0: onto the first match when it is on none),
    /// wrapping.
    fn move_among_matches(&mut self, delta: isize) {
        let selected = self.targets.current().selected;
        let matches: Vec<usize> = self.visible_models().into_iter().map(|(index, _)| index).collect();
        let Some(&first) = matches.first() else { return };
        let next = match matches.iter().position(|&index| index == selected) {
            Some(at) => matches[(at + matches.len()).saturating_add_signed(delta) % matches.len()],
            None => first,
        };
        // The model cursor wraps, so the difference reaches any index.
        let signed = |n: usize| isize::try_from(n).unwrap_or(isize::MAX);
        self.targets.move_model(signed(next) - signed(selected));
    }
}

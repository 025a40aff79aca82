//! Leaving without losing work: ctrl+c cancels the running stream, else clears the draft,
//! else quits on a second press within a second; ctrl+q (and `q` in panes that take no text)
//! quits at once, but asks first when a draft or a running stream would be lost.

use super::App;
use super::effect::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

/// How soon a second ctrl+c must follow the first to quit.
pub const DOUBLE_PRESS: Duration = Duration::from_secs(1);

/// What quitting is waiting for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuitState {
    /// When a ctrl+c with nothing to cancel or clear asked for a second one.
    pub armed_at: Option<Instant>,
    /// The question asked before quitting would lose something: what would be lost.
    pub confirm: Option<String>,
}

impl App {
    /// ctrl+c, at `self.now` (the time of the key's message).
    pub(super) fn interrupt(&mut self) -> Vec<Effect> {
        let now = self.now;
        if self.is_streaming() {
            self.quit.armed_at = None;
            let effects = self.cancel_live_runs();
            self.notify("cancelled; the partial answer is kept");
            return effects;
        }
        if !self.prompt.editor.is_empty() {
            self.quit.armed_at = None;
            self.prompt.clear();
            self.notify("draft cleared (ctrl+c twice quits)");
            return Vec::new();
        }
        if self.quit.armed_at.is_some_and(|first| now.saturating_duration_since(first) <= DOUBLE_PRESS) {
            return vec![Effect::Quit];
        }
        self.quit.armed_at = Some(now);
        self.notify("press ctrl+c again to quit");
        Vec::new()
    }

    /// ctrl+q or `q`: quit, or ask first when that would lose a draft or a running stream.
    pub(super) fn quit_or_ask(&mut self) -> Vec<Effect> {
        let mut losses = Vec::new();
        if self.is_streaming() {
            losses.push("the running stream");
        }
        if !self.prompt.editor.is_empty() {
            losses.push("the unsent draft");
        }
        if losses.is_empty() {
            return vec![Effect::Quit];
        }
        self.quit.confirm = Some(losses.join(" and "));
        Vec::new()
    }

    /// The key that answers "quit?": `y`, Enter or ctrl+q again quit (cancelling what runs);
    /// any other key stays. `None` when no question is open, so the key goes on as usual.
    pub(super) fn answer_quit(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        self.quit.confirm.take()?;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let yes = matches!(key.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter) && !ctrl
            || key.code == KeyCode::Char('q') && ctrl;
        if !yes {
            self.notify("not quitting");
            return Some(Vec::new());
        }
        let mut effects = self.cancel_live_runs();
        effects.push(Effect::Quit);
        Some(effects)
    }
}

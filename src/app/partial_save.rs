//! When a streaming run's text is written to the history: at its first token, then at most
//! once per [`PARTIAL_SAVE_EVERY`] while more arrives, and once more a second after the last
//! delta even when the stream has gone silent (a timer asks; `update` never reads the
//! clock). So a killed process keeps what was on screen up to about a second before.
//! The playground's `update` and the command line's runs (`ask`, `compare`) both decide here.

use super::runs::Run;
use std::time::{Duration, Instant};

/// How often the text of a streaming answer is written to the history.
pub const PARTIAL_SAVE_EVERY: Duration = Duration::from_secs(1);

/// The last write of a live run's text: when, and how many bytes of text and thinking it held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedPartial {
    pub at: Instant,
    pub bytes: usize,
}

impl Run {
    /// When the text received since the last save is due to be written; `None` when there is
    /// none, the run has ended (its end is saved whole) or it is a replay.
    #[must_use]
    pub fn partial_save_due(&self) -> Option<Instant> {
        if !self.phase.is_live() || self.replay {
            return None;
        }
        let bytes = self.partial_bytes();
        match self.saved {
            Some(saved) => (bytes > saved.bytes).then(|| saved.at.checked_add(PARTIAL_SAVE_EVERY)).flatten(),
            // The first text is saved at once.
            None => self.timings.first_token.filter(|_| bytes > 0),
        }
    }

    /// Whether the text received so far should be written at `now`.
    #[must_use]
    pub fn partial_save_is_due(&self, now: Instant) -> bool {
        self.partial_save_due().is_some_and(|due| due <= now)
    }

    /// Note that the run's text as it stands was handed to the history at `at`.
    pub fn mark_saved(&mut self, at: Instant) {
        self.saved = Some(SavedPartial { at, bytes: self.partial_bytes() });
    }

    fn partial_bytes(&self) -> usize {
        self.text.len() + self.thinking.len()
    }
}

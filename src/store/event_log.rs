//! A run's stream events, kept for replay at a cost that follows its bytes, not its deltas.
//!
//! The answer and the thinking are already kept whole (`Run::text`, `RunEnd::answer`), so a
//! text or thinking delta is logged as its time and its length only: its text is the next
//! bytes of that whole, read back when the events are stored ([`EventLog::timed`]). Adjacent
//! deltas of one kind that arrive within [`COALESCE_MS`] of the first of them are logged as
//! one: a replay shows their text together, at most that much early, where a frame lasts
//! 16 ms. Every other event is kept whole.
//!
//! The history keeps a delta the same way ([`StoredEvent`]): its length, not its text again,
//! so a long answer is written once, not twice; reading the events back takes each delta's
//! text from the stored answer or thinking. Rows written before hold their text and still read.

use super::run::TimedEvent;
use crate::routes::event::StreamEvent;
use serde::{Deserialize, Serialize};

/// One event as a `run_event` row holds it (as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredEvent {
    /// The next this many bytes of the run's stored answer.
    TextBytes(usize),
    /// The next this many bytes of the run's stored thinking.
    ThinkingBytes(usize),
    /// Any other event (and, in rows written before, a delta with its text), whole.
    #[serde(untagged)]
    Whole(StreamEvent),
}

impl StoredEvent {
    /// `stored` in order, each delta's text read from `answer` and `thinking`; text past their
    /// end reads as empty rather than panicking.
    pub fn read_back(stored: Vec<(u64, StoredEvent)>, answer: &str, thinking: &str) -> Vec<TimedEvent> {
        let (mut answer_at, mut thinking_at) = (0, 0);
        let mut event = |stored| match stored {
            StoredEvent::TextBytes(bytes) => StreamEvent::TextDelta(next_piece(answer, &mut answer_at, bytes)),
            StoredEvent::ThinkingBytes(bytes) => {
                StreamEvent::ThinkingDelta(next_piece(thinking, &mut thinking_at, bytes))
            }
            StoredEvent::Whole(event) => event,
        };
        stored.into_iter().map(|(at_ms, stored)| TimedEvent { at_ms, event: event(stored) }).collect()
    }
}

/// How close after the first delta of a group a delta of the same kind must arrive to be
/// merged into it, in milliseconds (less than a frame at 60 Hz).
pub const COALESCE_MS: u64 = 8;

/// A run's events, in order, with deltas merged as described in the module's doc.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventLog {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// The next `bytes` of the answer, arrived from `at_ms`.
    Text { at_ms: u64, bytes: usize },
    /// The next `bytes` of the thinking, arrived from `at_ms`.
    Thinking { at_ms: u64, bytes: usize },
    /// Any other event, whole (boxed, so the common entries stay small).
    Whole(Box<TimedEvent>),
}

impl EventLog {
    /// A log of `events` kept whole, as a run file or a test gives them.
    #[must_use]
    pub fn from_events(events: Vec<TimedEvent>) -> Self {
        Self { entries: events.into_iter().map(|event| Entry::Whole(Box::new(event))).collect() }
    }

    /// Log `event`, `at_ms` after its run started. A text or thinking delta's text must also
    /// be appended to the answer or the thinking that [`EventLog::timed`] will be given.
    pub fn push(&mut self, at_ms: u64, event: &StreamEvent) {
        let last = self.entries.last_mut();
        let near = |first: u64| at_ms.saturating_sub(first) < COALESCE_MS;
        match (event, last) {
            (StreamEvent::TextDelta(text), Some(Entry::Text { at_ms: first, bytes })) if near(*first) => {
                *bytes += text.len();
            }
            (StreamEvent::ThinkingDelta(text), Some(Entry::Thinking { at_ms: first, bytes })) if near(*first) => {
                *bytes += text.len();
            }
            (StreamEvent::ToolInputDelta(more), Some(Entry::Whole(last)))
                if near(last.at_ms) && matches!(last.event, StreamEvent::ToolInputDelta(_)) =>
            {
                if let StreamEvent::ToolInputDelta(json) = &mut last.event {
                    json.push_str(more);
                }
            }
            (StreamEvent::TextDelta(text), _) => self.entries.push(Entry::Text { at_ms, bytes: text.len() }),
            (StreamEvent::ThinkingDelta(text), _) => self.entries.push(Entry::Thinking { at_ms, bytes: text.len() }),
            (event, _) => self.entries.push(Entry::Whole(Box::new(TimedEvent { at_ms, event: event.clone() }))),
        }
    }

    /// How many events the log holds (merged deltas count once).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The events in order, each delta's text read from `answer` and `thinking` (what the
    /// logged deltas added up to). Text past their end reads as empty rather than panicking.
    #[must_use]
    pub fn timed(&self, answer: &str, thinking: &str) -> Vec<TimedEvent> {
        StoredEvent::read_back(self.stored().collect(), answer, thinking)
    }
}

impl EventLog {
    /// The events in order as the history keeps them: deltas as their lengths.
    pub fn stored(&self) -> impl Iterator<Item = (u64, StoredEvent)> + '_ {
        self.entries.iter().map(|entry| match entry {
            Entry::Text { at_ms, bytes } => (*at_ms, StoredEvent::TextBytes(*bytes)),
            Entry::Thinking { at_ms, bytes } => (*at_ms, StoredEvent::ThinkingBytes(*bytes)),
            Entry::Whole(timed) => (timed.at_ms, StoredEvent::Whole(timed.event.clone())),
        })
    }
}

/// The `bytes` of `whole` from `*at`, moving `*at` past them.
fn next_piece(whole: &str, at: &mut usize, bytes: usize) -> String {
    let start = *at;
    *at = start.saturating_add(bytes);
    whole.get(start..*at).or_else(|| whole.get(start..)).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests;

//! Ids for conversations, runs and compare groups, made by routeplay rather than by `SQLite`.
//!
//! The UI hands writes to a fire-and-forget writer thread (see [`super::StoreWriter`]), so it
//! needs a run's id the moment it starts the run, before any row exists. Ids are therefore made
//! here: the milliseconds since 2020 in the high bits (so ids sort by creation time and insert
//! at the end of the table's B-tree) and 22 random bits below them, so two processes starting
//! runs in the same millisecond do not collide (one chance in four million). Within a process
//! ids strictly increase.

use std::fmt;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// 2020-01-01T00:00:00Z in unix milliseconds: 41 bits of milliseconds from here last until 2089.
const EPOCH_MS: i64 = 1_577_836_800_000;
const RANDOM_BITS: u32 = 22;

/// The current time in unix milliseconds (0 if the clock is before 1970).
#[must_use]
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}

/// A Unix-milliseconds time as `YYYY-MM-DD HH:MM` UTC.
#[must_use]
pub fn when(ms: i64) -> String {
    let text = aws_smithy_types::DateTime::from_millis(ms)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default();
    text.get(..16).unwrap_or(&text).replace('T', " ")
}

/// A new id, unique in this process and, with overwhelming likelihood, across processes.
fn fresh() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let millis = (now_ms() - EPOCH_MS).clamp(0, i64::MAX >> RANDOM_BITS);
    // `RandomState` is seeded from the OS once per thread and changes with every instance.
    let noise = std::collections::hash_map::RandomState::new().hash_one(millis) >> (64 - RANDOM_BITS);
    let candidate = (millis << RANDOM_BITS) | i64::try_from(noise).unwrap_or(0);
    let (Ok(last) | Err(last)) =
        LAST.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| Some(candidate.max(last + 1)));
    candidate.max(last + 1)
}

/// A conversation: the turns of one thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConversationId(pub i64);

/// One stored run (named `RunKey` to keep it apart from the app's in-memory `RunId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct RunKey(pub i64);

/// The runs of one compare: the same prompt sent to several targets side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CompareGroupId(pub i64);

/// A matrix: a prompt set sent to several targets (compare at scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct MatrixId(pub i64);

/// A provider batch job as routeplay keeps it (the provider's own id is kept beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct BatchJobId(pub i64);

impl MatrixId {
    /// A new, unused id.
    #[must_use]
    pub fn fresh() -> Self {
        Self(fresh())
    }
}

impl BatchJobId {
    /// A new, unused id.
    #[must_use]
    pub fn fresh() -> Self {
        Self(fresh())
    }
}

impl fmt::Display for MatrixId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for BatchJobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ConversationId {
    /// A new, unused id.
    #[must_use]
    pub fn fresh() -> Self {
        Self(fresh())
    }
}

impl RunKey {
    /// A new, unused key.
    #[must_use]
    pub fn fresh() -> Self {
        Self(fresh())
    }
}

impl CompareGroupId {
    /// A new, unused id.
    #[must_use]
    pub fn fresh() -> Self {
        Self(fresh())
    }
}

impl fmt::Display for ConversationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for RunKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for CompareGroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_and_strictly_increasing() {
        let ids: Vec<i64> = (0..10_000).map(|_| fresh()).collect();
        assert!(ids[0] > 0);
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn ids_carry_their_creation_time() {
        let before = now_ms();
        let id = fresh();
        let millis = (id >> RANDOM_BITS) + EPOCH_MS;
        assert!(millis >= before - 1 && millis <= now_ms() + 1, "{millis} vs {before}");
    }
}

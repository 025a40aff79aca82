//! Which cell is sent next. Pure: the caller passes the time and reports each cell's end.
//!
//! Each route has its own number of cells in flight (`[compare] concurrency`, and per route
//! `[compare.concurrency_per_route]`). A route that answers 429 (or retries with
//! `retry-after`) is slowed down alone: it pauses for the time asked and its concurrency
//! halves, then grows back by one per success. Samples of one cell are spaced apart
//! (`[compare] repeat_spacing_ms`) so a repeated cell does not throttle itself. One failed cell
//! never stops the matrix.

use super::{CellKey, MatrixPlan};
use crate::routes::RouteId;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How many cells each route may have in flight, and how samples are spaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    pub default_per_route: usize,
    pub per_route: BTreeMap<RouteId, usize>,
    pub repeat_spacing: Duration,
}

/// A throttle signal seen on a cell: the route asked to slow down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// What the route's `retry-after` asked for, if it said.
    pub retry_after: Option<Duration>,
}

/// Counts for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub failed: usize,
    pub running: usize,
    pub remaining: usize,
}

/// The matrix's queue of cells to send and what is in flight.
#[derive(Debug)]
pub struct Scheduler {
    _todo: (),
}

impl Scheduler {
    /// A scheduler for `plan`'s cells in `to_send` (in that order), under `limits`.
    #[must_use]
    pub fn new(plan: &MatrixPlan, to_send: impl IntoIterator<Item = CellKey>, limits: Limits) -> Self {
        let _ = (plan, to_send.into_iter().count(), limits);
        todo!()
    }

    /// The cells that may start now; each is counted in flight until [`Self::ended`].
    pub fn ready(&mut self, now: Instant) -> Vec<CellKey> {
        todo!("{now:?}")
    }

    /// When a cell that cannot start now will be able to (a paused route, a spaced sample);
    /// `None` when nothing waits on time.
    #[must_use]
    pub fn next_wake(&self) -> Option<Instant> {
        todo!()
    }

    /// Cell `key` ended (`ok`: it answered), having seen `throttle` if its route pushed back.
    pub fn ended(&mut self, key: CellKey, ok: bool, throttle: Option<Throttle>, now: Instant) {
        todo!("{key:?}{ok}{throttle:?}{now:?}")
    }

    /// Stop sending: the cells not started stay pending (a resume sends them).
    pub fn stop(&mut self) {
        todo!()
    }

    /// Nothing left to send and nothing in flight.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        todo!()
    }

    #[must_use]
    pub fn progress(&self) -> Progress {
        todo!()
    }
}

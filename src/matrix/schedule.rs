//! Which cell is sent next. Pure: the caller passes the time and reports each cell's end.
//!
//! Each route has its own number of cells in flight (`[compare] concurrency`, and per route
//! `[compare.concurrency_per_route]`). A route that answers 429 (or retries with
//! `retry-after`) is slowed down alone: it pauses for the time asked and its concurrency
//! halves, then grows back by one per success. Samples of one cell go one at a time, each
//! `[compare] repeat_spacing_ms` after the previous one ended, so a repeated cell does not
//! throttle itself (nor share the route with its own samples); other cells fill the gaps. One
//! failed cell never stops the matrix.

use super::{CellKey, MatrixPlan};
use crate::routes::RouteId;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
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
    /// Each target's route, by column.
    routes: Vec<RouteId>,
    lanes: BTreeMap<RouteId, Lane>,
    spacing: Duration,
    /// The latest sample sent of each (prompt, target): still running, or when it ended.
    latest: HashMap<(u32, u32), Latest>,
    in_flight: HashSet<CellKey>,
    done: usize,
    failed: usize,
    /// Cells left pending by [`Self::stop`].
    left: usize,
    /// The earliest time something waiting on time may start, as of the last change.
    wake: Option<Instant>,
}

/// One route's queue and how much it may send.
#[derive(Debug)]
struct Lane {
    queue: VecDeque<CellKey>,
    in_flight: usize,
    /// Cells allowed in flight now: halved by each throttle, one more per success up to `max`.
    limit: usize,
    max: usize,
    /// The route asked to wait (`retry-after`) until then.
    paused_until: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
enum Latest {
    Running,
    EndedAt(Instant),
}

impl Scheduler {
    /// A scheduler for `plan`'s cells in `to_send` (in that order), under `limits`.
    #[must_use]
    pub fn new(plan: &MatrixPlan, to_send: impl IntoIterator<Item = CellKey>, limits: Limits) -> Self {
        let Limits { default_per_route, per_route, repeat_spacing } = limits;
        let routes: Vec<RouteId> = plan.targets.iter().map(|target| target.route).collect();
        let mut lanes = BTreeMap::new();
        for &route in &routes {
            lanes.entry(route).or_insert_with(|| {
                let max = per_route.get(&route).copied().unwrap_or(default_per_route).max(1);
                Lane { queue: VecDeque::new(), in_flight: 0, limit: max, max, paused_until: None }
            });
        }
        let mut left = 0;
        for key in to_send {
            match routes.get(key.target as usize).and_then(|route| lanes.get_mut(route)) {
                Some(lane) => lane.queue.push_back(key),
                // A cell outside the plan cannot be sent; it stays as it is.
                None => left += 1,
            }
        }
        Self {
            routes,
            lanes,
            spacing: repeat_spacing,
            latest: HashMap::new(),
            in_flight: HashSet::new(),
            done: 0,
            failed: 0,
            left,
            wake: None,
        }
    }

    /// The cells that may start now; each is counted in flight until [`Self::ended`].
    pub fn ready(&mut self, now: Instant) -> Vec<CellKey> {
        let mut started = Vec::new();
        let mut wake: Option<Instant> = None;
        let mut wake_at = |at: Instant| wake = Some(wake.map_or(at, |earliest| earliest.min(at)));
        for lane in self.lanes.values_mut() {
            match lane.paused_until {
                Some(until) if until > now => {
                    if !lane.queue.is_empty() {
                        wake_at(until);
                    }
                    continue;
                }
                Some(_) => lane.paused_until = None,
                None => {}
            }
            // Pairs with an earlier sample still queued: their later samples wait behind it.
            let mut held = HashSet::new();
            let mut index = 0;
            while lane.in_flight < lane.limit && index < lane.queue.len() {
                let key = lane.queue[index];
                let pair = (key.prompt, key.target);
                let free_at = match self.latest.get(&pair) {
                    Some(Latest::Running) => None,
                    Some(Latest::EndedAt(ended)) => Some(*ended + self.spacing),
                    None => Some(now),
                };
                match free_at {
                    Some(at) if at <= now && !held.contains(&pair) => {
                        lane.queue.remove(index);
                        lane.in_flight += 1;
                        self.latest.insert(pair, Latest::Running);
                        self.in_flight.insert(key);
                        started.push(key);
                    }
                    other => {
                        if let Some(at) = other.filter(|at| *at > now && !held.contains(&pair)) {
                            wake_at(at);
                        }
                        held.insert(pair);
                        index += 1;
                    }
                }
            }
        }
        self.wake = wake;
        started
    }

    /// When a cell that cannot start now will be able to (a paused route, a spaced sample);
    /// `None` when nothing waits on time.
    #[must_use]
    pub fn next_wake(&self) -> Option<Instant> {
        self.wake
    }

    /// Cell `key` ended (`ok`: it answered), having seen `throttle` if its route pushed back.
    /// A cell that is not in flight is ignored.
    pub fn ended(&mut self, key: CellKey, ok: bool, throttle: Option<Throttle>, now: Instant) {
        if !self.in_flight.remove(&key) {
            return;
        }
        let Some(lane) = self.routes.get(key.target as usize).and_then(|route| self.lanes.get_mut(route)) else {
            return;
        };
        lane.in_flight -= 1;
        self.latest.insert((key.prompt, key.target), Latest::EndedAt(now));
        if ok {
            self.done += 1;
        } else {
            self.failed += 1;
        }
        match throttle {
            Some(throttle) => {
                lane.limit = (lane.limit / 2).max(1);
                if let Some(wait) = throttle.retry_after.filter(|wait| !wait.is_zero()) {
                    let until = now + wait;
                    lane.paused_until = Some(lane.paused_until.map_or(until, |paused| paused.max(until)));
                }
            }
            None if ok => lane.limit = (lane.limit + 1).min(lane.max),
            None => {}
        }
        // The next sample of this cell may be due after the spacing (a spare wake is harmless).
        if !self.spacing.is_zero() {
            let at = now + self.spacing;
            self.wake = Some(self.wake.map_or(at, |wake| wake.min(at)));
        }
    }

    /// Stop sending: the cells not started stay pending (a resume sends them).
    pub fn stop(&mut self) {
        for lane in self.lanes.values_mut() {
            self.left += lane.queue.len();
            lane.queue.clear();
        }
        self.wake = None;
    }

    /// Nothing left to send and nothing in flight.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.in_flight.is_empty() && self.lanes.values().all(|lane| lane.queue.is_empty())
    }

    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            failed: self.failed,
            running: self.in_flight.len(),
            remaining: self.left + self.lanes.values().map(|lane| lane.queue.len()).sum::<usize>(),
        }
    }

    /// The routes slowed down by throttling, each with the cells it may have in flight now
    /// and its configured most, for a progress line's marks.
    #[must_use]
    pub fn slowed(&self) -> Vec<(RouteId, usize, usize)> {
        self.lanes
            .iter()
            .filter(|(_, lane)| lane.limit < lane.max || lane.paused_until.is_some())
            .map(|(route, lane)| (*route, lane.limit, lane.max))
            .collect()
    }
}

#[cfg(test)]
mod tests;

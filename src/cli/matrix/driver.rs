//! Sends a matrix's cells on demand: the [`Scheduler`] says which may start, each starts as
//! its own run task ([`spawn_run`]), and each run is stored through the history's writer as it
//! starts and ends, then its cell (`Command::SaveCell`, after the run's own writes). Only live
//! runs are held: an ended run is dropped once its writes are queued, and its cell keeps its
//! [`CellOutcome`], so memory follows the cells, not the answers; and no cell starts while the
//! history's writer is far behind, so ended runs do not pile up in its queue either. A failed
//! cell never stops the matrix; a throttled route slows down alone.

use super::outcome::{self, Pricing};
use crate::app::msg::{Msg, RunId};
use crate::app::runs::Run;
use crate::matrix::schedule::{Limits, Scheduler, Throttle};
use crate::matrix::{CellKey, CellOutcome, CellStatus, Matrix, record, request};
use crate::recorder::Recording;
use crate::routes::event::RunUpdate;
use crate::runtime::{RunContext, RunOrder, spawn_run};
use crate::store::Command;
use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

/// The most writes the history's writer may have queued before new cells wait for it: each
/// ended run's write holds its events and response body until it lands (four writes a cell).
pub const MAX_QUEUED_WRITES: usize = 256;
/// How often cells waiting for the history check whether it caught up.
const RECHECK_HISTORY: Duration = Duration::from_millis(5);

/// One cell being sent.
struct LiveCell {
    key: CellKey,
    run: Run,
    task: AbortHandle,
    /// The route pushed back (a 429 retried), with the longest wait it asked for.
    throttle: Option<Throttle>,
}

/// What the driver reports after each wake-up: the scheduler's counts and the spend so far.
pub struct Tick<'a> {
    pub scheduler: &'a Scheduler,
    pub spent_usd: f64,
}

/// Drives one matrix's cells to their ends.
pub struct Driver<'a> {
    matrix: &'a mut Matrix,
    context: &'a RunContext,
    recording: Option<&'a mut Recording>,
    pricing: Pricing,
    /// How many bytes of each response body a run keeps (`[history] keep_response_kib`).
    keep_response: usize,
    live: HashMap<RunId, LiveCell>,
    next_id: u64,
    spent_usd: f64,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
}

impl<'a> Driver<'a> {
    /// A driver for `matrix`'s cells, storing through `recording` when there is one.
    pub fn new(
        matrix: &'a mut Matrix,
        context: &'a RunContext,
        recording: Option<&'a mut Recording>,
        keep_response: usize,
    ) -> Self {
        let (tx, rx) = unbounded_channel();
        let spent_usd = matrix.cells.iter().filter_map(|cell| cell.cost_usd).sum();
        Self {
            matrix,
            context,
            recording,
            pricing: Pricing::load(),
            keep_response,
            live: HashMap::new(),
            next_id: 0,
            spent_usd,
            tx,
            rx,
        }
    }

    /// Send every cell `to_send` under `limits` until all have ended, calling `on_tick` after
    /// each wake-up; `stop` resolving (a signal) cancels the live cells (stored cancelled) and
    /// leaves the rest pending. Returns what `stop` resolved to, if it did.
    pub async fn run(
        mut self,
        to_send: Vec<CellKey>,
        limits: Limits,
        stop: impl Future<Output = i32>,
        mut on_tick: impl FnMut(&Tick<'_>),
    ) -> Option<i32> {
        let mut scheduler = Scheduler::new(&self.matrix.plan, to_send, limits);
        let mut stop = std::pin::pin!(stop);
        loop {
            let behind = self.history_behind();
            if !behind {
                for key in scheduler.ready(Instant::now()) {
                    if let Some(failed) = self.start(key) {
                        self.end(&mut scheduler, failed, None);
                    }
                }
            }
            on_tick(&Tick { scheduler: &scheduler, spent_usd: self.spent_usd });
            if scheduler.is_finished() {
                return None;
            }
            let wake = if behind { Some(Instant::now() + RECHECK_HISTORY) } else { scheduler.next_wake() };
            let wake = wake.map(tokio::time::Instant::from);
            tokio::select! {
                Some(msg) = self.rx.recv() => {
                    self.apply(msg, &mut scheduler);
                    while let Ok(msg) = self.rx.try_recv() {
                        self.apply(msg, &mut scheduler);
                    }
                }
                () = tokio::time::sleep_until(wake.unwrap_or_else(tokio::time::Instant::now)), if wake.is_some() => {}
                code = &mut stop => {
                    scheduler.stop();
                    self.cancel_all(&mut scheduler);
                    on_tick(&Tick { scheduler: &scheduler, spent_usd: self.spent_usd });
                    return Some(code);
                }
            }
        }
    }

    /// The history's writer has more than [`MAX_QUEUED_WRITES`] writes to catch up on: no cell
    /// starts until it has fewer, so ended runs do not pile up in its queue.
    fn history_behind(&self) -> bool {
        self.recording.as_deref().is_some_and(|recording| recording.queued() > MAX_QUEUED_WRITES)
    }

    /// Start cell `key`'s run; the outcome of a cell that cannot even be sent (its request
    /// cannot be built, or the route refuses it before sending) instead.
    fn start(&mut self, key: CellKey) -> Option<CellOutcome> {
        let plan = &self.matrix.plan;
        let target = plan.targets.get(key.target as usize)?.clone();
        let request = match request::cell_request(plan, key.prompt) {
            Ok(request) => request,
            Err(error) => return Some(failed(key, error)),
        };
        let refused = crate::preflight::check(&target, &request).refused;
        if !refused.is_empty() {
            return Some(failed(key, refused.join("; ")));
        }
        self.next_id += 1;
        let id = RunId(self.next_id);
        let prompt = request.turns.last().map(|turn| turn.text.clone()).unwrap_or_default();
        let mut run = Run::new(id, target.clone(), prompt);
        // Each cell is a conversation of its own; the cells of a row are one compare group.
        run.compare_group = Some(RunId(u64::from(key.prompt) + 1));
        run.params = request.params.clone();
        run.system.clone_from(&request.system);
        run.request = Some(request.clone());
        run.exchange.keep_at_most(self.keep_response);
        if let Some(recording) = self.recording.as_deref_mut() {
            recording.save(&run);
        }
        let order = RunOrder { target, request, demo: plan.demo };
        let task = spawn_run(self.context, self.tx.clone(), id, order);
        self.matrix.set(CellOutcome::empty(key, CellStatus::Running));
        self.live.insert(id, LiveCell { key, run, task, throttle: None });
        None
    }

    fn apply(&mut self, msg: Msg, scheduler: &mut Scheduler) {
        let Msg::Run { run: id, at, update } = msg else { return };
        let Some(cell) = self.live.get_mut(&id) else { return };
        if let RunUpdate::Retrying { delay, reason, .. } = &update
            && outcome::is_throttle(reason)
        {
            let longest = cell.throttle.and_then(|seen| seen.retry_after).map_or(*delay, |seen| seen.max(*delay));
            cell.throttle = Some(Throttle { retry_after: Some(longest) });
        }
        if cell.run.apply(at, update)
            && let Some(cell) = self.live.remove(&id)
        {
            self.finish(scheduler, &cell);
        }
    }

    /// Store an ended run, then its cell, and drop the run.
    fn finish(&mut self, scheduler: &mut Scheduler, cell: &LiveCell) {
        let run_key = self.recording.as_deref_mut().and_then(|recording| {
            recording.save(&cell.run);
            recording.run_key(cell.run.id)
        });
        let outcome = outcome::of_run(cell.key, &cell.run, run_key, &self.pricing);
        let throttle = cell.throttle.or_else(|| outcome::failed_throttled(&cell.run));
        self.end(scheduler, outcome, throttle);
    }

    fn end(&mut self, scheduler: &mut Scheduler, outcome: CellOutcome, throttle: Option<Throttle>) {
        self.spent_usd += outcome.cost_usd.unwrap_or(0.0);
        scheduler.ended(outcome.key, outcome.status == CellStatus::Done, throttle, Instant::now());
        if let Some(recording) = self.recording.as_deref() {
            recording.send(Command::SaveCell(Box::new(record::cell_row(&self.matrix.plan, &outcome))));
        }
        self.matrix.set(outcome);
    }

    /// Stop every live run, keeping what it received, and store it cancelled.
    fn cancel_all(&mut self, scheduler: &mut Scheduler) {
        let now = Instant::now();
        for (_, mut cell) in std::mem::take(&mut self.live) {
            cell.task.abort();
            cell.run.cancel(now);
            self.finish(scheduler, &cell);
        }
    }
}

/// A cell that failed before its run started, with why.
fn failed(key: CellKey, error: String) -> CellOutcome {
    CellOutcome { error: Some(error), ..CellOutcome::empty(key, CellStatus::Failed) }
}

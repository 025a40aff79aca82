//! Sending a matrix: each cell a normal run (history, inspector and replay work on it), started
//! when the scheduler allows, its end stored as the cell's outcome (`Effect::SaveCell`, after
//! the run's own save). Cancelling stops the matrix: live cells are cancelled, the rest stay
//! pending for a resume.

use super::effect::Effect;
use super::matrix::{Stage, outcome_of, throttle_of};
use super::msg::RunId;
use super::{App, counted};
use crate::matrix::schedule::Scheduler;
use crate::matrix::{CellKey, CellOutcome, CellStatus};
use std::time::Instant;

impl App {
    /// Start sending: store the matrix the first time, then every cell not done yet.
    pub(super) fn begin_matrix(&mut self) -> Vec<Effect> {
        let now = self.now;
        let limits = self.matrix_limits.clone();
        let Some(state) = self.matrix.as_mut() else { return Vec::new() };
        let mut effects = Vec::new();
        if !state.stored {
            state.stored = true;
            effects.push(Effect::NewMatrix { plan: Box::new(state.matrix.plan.clone()) });
        }
        let to_send: Vec<CellKey> = state.matrix.to_send().collect();
        state.scheduler = Some(Scheduler::new(&state.matrix.plan, to_send.iter().copied(), limits));
        let ended = state.counts().done + state.counts().failed;
        state.started = Some((now, ended));
        state.stage = Stage::Running;
        self.notify(format!("sending {}: Esc stops", counted(to_send.len(), "cell")));
        effects.extend(self.send_ready_cells());
        effects
    }

    /// Start every cell the scheduler lets go now.
    pub(super) fn send_ready_cells(&mut self) -> Vec<Effect> {
        let now = self.now;
        let Some(scheduler) = self.matrix.as_mut().and_then(|state| state.scheduler.as_mut()) else {
            return Vec::new();
        };
        let ready = scheduler.ready(now);
        ready.into_iter().flat_map(|key| self.send_cell(key)).collect()
    }

    /// Create cell `key`'s run and ask for it to start and be saved.
    fn send_cell(&mut self, key: CellKey) -> Vec<Effect> {
        let Some(state) = self.matrix.as_ref() else { return Vec::new() };
        let (Some(request), Some(target), Some(item)) = (
            state.requests.get(key.prompt as usize).cloned(),
            state.matrix.plan.targets.get(key.target as usize).cloned(),
            state.matrix.plan.prompts.get(key.prompt as usize),
        ) else {
            return Vec::new();
        };
        // The row's first run of this sample names its compare group, so the history opens
        // the row as a compare.
        let group = (0..key.target).find_map(|target| {
            let index = state.matrix.plan.index_of(CellKey { target, ..key });
            state.runs.get(index).copied().flatten()
        });
        let run = self.runs.create(target.clone(), item.rendered_prompt());
        if let Some(created) = self.runs.get_mut(run) {
            created.compare_group = Some(group.unwrap_or(run));
            created.params = request.params.clone();
            created.system.clone_from(&request.system);
            created.request = Some(request.clone());
        }
        if let Some(state) = self.matrix.as_mut() {
            state.sent(key, run);
        }
        // The plan's own demo setting: a reopened matrix made with `--demo` stays on the emulator.
        let demo = self.matrix.as_ref().is_some_and(|state| state.matrix.plan.demo);
        vec![Effect::StartRun { run, target, request, demo }, Effect::SaveRun { run }]
    }

    /// Run `run` ended: if it is a cell of the running matrix, store its outcome, tell the
    /// scheduler, and send what may go next.
    pub(super) fn on_matrix_run_end(&mut self, run: RunId, at: Instant) -> Vec<Effect> {
        let Some(state) = self.matrix.as_mut() else { return Vec::new() };
        let Some(&key) = state.cell_of.get(&run) else { return Vec::new() };
        let Some(ended) = self.runs.get(run) else { return Vec::new() };
        let outcome = outcome_of(key, ended, &self.catalog);
        let (ok, throttle) = (outcome.status == CellStatus::Done, throttle_of(ended));
        if let Some(scheduler) = state.scheduler.as_mut() {
            scheduler.ended(key, ok, throttle, at);
        }
        let mut effects = vec![save_cell(state.matrix.plan.id, run, &outcome)];
        state.matrix.set(outcome);
        state.refresh_standings(Some(at));
        effects.extend(self.send_ready_cells());
        self.finish_matrix_if_done();
        effects
    }

    /// Mark the matrix finished once nothing is left to send or in flight.
    fn finish_matrix_if_done(&mut self) {
        let Some(state) = self.matrix.as_mut() else { return };
        if !state.is_running() || !state.scheduler.as_ref().is_some_and(Scheduler::is_finished) {
            return;
        }
        state.stage = Stage::Finished;
        state.scheduler = None;
        state.refresh_standings(None);
        let counts = state.counts();
        let note = format!("matrix finished: {} done, {} failed", counts.done, counts.failed);
        self.notify(note);
    }

    /// Stop a running matrix: its live cells are cancelled (and stored so), the cells not sent
    /// stay pending. Nothing when no matrix runs.
    pub(super) fn stop_matrix(&mut self) -> Vec<Effect> {
        let now = self.now;
        let Some(state) = self.matrix.as_mut().filter(|state| state.is_running()) else { return Vec::new() };
        if let Some(scheduler) = state.scheduler.as_mut() {
            scheduler.stop();
        }
        state.scheduler = None;
        state.stage = Stage::Stopped;
        let live: Vec<(RunId, CellKey)> = state
            .cell_of
            .iter()
            .filter(|(run, _)| self.runs.get(**run).is_some_and(|r| r.phase.is_live()))
            .map(|(run, key)| (*run, *key))
            .collect();
        let mut effects = Vec::new();
        for (run, key) in live {
            let Some(cancelled) = self.runs.get_mut(run) else { continue };
            cancelled.cancel(now);
            let outcome = outcome_of(key, cancelled, &self.catalog);
            effects.extend([
                Effect::CancelRun { run },
                Effect::SaveRun { run },
                save_cell(state.matrix.plan.id, run, &outcome),
            ]);
            state.matrix.set(outcome);
        }
        state.refresh_standings(None);
        let remaining = state.counts().remaining;
        self.notify(format!("matrix stopped: {} still to send (s resumes)", counted(remaining, "cell")));
        effects
    }

    /// Whether the matrix view covers the panes.
    #[must_use]
    pub fn matrix_shown(&self) -> bool {
        self.matrix.as_ref().is_some_and(|state| state.shown)
    }

    /// Show or hide the matrix view (when a matrix is loaded).
    pub fn show_matrix(&mut self, shown: bool) {
        if let Some(state) = self.matrix.as_mut() {
            state.shown = shown;
        }
    }

    /// Whether a matrix is sending (the runtime keeps its frame timer going: a route paused
    /// by a 429 resumes on a tick).
    #[must_use]
    pub fn matrix_running(&self) -> bool {
        self.matrix.as_ref().is_some_and(super::matrix::MatrixState::is_running)
    }
}

fn save_cell(matrix: crate::store::MatrixId, run: RunId, outcome: &CellOutcome) -> Effect {
    Effect::SaveCell { matrix, run, outcome: Box::new(outcome.clone()) }
}

//! A batch job on the emulator's clock, whichever provider's: it waits `queued_steps` of
//! `batch_step` (its input is checked at the end of them), runs for `RUN_STEPS`, answering
//! its records evenly over that time and writing their output as it goes, then ends. A stop
//! asked while it runs keeps what was answered and ends one step later. Jobs advance when
//! polled and on a ticker of their own, so output appears even when nobody asks.

use super::worker::{self, Failed, Place, Surface};
use crate::emulator::state::{EmulatorState, stopping};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Steps a job spends answering its records.
pub const RUN_STEPS: u32 = 2;
/// The most records one job may hold (Bedrock's default per-file quota; the emulator's bound
/// for Vertex too).
pub const MAX_RECORDS: usize = 50_000;

/// One input record, as read from the input object.
#[derive(Debug, Clone)]
pub struct Record {
    /// Bedrock's `recordId`, Claude's `custom_id`; empty for Gemini.
    pub id: String,
    /// The body to answer.
    pub body: Value,
    /// The input object's file name (Bedrock writes one `.out` per input file).
    pub source: String,
}

/// One answered record: its input and the answer or failure.
#[derive(Debug, Clone)]
pub struct Done {
    pub record: Record,
    pub outcome: Result<Value, Failed>,
}

/// Where a job stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Waiting in its `n`th queued step (0-based).
    Queued(u32),
    Running,
    Stopping,
    /// Ended: every record answered (some may have failed).
    Finished,
    /// Ended by a stop.
    Stopped,
    /// Ended because its input was refused; the reason.
    Failed(String),
}

/// What a provider's job needs from the clock: how its input reads and where output goes.
pub trait Provider: Send {
    /// Read and check the input; the reason it is refused otherwise.
    fn read_input(&self, state: &EmulatorState) -> Result<Vec<Record>, String>;
    /// Write the output of the records answered so far (all of them when `ended`).
    fn write_output(&mut self, state: &EmulatorState, done: &[Done], ended: bool) -> Result<(), String>;
}

/// A job and its progress.
pub struct Job<P> {
    pub provider: P,
    pub surface: Surface,
    pub place: Place,
    pub created: SystemTime,
    started: Instant,
    step: Duration,
    queued_steps: u32,
    pub phase: Phase,
    pub records: Vec<Record>,
    pub done: Vec<Done>,
    stop_asked: Option<Instant>,
    pub ended: Option<SystemTime>,
    pub updated: SystemTime,
}

impl<P: Provider> Job<P> {
    pub fn new(provider: P, surface: Surface, place: Place, step: Duration, queued_steps: u32) -> Self {
        let now = SystemTime::now();
        Self {
            provider,
            surface,
            place,
            created: now,
            started: Instant::now(),
            step,
            queued_steps,
            phase: Phase::Queued(0),
            records: Vec::new(),
            done: Vec::new(),
            stop_asked: None,
            ended: None,
            updated: now,
        }
    }

    /// Whether it has ended.
    pub fn is_end(&self) -> bool {
        matches!(self.phase, Phase::Finished | Phase::Stopped | Phase::Failed(_))
    }

    /// Steps since `since`, as a fraction (a zero step has every step passed at once).
    fn steps_since(&self, since: Instant, now: Instant) -> f64 {
        if self.step.is_zero() {
            f64::INFINITY
        } else {
            now.duration_since(since).as_secs_f64() / self.step.as_secs_f64()
        }
    }

    /// Bring the job up to `now`: check its input, answer the records due, end it.
    pub async fn advance(&mut self, state: &Arc<EmulatorState>, now: Instant) {
        if self.is_end() {
            return;
        }
        if let Some(asked) = self.stop_asked {
            if self.steps_since(asked, now) >= 1.0 {
                self.end(state, Phase::Stopped);
            }
            return;
        }
        let steps = self.steps_since(self.started, now);
        if steps < f64::from(self.queued_steps) {
            // Whole steps only: the fraction is below `queued_steps`, which fits in a u32.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "0 <= steps < queued_steps")]
            let waited = steps.floor() as u32;
            self.phase = Phase::Queued(waited);
            return;
        }
        if matches!(self.phase, Phase::Queued(_)) {
            let read = self.provider.read_input(state);
            match read.and_then(|records| state.cloud_batch.hold(records.len()).map(|()| records)) {
                Ok(records) => self.records = records,
                Err(reason) => return self.end(state, Phase::Failed(reason)),
            }
            self.phase = Phase::Running;
        }
        let share = ((steps - f64::from(self.queued_steps)) / f64::from(RUN_STEPS)).min(1.0);
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "0 <= share <= 1, records bounded"
        )]
        let due = ((self.records.len() as f64) * share).ceil() as usize;
        self.answer_up_to(state, due.min(self.records.len())).await;
        if share >= 1.0 {
            self.end(state, Phase::Finished);
        } else if let Err(reason) = self.provider.write_output(state, &self.done, false) {
            self.end(state, Phase::Failed(reason));
        }
    }

    async fn answer_up_to(&mut self, state: &Arc<EmulatorState>, due: usize) {
        while self.done.len() < due {
            let record = self.records[self.done.len()].clone();
            let outcome = worker::answer(state, self.surface, &self.place, &record.body).await;
            self.done.push(Done { record, outcome });
        }
        self.updated = SystemTime::now();
    }

    fn end(&mut self, state: &EmulatorState, phase: Phase) {
        let now = SystemTime::now();
        let write = match phase {
            Phase::Failed(_) => Ok(()),
            _ => self.provider.write_output(state, &self.done, true),
        };
        self.phase = match write {
            Ok(()) => phase,
            Err(reason) => Phase::Failed(reason),
        };
        self.ended = Some(now);
        self.updated = now;
    }

    /// Ask it to stop: `Err` when it has already ended. Records answered so far are kept.
    pub async fn stop(&mut self, state: &Arc<EmulatorState>) -> Result<(), ()> {
        self.advance(state, Instant::now()).await;
        if self.is_end() {
            return Err(());
        }
        if self.stop_asked.is_none() {
            self.stop_asked = Some(Instant::now());
            self.phase = Phase::Stopping;
            self.updated = SystemTime::now();
            if self.step.is_zero() {
                self.end(state, Phase::Stopped);
            }
        }
        Ok(())
    }

    /// How many records were answered, and of them how many failed.
    pub fn counts(&self) -> (usize, usize) {
        (self.done.len(), self.done.iter().filter(|done| done.outcome.is_err()).count())
    }
}

/// Advance `job` every step until it ends or the server stops.
pub fn tick<P: Provider + 'static>(state: &Arc<EmulatorState>, job: Arc<tokio::sync::Mutex<Job<P>>>, step: Duration) {
    let state = Arc::clone(state);
    let pause = step.max(Duration::from_millis(10)) / 2;
    tokio::spawn(async move {
        let shutdown = stopping(state.stop_signal());
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
            let mut job = job.lock().await;
            job.advance(&state, Instant::now()).await;
            if job.is_end() {
                return;
            }
        }
    });
}

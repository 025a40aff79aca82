//! One emulated batch: its records' results (worked out when it was created), and the clock
//! that moves it from `in_progress` through `canceling` to `ended`.
//!
//! A batch is `in_progress` for [`IN_PROGRESS_STEPS`] steps of `batch_step`, its records
//! processed evenly over that time; a cancel freezes what was processed, the batch is
//! `canceling` for one step, then `ended` with the rest `canceled`. As on the real API,
//! `request_counts` holds every record in `processing` until the batch ends, and `results_url`
//! appears only then.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde::Serialize;
use std::fmt::Write as _;
use std::time::{Duration, Instant, SystemTime};

/// Steps a batch spends `in_progress` before it ends on its own.
pub const IN_PROGRESS_STEPS: u32 = 3;
/// How long results stay: 24 hours until unfinished requests expire.
const EXPIRES_AFTER: Duration = Duration::from_hours(24);

/// A record's result, decided when the batch was created.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The message as JSON.
    Succeeded(String),
    /// The error response as JSON.
    Errored(String),
}

/// One batch as the server holds it.
#[derive(Debug)]
pub struct Batch {
    pub id: String,
    created: SystemTime,
    started: Instant,
    step: Duration,
    /// When a cancel was asked: the wall time and how far into processing.
    cancel: Option<(SystemTime, Duration)>,
    /// Custom ids and outcomes, in request order.
    pub records: Vec<(String, Outcome)>,
    /// The order the results file lists the records in (a fixed shuffle).
    pub order: Vec<usize>,
    /// What the records' results take, for the server's cap.
    pub bytes: usize,
}

/// Where a batch stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    InProgress,
    Canceling,
    /// Ended, `processed` records of it processed (the rest were canceled), at this time
    /// after it started.
    Ended {
        processed: usize,
        after: Duration,
    },
}

impl Batch {
    pub fn new(id: String, step: Duration, records: Vec<(String, Outcome)>, order: Vec<usize>) -> Self {
        let bytes = records.iter().map(|(id, outcome)| id.len() + outcome.len()).sum();
        Self { id, created: SystemTime::now(), started: Instant::now(), step, cancel: None, records, order, bytes }
    }

    /// Its phase at `now`.
    pub fn phase(&self, now: Instant) -> Phase {
        let elapsed = now.saturating_duration_since(self.started);
        let processing = self.step * IN_PROGRESS_STEPS;
        match self.cancel {
            None if elapsed >= processing => Phase::Ended { processed: self.records.len(), after: processing },
            None => Phase::InProgress,
            Some((_, at)) if elapsed >= at + self.step => {
                Phase::Ended { processed: self.processed_by(at), after: at + self.step }
            }
            Some(_) => Phase::Canceling,
        }
    }

    /// How many records are processed `elapsed` into processing: evenly over its steps.
    fn processed_by(&self, elapsed: Duration) -> usize {
        let processing = (self.step * IN_PROGRESS_STEPS).as_nanos();
        if processing == 0 {
            return self.records.len();
        }
        let done = self.records.len() as u128 * elapsed.as_nanos().min(processing) / processing;
        usize::try_from(done).unwrap_or(self.records.len())
    }

    /// Ask to cancel: `false` when it has already ended (or a cancel is under way, which
    /// changes nothing).
    pub fn cancel(&mut self, now: Instant) -> bool {
        if matches!(self.phase(now), Phase::Ended { .. }) {
            return false;
        }
        if self.cancel.is_none() {
            self.cancel = Some((SystemTime::now(), now.saturating_duration_since(self.started)));
        }
        true
    }

    /// The batch in the API's shape; `base_url` is where its results are served.
    pub fn view(&self, now: Instant, base_url: &str) -> MessageBatch {
        let phase = self.phase(now);
        let total = self.records.len() as u64;
        let mut counts = RequestCounts { processing: total, ..RequestCounts::default() };
        let (status, ended_at, results_url) = match phase {
            Phase::InProgress => ("in_progress", None, None),
            Phase::Canceling => ("canceling", None, None),
            Phase::Ended { processed, after } => {
                counts.processing = 0;
                for (_, outcome) in &self.records[..processed] {
                    match outcome {
                        Outcome::Succeeded(_) => counts.succeeded += 1,
                        Outcome::Errored(_) => counts.errored += 1,
                    }
                }
                counts.canceled = total - processed as u64;
                let url = format!("{}/v1/messages/batches/{}/results", base_url.trim_end_matches('/'), self.id);
                ("ended", Some(timestamp(self.created + after)), Some(url))
            }
        };
        MessageBatch {
            id: self.id.clone(),
            kind: "message_batch",
            processing_status: status,
            request_counts: counts,
            ended_at,
            created_at: timestamp(self.created),
            expires_at: timestamp(self.created + EXPIRES_AFTER),
            archived_at: None,
            cancel_initiated_at: self.cancel.map(|(at, _)| timestamp(at)),
            results_url,
        }
    }

    /// The results file of an ended batch (JSONL in the fixed shuffled order); `None` while
    /// it is processing.
    pub fn results(&self, now: Instant) -> Option<String> {
        let Phase::Ended { processed, .. } = self.phase(now) else { return None };
        let mut out = String::with_capacity(self.bytes + self.records.len() * 48);
        for &index in &self.order {
            let (custom_id, outcome) = &self.records[index];
            let id = serde_json::to_string(custom_id).unwrap_or_default();
            let result = match outcome {
                _ if index >= processed => r#"{"type":"canceled"}"#.to_owned(),
                Outcome::Succeeded(message) => format!(r#"{{"type":"succeeded","message":{message}}}"#),
                Outcome::Errored(error) => format!(r#"{{"type":"errored","error":{error}}}"#),
            };
            let _ = writeln!(out, "{{\"custom_id\":{id},\"result\":{result}}}");
        }
        Some(out)
    }
}

impl Outcome {
    fn len(&self) -> usize {
        match self {
            Self::Succeeded(text) | Self::Errored(text) => text.len(),
        }
    }
}

/// `MessageBatch`, fields in the order the API sends them.
#[derive(Debug, Serialize)]
pub struct MessageBatch {
    pub id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    pub processing_status: &'static str,
    request_counts: RequestCounts,
    ended_at: Option<String>,
    created_at: String,
    expires_at: String,
    archived_at: Option<String>,
    cancel_initiated_at: Option<String>,
    results_url: Option<String>,
}

/// `request_counts`.
#[derive(Debug, Default, Serialize)]
struct RequestCounts {
    processing: u64,
    succeeded: u64,
    errored: u64,
    canceled: u64,
    expired: u64,
}

/// RFC 3339 in UTC, as the API writes times.
fn timestamp(time: SystemTime) -> String {
    DateTime::from(time).fmt(Format::DateTime).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(step_ms: u64, records: usize) -> Batch {
        let records = (0..records).map(|n| (format!("r{n}"), Outcome::Succeeded("{}".into()))).collect();
        Batch::new("msgbatch_x".into(), Duration::from_millis(step_ms), records, vec![])
    }

    #[test]
    fn ends_after_its_steps_with_every_record_processed() {
        let batch = batch(100, 4);
        let start = batch.started;
        assert_eq!(batch.phase(start + Duration::from_millis(299)), Phase::InProgress);
        let ended = batch.phase(start + Duration::from_millis(300));
        assert_eq!(ended, Phase::Ended { processed: 4, after: Duration::from_millis(300) });
    }

    #[test]
    fn a_cancel_freezes_what_was_processed_then_ends_a_step_later() {
        let mut batch = batch(100, 6);
        let start = batch.started;
        assert!(batch.cancel(start + Duration::from_millis(150)));
        assert_eq!(batch.phase(start + Duration::from_millis(200)), Phase::Canceling);
        let ended = batch.phase(start + Duration::from_millis(250));
        assert_eq!(ended, Phase::Ended { processed: 3, after: Duration::from_millis(250) });
        assert!(!batch.cancel(start + Duration::from_millis(400)));
    }

    #[test]
    fn a_zero_step_ends_at_once() {
        let batch = batch(0, 2);
        assert_eq!(batch.phase(batch.started), Phase::Ended { processed: 2, after: Duration::ZERO });
    }
}

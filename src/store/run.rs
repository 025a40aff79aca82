//! What a run stores: what it was asked at the start, how it ended, and the record read back.
//!
//! There is deliberately no field for a credential: a run keeps only the *label* of where its
//! credential came from (`credential_source`, e.g. `env AWS_PROFILE=dev`), the same text the
//! sidebar shows. Secrets never reach the history.

use crate::routes::attachment::Attachment;
use crate::routes::capture::Exchange;
use crate::routes::event::{StopReason, Usage};
use crate::routes::request::Params;
use crate::routes::{Place, Target};

use serde::{Deserialize, Serialize};

use super::ids::{CompareGroupId, ConversationId, RunKey};
use super::status::{Outcome, RunStatus};

/// What a run was asked: the same in a run as it starts, as it is read back and in a run file
/// (whose fields these are, by these names).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Asked {
    pub params: Params,
    #[serde(default)]
    pub system: Option<String>,
    /// The user's turn.
    pub prompt: String,
    /// The files sent with it; their bytes only where the history keeps them
    /// (`[history] keep_attachments`).
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "crate::attach::kept")]
    pub attachments: Vec<Attachment>,
}

/// What came back: the same in a run's end, as it is read back and in a run file (whose fields
/// these are, by these names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ended {
    /// The whole answer, or for a running or interrupted run the text received so far.
    pub answer: String,
    #[serde(default)]
    pub thinking: String,
    #[serde(default)]
    pub stop_reason: Option<StopReason>,
    #[serde(default)]
    pub usage: Usage,
    #[serde(flatten)]
    pub timings: Timings,
    /// The providers' request ids, one per attempt.
    #[serde(default)]
    pub request_ids: Vec<String>,
    /// What went wrong, for failed runs, as the user saw it.
    #[serde(default)]
    pub error: Option<String>,
}

/// A run as it starts: stored at once with status `running`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    pub conversation: ConversationId,
    /// Set when the run is one column of a compare.
    pub compare_group: Option<CompareGroupId>,
    /// The turn's index in its conversation (runs of one compare may share it).
    pub position: u32,
    /// Route, model and place.
    pub target: Target,
    /// Where the credential came from, never the credential itself.
    pub credential_source: Option<String>,
    pub asked: Asked,
    /// Unix milliseconds; [`super::now_ms`] gives the current time.
    pub started_ms: i64,
}

/// Latencies routeplay measured, in milliseconds from the start of the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timings {
    #[serde(default)]
    pub credential_ms: Option<u64>,
    #[serde(default)]
    pub first_token_ms: Option<u64>,
    #[serde(default)]
    pub total_ms: Option<u64>,
}

/// How a run ended, written once by its writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnd {
    pub outcome: Outcome,
    pub ended: Ended,
    /// The credential's source if it was learned only while running; `None` keeps the start's.
    pub credential_source: Option<String>,
    /// Unix milliseconds.
    pub ended_ms: i64,
    /// The stream's events with their time since the run started, for replay; their deltas'
    /// text is read from `answer` and `thinking`.
    pub events: super::EventLog,
    /// What was sent and received, for the inspector; `None` when nothing was sent.
    pub exchange: Option<Box<Exchange>>,
}

/// A stored run read back.
///
/// The route is kept as its name rather than a [`crate::routes::RouteId`]: a history written by
/// a newer routeplay may name routes this one does not know, and must still be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub key: RunKey,
    pub conversation: ConversationId,
    pub compare_group: Option<CompareGroupId>,
    pub position: u32,
    pub route: String,
    pub model: String,
    /// The AWS region and profile, or the Vertex location and project, the run went to.
    pub place: Place,
    pub credential_source: Option<String>,
    pub asked: Asked,
    pub ended: Ended,
    pub status: RunStatus,
    pub started_ms: i64,
    /// When it ended; for an interrupted run, the last time its writer saved anything.
    pub ended_ms: Option<i64>,
}

/// One stream event and when it arrived, in ms since the run started.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimedEvent {
    pub at_ms: u64,
    pub event: crate::routes::event::StreamEvent,
}

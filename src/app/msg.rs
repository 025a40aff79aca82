//! Everything `App::update` consumes.

use super::action::Action;
use super::history::{HistoryRow, LoadedTurn};
use crate::auth::{AwsSummary, CredentialStatus};
use crate::models::DiscoveredModels;
use crate::routes::RouteId;
use crate::routes::event::RunUpdate;
use crossterm::event::{KeyEvent, MouseEvent};
use std::time::Instant;

/// Identifies one run for its whole life; late messages for a run that is no longer live
/// are recognised by it and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunId(pub u64);

/// One input to the state machine.
#[derive(Debug, Clone)]
pub enum Msg {
    // ── terminal ──
    /// A key press, resolved through the keymap (or typed into the focused editor).
    Key { key: KeyEvent, at: Instant },
    /// Bracketed paste: text to insert as is.
    Paste(String),
    /// A click or wheel turn.
    Mouse(MouseEvent),
    /// The terminal's new size.
    Resize { width: u16, height: u16 },
    /// An action that did not come from a key (tests, the CLI).
    Action { action: Action, at: Instant },
    // ── tasks ──
    /// Something happened in run `run` at `at`.
    Run { run: RunId, at: Instant, update: RunUpdate },
    /// The frame timer fired at `at` while something streams: text a run received but did
    /// not save for a second is saved now, even when its stream has gone silent.
    Tick { at: Instant },
    /// The history stored a conversation this session started (first run `conversation`)
    /// under `id`.
    ConversationRecorded { conversation: RunId, id: i64 },
    /// Credential status of every route, from the off-UI check.
    Credentials(Vec<(RouteId, CredentialStatus)>),
    /// Who the AWS credentials belong to, from the same check (`None`: no AWS credentials),
    /// as of `at`.
    AwsIdentity { summary: Option<AwsSummary>, at: Instant },
    /// The Vertex routes' credentials: kind, principal, project, location, token expiry.
    GoogleIdentity { summary: Option<crate::auth::GoogleSummary>, at: Instant },
    /// The profiles in the AWS config files, for the profile dialog.
    AwsProfiles(Vec<String>),
    /// What the history query found, or why it failed.
    HistoryRows { query: String, rows: Result<Vec<HistoryRow>, String> },
    /// A stored conversation's turns, oldest first, or why it could not be loaded.
    ConversationLoaded { turns: Result<Vec<LoadedTurn>, String>, at: Instant },
    /// Something went wrong outside any run (a history write): shown in the sidebar.
    Problem(String),
    /// How saving something the user asked for went: a notice, or an error to show.
    Saved(Result<String, String>),
    /// The state saved by the last session (`state.toml`), checked by the shell, applied at
    /// `at` as the app starts.
    StateRestored { state: Box<crate::config::state_file::SessionState>, at: Instant },
    /// The Bedrock models this region offers, or why they could not be listed.
    BedrockModels(Result<DiscoveredModels, String>),
    /// The models the Gemini API and Vertex listed, or why listing failed.
    GoogleModels(Result<DiscoveredModels, String>),
    /// The models the routes with a listing of their own listed, or why none could be.
    ListedModels(Result<DiscoveredModels, String>),
    /// A file read for the next prompt, or why it could not be (naming the file).
    Attached(Result<crate::routes::attachment::Attachment, String>),
    /// The input tokens counted for count `ask` (of the chosen target, or of compare column
    /// `column`), or why they could not be.
    TokensCounted { ask: u64, column: Option<usize>, result: Result<super::token_count::CountAnswer, String> },
    /// A prompt set read for a matrix, with each row's request, or why it could not be.
    PromptSetLoaded(Result<Box<super::matrix::LoadedSet>, String>),
    /// The input tokens of matrix `matrix`'s (prompt, target) pairs, as their routes counted
    /// them (pairs that could not be counted are missing).
    MatrixCounted { matrix: crate::store::MatrixId, counts: std::collections::HashMap<(u32, u32), u64> },
    /// A stored matrix read back to reopen, or why it could not be.
    StoredMatrixLoaded(Result<Box<super::matrix::StoredMatrix>, String>),
    /// The stored matrices, newest first, or why they could not be read.
    StoredMatrices(Result<Vec<crate::store::MatrixSummary>, String>),
    /// The provider batch jobs whose results are not fetched, as stored, or why they could not
    /// be read.
    BatchJobs(Result<Vec<crate::store::BatchJobRow>, String>),
    /// The doctor's checks of `target`.
    Doctored { target: crate::routes::Target, checks: Vec<crate::client::doctor::Check> },
}

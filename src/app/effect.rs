//! Everything `App::update` asks the runtime to do.

use super::msg::RunId;
use crate::routes::Target;
use crate::routes::request::ChatRequest;

/// A request to the async shell.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Start run `run`: resolve the credential, send, stream back `Msg::Run`s. With
    /// `demo`, Bedrock and Google routes go to the built-in emulator with demo credentials.
    StartRun { run: RunId, target: Target, request: ChatRequest, demo: bool },
    /// Check every route's credential again (off the UI task), reporting `Msg::Credentials`,
    /// who the AWS credentials are and the Bedrock models (`refresh`: not from the cache).
    CheckCredentials(CredentialCheck),
    /// Stop run `run`'s task; its partial output stays.
    CancelRun { run: RunId },
    /// Write run `run` to the history as it stands now: started, partway (the text so far), or
    /// ended. The runtime reads the run's state; writes happen off the UI task.
    SaveRun { run: RunId },
    /// Look up the history: the newest conversations for an empty `query`, else the runs
    /// matching it. Answers with `Msg::HistoryRows`.
    QueryHistory { query: String },
    /// Delete a stored conversation, then answer `query` again (`Msg::HistoryRows`).
    DeleteConversation { id: i64, query: String },
    /// Load a stored conversation to read and continue. Answers with `Msg::ConversationLoaded`.
    /// With `whole_compare`, a conversation that was one column of a compare comes with the
    /// other columns' conversations, in column order.
    LoadConversation { id: i64, whole_compare: bool },
    /// Write stored conversation `id` as Markdown, JSON and a run file into the data
    /// directory's `exports`; reports with `Msg::Saved`, naming the files.
    ExportConversation { id: i64 },
    /// Append the compare set `targets` as `[compare.sets.NAME]` to the config file.
    SaveCompareSet { name: String, targets: Vec<Target> },
    /// Set `theme = NAME` in the config file, keeping its comments; reports with `Msg::Saved`.
    SaveTheme { name: String },
    /// Play recorded runs again: each step's runs together (the columns of a compare), the
    /// steps one after another; each run's events at their recorded times divided by `speed`,
    /// as `Msg::Run` updates, then its recorded ending.
    Replay { steps: Vec<Vec<ReplayRun>>, speed: f64 },
    /// Read the file at `path` for the next prompt (its kind, size, hash, pixel size and
    /// bytes), answering with `Msg::Attached`.
    ReadAttachment { path: std::path::PathBuf },
    /// Count `request`'s input tokens on `target` with its route's counting endpoint (nothing
    /// is generated), answering with `Msg::TokensCounted { ask, column }`.
    CountTokens { ask: u64, column: Option<usize>, target: Target, request: ChatRequest, demo: bool },
    /// Run `routeplay doctor`'s checks (no probe) for `target` at `places` (off the UI task),
    /// answering with `Msg::Doctored`.
    Doctor { target: Target, places: crate::routes::Places, demo: bool },
    /// Read the prompt set at `path` and make it a matrix over `targets` from `base` (system
    /// prompt and parameters), each row's attachments read; answers with `Msg::PromptSetLoaded`.
    ReadPromptSet { path: std::path::PathBuf, base: Box<ChatRequest>, targets: Vec<Target>, demo: bool },
    /// Give a plan made in the app (the typed prompt, sampled) a fresh id and the time, and
    /// hand it back as `Msg::PromptSetLoaded`.
    StampPlan(Box<crate::app::matrix::LoadedSet>),
    /// Store a matrix as it starts (`Command::NewMatrix`).
    NewMatrix { plan: Box<crate::matrix::MatrixPlan> },
    /// Store cell `outcome` of matrix `matrix`, answered by run `run` (`Command::SaveCell`,
    /// naming the run's stored key).
    SaveCell { matrix: crate::store::MatrixId, run: RunId, outcome: Box<crate::matrix::CellOutcome> },
    /// Cells of a reopened stored matrix are stored against `plan` from now on (nothing is
    /// written now).
    TrackMatrix { plan: Box<crate::matrix::MatrixPlan> },
    /// Count the input tokens of each (prompt, target) pair of `plan` by the routes that count
    /// (a small matrix only); answers with `Msg::MatrixCounted`.
    CountMatrix { plan: Box<crate::matrix::MatrixPlan> },
    /// Read the stored matrices, newest first; answers with `Msg::StoredMatrices`.
    ListMatrices,
    /// Read stored matrix `id` with its cells and each row's request; answers with
    /// `Msg::StoredMatrixLoaded`.
    ReadStoredMatrix { id: crate::store::MatrixId },
    /// Read the provider batch jobs not fetched yet; answers with `Msg::BatchJobs`.
    ReadBatchJobs,
    /// Put text on the clipboard with OSC 52 (works over SSH).
    CopyToClipboard(String),
    /// Write each file in the current directory, named `{stem}-{unix seconds}.{suffix}` (the
    /// shell reads the clock), then report with `Msg::Saved`.
    WriteFiles { stem: String, files: Vec<(String, String)> },
    /// Turn the terminal's mouse reporting on (clicks and the wheel come to the app) or off
    /// (the terminal's own text selection works).
    SetMouseCapture(bool),
    /// Leave the app, restoring the terminal.
    Quit,
}

/// One run to replay: its recorded events and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayRun {
    pub run: RunId,
    pub events: Vec<crate::store::TimedEvent>,
    pub ending: Result<(), crate::routes::error::RunError>,
}

/// What a credential check looks at: demo mode or the real credentials, at the places chosen
/// for the next runs; `refresh` lists the models again instead of reading the day's cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialCheck {
    pub demo: bool,
    pub refresh: bool,
    pub places: crate::models::Places,
}

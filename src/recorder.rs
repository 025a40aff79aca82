//! Turns runs into history writes as they start, stream and end. It lives in the shell: it
//! reads a run's state when `update` asks for a save (`Effect::SaveRun`), or when `ask` and
//! `compare` do (`cli/live.rs`); the writes go to the store's writer thread, so neither the
//! interface nor a streamed answer ever waits on the disk.

use crate::app::msg::RunId;
use crate::app::runs::Run;
use crate::store::{Command, CompareGroupId, ConversationId, NewRun, RunEnd, RunKey, StoreWriter, now_ms};
use std::collections::{HashMap, HashSet};

/// The most text (answer and thinking together, in bytes) a partial save writes. Each save
/// rewrites the whole text, and `SQLite` holds it twice while writing: past this, a run's
/// partial saves stop at its first 8 MiB and its end stores it whole.
pub const MAX_PARTIAL_SAVE: usize = 8 * 1024 * 1024;

/// Which stored conversation, compare group and run each of the app's belongs to.
#[derive(Debug)]
pub struct Recorder {
    conversations: HashMap<RunId, ConversationId>,
    groups: HashMap<RunId, CompareGroupId>,
    runs: HashMap<RunId, RunKey>,
    /// The runs whose text has passed [`MAX_PARTIAL_SAVE`] and was saved cut there.
    cut: HashSet<RunId>,
    /// How many bytes of each response body to store (`[history] keep_response_kib`).
    keep_response: usize,
    /// Whether attached files keep their bytes (`[history] keep_attachments`).
    keep_attachment_bytes: bool,
}

impl Recorder {
    /// A recorder that stores up to `keep_response` bytes of each response body.
    #[must_use]
    pub fn new(keep_response: usize) -> Self {
        Self {
            conversations: HashMap::new(),
            groups: HashMap::new(),
            runs: HashMap::new(),
            cut: HashSet::new(),
            keep_response,
            keep_attachment_bytes: false,
        }
    }

    /// Keep attached files' bytes with their runs (`[history] keep_attachments`), not only
    /// their names, sizes and hashes.
    #[must_use]
    pub fn keeping_attachment_bytes(self, keep: bool) -> Self {
        Self { keep_attachment_bytes: keep, ..self }
    }

    /// The stored key of run `id`, once its start was written.
    #[must_use]
    pub fn run_key(&self, id: RunId) -> Option<RunKey> {
        self.runs.get(&id).copied()
    }

    /// The writes that store `state` as it stands: its start the first time, then its text so
    /// far, then its end.
    pub fn writes(&mut self, state: &Run) -> Vec<Command> {
        match self.runs.get(&state.id) {
            None => self.start(state),
            Some(&key) if state.phase.is_live() => self.partial(key, state).into_iter().collect(),
            Some(&key) => vec![Command::FinishRun { key, end: Box::new(end_of(state, self.keep_response)) }],
        }
    }

    /// The text so far, cut at [`MAX_PARTIAL_SAVE`]; nothing once the cut text was saved.
    fn partial(&mut self, key: RunKey, state: &Run) -> Option<Command> {
        if state.text.len() + state.thinking.len() <= MAX_PARTIAL_SAVE {
            return Some(Command::AppendPartial { key, answer: state.text.clone(), thinking: state.thinking.clone() });
        }
        if !self.cut.insert(state.id) {
            return None;
        }
        let answer = cut(&state.text, MAX_PARTIAL_SAVE);
        let thinking = cut(&state.thinking, MAX_PARTIAL_SAVE - answer.len());
        Some(Command::AppendPartial { key, answer: answer.to_owned(), thinking: thinking.to_owned() })
    }

    fn start(&mut self, state: &Run) -> Vec<Command> {
        let mut commands = Vec::new();
        let conversation = *self.conversations.entry(state.conversation).or_insert_with(|| {
            if let Some(stored) = state.stored_conversation {
                return ConversationId(stored);
            }
            let id = ConversationId::fresh();
            let title = state.prompt.lines().next().unwrap_or_default().chars().take(80).collect();
            commands.push(Command::NewConversation { id, title });
            id
        });
        let key = RunKey::fresh();
        self.runs.insert(state.id, key);
        let run = NewRun {
            conversation,
            compare_group: state
                .compare_group
                .map(|group| *self.groups.entry(group).or_insert_with(CompareGroupId::fresh)),
            position: state.position,
            target: state.target.clone(),
            credential_source: state.credential_source.clone(),
            asked: self.asked(state),
            started_ms: now_ms(),
        };
        commands.push(Command::StartRun { key, run: Box::new(run) });
        if !state.phase.is_live() {
            commands.push(Command::FinishRun { key, end: Box::new(end_of(state, self.keep_response)) });
        }
        commands
    }

    /// What `state` was asked, its attachments' bytes dropped unless they are to be kept.
    fn asked(&self, state: &Run) -> crate::store::Asked {
        let mut asked = state.asked();
        if !self.keep_attachment_bytes {
            asked.attachments = crate::attach::without_bytes(&asked.attachments);
        }
        asked
    }
}

/// A process's history: the recorder and the writer thread its writes go to.
pub struct Recording {
    recorder: Recorder,
    writer: StoreWriter,
}

impl Recording {
    /// Recording through `writer`, storing up to `keep_response` bytes of each response.
    #[must_use]
    pub fn new(writer: StoreWriter, keep_response: usize) -> Self {
        Self { recorder: Recorder::new(keep_response), writer }
    }

    /// Keep attached files' bytes with their runs (`[history] keep_attachments`).
    #[must_use]
    pub fn keeping_attachment_bytes(self, keep: bool) -> Self {
        Self { recorder: self.recorder.keeping_attachment_bytes(keep), ..self }
    }

    /// Queue the writes that store `state` as it stands; never waits for the disk. Returns the
    /// stored id of the conversation when this save started it.
    pub fn save(&mut self, state: &Run) -> Option<i64> {
        let mut started = None;
        for command in self.recorder.writes(state) {
            if let Command::NewConversation { id, .. } = &command {
                started = Some(id.0);
            }
            // A stopped writer already reported why, through its failure callback.
            let _ = self.writer.send(command);
        }
        started
    }

    /// The stored key of run `id`, once its start was queued.
    #[must_use]
    pub fn run_key(&self, id: RunId) -> Option<RunKey> {
        self.recorder.run_key(id)
    }

    /// Queue one more write (a matrix's cell) behind the runs' own; never waits for the disk.
    pub fn send(&self, command: Command) {
        // A stopped writer already reported why, through its failure callback.
        let _ = self.writer.send(command);
    }

    /// How many queued writes have not landed yet.
    #[must_use]
    pub fn queued(&self) -> usize {
        self.writer.queued()
    }

    /// Wait until every queued write has landed, for a clean exit.
    pub fn close(self) {
        let _ = self.writer.close();
    }
}

/// How `run` ended, in the store's terms, with up to `keep_response` bytes of its response.
fn end_of(run: &Run, keep_response: usize) -> RunEnd {
    let (outcome, ended) = run.ended();
    RunEnd {
        outcome,
        ended,
        credential_source: run.credential_source.clone(),
        ended_ms: now_ms(),
        events: run.events.clone(),
        exchange: run.exchange.request.is_some().then(|| Box::new(run.exchange.cut_to(keep_response))),
    }
}

/// The longest start of `text` of at most `bytes` bytes that ends between characters.
fn cut(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests;

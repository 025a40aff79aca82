//! The history overlay: open and close it, search as the user types, open a stored
//! conversation to read and continue it.

use super::effect::{Effect, ReplayRun};
use super::focus::Focus;
use super::history::{AfterLoad, HistoryRow, LoadedTurn};
use super::msg::RunId;
use super::runs::Phase;
use super::{App, Overlay};
use crate::routes::request::{ChatRequest, Params, Turn};
use crossterm::event::KeyEvent;
use std::time::Instant;

impl App {
    /// Open the history (listing the newest conversations) or close it.
    pub(super) fn toggle_history(&mut self) -> Vec<Effect> {
        if matches!(self.overlay, Some(Overlay::History(_))) {
            self.overlay = None;
            return Vec::new();
        }
        self.overlay = Some(Overlay::History(Box::default()));
        vec![Effect::QueryHistory { query: String::new() }]
    }

    /// A key typed into the search field: search again.
    pub(super) fn type_in_history(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(Overlay::History(view)) = &mut self.overlay else { return Vec::new() };
        if super::handle_input::is_ctrl_u(key) {
            // The line is cleared, as in a shell (the editor's own ctrl+u undoes one edit).
            view.query = ratatui_textarea::TextArea::default();
        } else {
            view.query.input(*key);
        }
        vec![Effect::QueryHistory { query: view.query_text() }]
    }

    /// Ask before deleting the chosen conversation.
    pub(super) fn ask_to_delete(&mut self) {
        if let Some(Overlay::History(view)) = &mut self.overlay {
            view.confirm_delete = view.rows.get(view.selected).map(|row| row.conversation);
        }
    }

    /// The key that answers "delete?": `y` deletes, anything else keeps it. `None` when no
    /// question is open, so the key goes on as usual.
    pub(super) fn answer_delete(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        let Some(Overlay::History(view)) = &mut self.overlay else { return None };
        let id = view.confirm_delete.take()?;
        if key.code == crossterm::event::KeyCode::Char('y') {
            view.rows.retain(|row| row.conversation != id);
            view.selected = view.selected.min(view.rows.len().saturating_sub(1));
            return Some(vec![Effect::DeleteConversation { id, query: view.query_text() }]);
        }
        Some(Vec::new())
    }

    /// Open the chosen conversation.
    pub(super) fn open_history_row(&mut self) -> Vec<Effect> {
        self.open_history_row_for(AfterLoad::Continue)
    }

    /// Open the chosen conversation for `purpose`.
    pub(super) fn open_history_row_for(&mut self, purpose: AfterLoad) -> Vec<Effect> {
        let Some(Overlay::History(view)) = &mut self.overlay else { return Vec::new() };
        self.after_load = purpose;
        match view.rows.get(view.selected) {
            Some(row) => {
                vec![Effect::LoadConversation { id: row.conversation, whole_compare: purpose.whole_compare() }]
            }
            None => Vec::new(),
        }
    }

    /// Write the chosen conversation to files (the notice names them).
    pub(super) fn export_history_row(&mut self) -> Vec<Effect> {
        let Some(Overlay::History(view)) = &self.overlay else { return Vec::new() };
        match view.rows.get(view.selected) {
            Some(row) => vec![Effect::ExportConversation { id: row.conversation }],
            None => Vec::new(),
        }
    }

    /// The rows that answer `query`. Rows of an older query (typing outran the search) are
    /// dropped, so they cannot overwrite a newer query's; a failure is shown whatever it answers.
    pub(super) fn on_history_rows(&mut self, query: &str, rows: Result<Vec<HistoryRow>, String>) {
        let Some(Overlay::History(view)) = &mut self.overlay else { return };
        if rows.is_ok() && view.query_text() != query {
            return;
        }
        match rows {
            Ok(rows) => {
                view.selected = view.selected.min(rows.len().saturating_sub(1));
                view.rows = rows;
                view.error = None;
            }
            Err(error) => view.error = Some(error),
        }
    }

    /// Replace the transcript with a stored conversation; the next prompt continues it.
    pub(super) fn on_conversation_loaded(&mut self, turns: Result<Vec<LoadedTurn>, String>) -> Vec<Effect> {
        self.title_script_step(turns.as_deref().unwrap_or_default());
        let turns = match turns {
            Ok(turns) => turns,
            Err(error) => {
                if let Some(Overlay::History(view)) = &mut self.overlay {
                    view.error = Some(error);
                }
                return Vec::new();
            }
        };
        let purpose = std::mem::take(&mut self.after_load);
        let mut effects = self.cancel_live_runs();
        let columns = by_conversation(turns);
        if columns.len() > 1 {
            effects.extend(self.open_stored_compare(columns, purpose));
            return effects;
        }
        self.conversation.clear();
        let mut replays = Vec::new();
        let now = self.now;
        let turns: Vec<LoadedTurn> = columns.into_iter().flatten().collect();
        let count = turns.len();
        let files_without_bytes =
            turns.iter().flat_map(|turn| &turn.attachments).filter(|file| file.bytes.is_none()).count();
        if purpose != AfterLoad::Compare {
            effects.extend(self.show_conversation_of(turns.last().map(|turn| &turn.target)));
        }
        for turn in turns {
            let first = self.conversation.first().copied();
            let position = u32::try_from(self.conversation.len()).unwrap_or(u32::MAX);
            let (id, replay) = self.restore(turn, first, position, now, purpose == AfterLoad::Replay);
            replays.extend(replay);
            self.conversation.push(id);
        }
        self.overlay = None;
        self.focus = Focus::Prompt;
        self.output.to_bottom();
        match purpose {
            AfterLoad::Continue | AfterLoad::MatrixRow if files_without_bytes > 0 => {
                let files = super::counted(files_without_bytes, "attached file");
                self.notify(format!(
                    "opened a stored conversation; the history kept no bytes of {files} in it, so a prompt \
                     continues it without them ([history] keep_attachments = true keeps them)"
                ));
            }
            AfterLoad::Continue | AfterLoad::MatrixRow => {
                let turns = super::counted(count, "turn");
                self.notify(format!("opened a stored conversation of {turns}: a prompt continues it"));
            }
            AfterLoad::Rerun | AfterLoad::Compare => self.take_back_last_prompt(purpose),
            AfterLoad::Replay if replays.iter().all(|replay| replay.events.is_empty()) => {
                self.complain("this conversation was stored without its stream events: nothing to replay");
            }
            AfterLoad::Replay => {
                let turns = super::counted(count, "recorded turn");
                self.notify(format!("replaying {turns} at {} (Esc stops)", self.speed_label()));
                let steps = replays.into_iter().map(|replay| vec![replay]).collect();
                effects.push(Effect::Replay { steps, speed: self.replay_speed });
            }
        }
        effects
    }

    /// The transcript in place of the compare view, on `target` (the loaded conversation's
    /// route, model and place), so the next prompt goes to the conversation and nowhere else.
    /// Credentials are checked again when the place changed.
    fn show_conversation_of(&mut self, target: Option<&crate::routes::Target>) -> Vec<Effect> {
        self.compare_shown = false;
        let Some(target) = target else { return Vec::new() };
        let places = self.targets.places();
        self.targets.choose_target(target);
        if self.targets.places() == places {
            return Vec::new();
        }
        vec![Effect::CheckCredentials(self.credential_check(false))]
    }

    /// Make a run of stored `turn`, in the conversation that starts with `first` (itself when
    /// `None`) at `position`; with `replay`, emptied to be streamed again from its events.
    pub(super) fn restore(
        &mut self,
        turn: LoadedTurn,
        first: Option<RunId>,
        position: u32,
        now: Instant,
        replay: bool,
    ) -> (RunId, Option<ReplayRun>) {
        let sent = (!turn.attachments.is_empty()).then(|| {
            let user = Turn { attachments: turn.attachments, ..Turn::user(turn.prompt.clone()) };
            ChatRequest { system: None, turns: vec![user], params: Params::default(), thoughts: false }
        });
        let id = self.runs.create(turn.target, turn.prompt);
        let Some(run) = self.runs.get_mut(id) else { return (id, None) };
        // Its files go with it when the conversation continues, where their bytes were kept.
        run.request = sent;
        run.conversation = first.unwrap_or(id);
        run.position = position;
        run.stored_conversation = Some(turn.conversation);
        run.restore(turn.ended, now);
        run.credential_source = turn.credential_source;
        run.exchange = turn.exchange.map(|exchange| *exchange).unwrap_or_default();
        let ending = turn.outcome.clone().map(|_| ());
        run.phase = match turn.outcome {
            Ok(true) => Phase::Done,
            Ok(false) => Phase::Cancelled,
            Err(mut error) => {
                // The stored line already starts with the route and model, which the error
                // prints again: keep them once.
                let prefix = format!("{} · {}: ", error.route, error.model);
                if error.message.starts_with(&prefix) {
                    error.message.drain(..prefix.len());
                }
                Phase::Failed(error)
            }
        };
        if !replay {
            return (id, None);
        }
        run.replay_from_start();
        (id, Some(ReplayRun { run: id, events: turn.events, ending }))
    }

    /// The loaded conversation's last prompt back into the editor, its earlier turns kept as
    /// context: in the transcript to re-run on a chosen target, or in every compare column.
    fn take_back_last_prompt(&mut self, purpose: AfterLoad) {
        let Some(last) = self.conversation.pop() else { return };
        if let Some(run) = self.runs.get(last) {
            let prompt = run.prompt.clone();
            self.prompt.set_text(&prompt);
        }
        if purpose == AfterLoad::Compare {
            if self.compare.columns.is_empty() {
                self.compare = super::compare::Compare::of([self.targets.target()]);
            }
            for column in &mut self.compare.columns {
                column.runs.clone_from(&self.conversation);
            }
            self.compare_shown = true;
            self.notify("the prompt is back in the editor: ctrl+s sends it to every compare column");
        } else {
            self.focus = Focus::Targets;
            self.notify("the prompt is back in the editor: choose a target here, then i and ctrl+s to re-run it");
        }
    }
}

/// Stored turns as columns, in the order they came: one for a plain conversation, one per
/// target for a compare. The playground keeps each column of a compare as a conversation of
/// its own; `routeplay compare` keeps them all in one, side by side at one position.
fn by_conversation(turns: Vec<LoadedTurn>) -> Vec<Vec<LoadedTurn>> {
    let mut columns: Vec<Vec<LoadedTurn>> = Vec::new();
    for turn in turns {
        let fits = |column: &&mut Vec<LoadedTurn>| {
            column[0].conversation == turn.conversation && column.iter().all(|other| other.position != turn.position)
        };
        match columns.iter_mut().find(fits) {
            Some(column) => column.push(turn),
            None => columns.push(vec![turn]),
        }
    }
    columns
}

//! The pure core: state and `update`. Nothing in here does I/O or knows about tokio; every
//! wish to touch the world leaves as an [`effect::Effect`].

pub use crate::keymap::action;
pub mod batch_jobs;
pub mod compare;
mod compare_family;
pub mod controls_line;
pub mod conversation;
pub mod doctor;
pub mod editor;
pub mod effect;
pub mod explain;
pub mod focus;
mod handle_action;
mod handle_attach;
mod handle_compare;
mod handle_count;
mod handle_editor;
mod handle_explain;
mod handle_history;
mod handle_input;
mod handle_inspect;
mod handle_matrix;
mod handle_run;
pub mod history;
pub mod layout;
pub mod matrix;
pub mod matrix_columns;
pub mod matrix_list;
mod matrix_prompt;
mod matrix_run;
mod model_filter;
pub mod msg;
pub mod output;
pub mod partial_save;
pub mod prompt;
pub mod quit;
mod replay;
pub mod run_facts;
pub mod runs;
mod script;
pub mod sidebar;
pub mod startup;
pub mod state;
pub mod stop_note;
mod stored_compare;
mod stored_run;
pub mod target_rows;
pub mod targets;
pub mod token_count;

use crate::keymap::Keymap;
use crate::models::Catalog;
use editor::FieldEditor;
use effect::Effect;
use focus::Focus;
use msg::{Msg, RunId};
use output::OutputState;
use prompt::PromptState;
use runs::Runs;
use sidebar::Sidebar;
use std::time::Instant;
use targets::TargetsState;

pub use startup::Startup;

/// What covers the panes, taking keys first.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The key binding list, scrolled by `scroll` lines.
    Help { scroll: u16 },
    /// A dialog editing one setting.
    Editor(Box<FieldEditor>),
    /// The stored conversations, searchable as you type.
    History(Box<history::HistoryView>),
    /// The route explainer: the chosen route's card, and its request beside another route's.
    Explain(Box<explain::ExplainView>),
    /// The inspector on run `run`: what it sent and got back; `raw` shows the stream's bytes.
    Inspector { run: msg::RunId, raw: bool, scroll: u16 },
    /// The doctor's checks of the chosen target.
    Doctor(Box<doctor::DoctorView>),
    /// The stored matrices, to reopen one.
    Matrices(Box<matrix_list::MatrixList>),
}

/// A one-line message in the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// `n` and its noun, plural unless one: "1 turn", "3 turns".
#[must_use]
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The whole state of the playground.
pub struct App {
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub prompt: PromptState,
    pub targets: TargetsState,
    pub runs: Runs,
    /// The current conversation's runs, oldest first.
    pub conversation: Vec<RunId>,
    /// The stored ids of conversations this session started, by their first run: what the state
    /// file names to reopen the open one next time.
    pub recorded_conversations: std::collections::HashMap<RunId, i64>,
    pub sidebar: Sidebar,
    pub output: OutputState,
    pub theme_names: Vec<String>,
    pub theme: String,
    pub notice: Option<Notice>,
    pub width: u16,
    pub height: u16,
    pub keymap: Keymap,
    /// Bedrock routes go to the built-in emulator with demo credentials.
    pub demo: bool,
    /// The compare set, kept while the view is hidden.
    pub compare: compare::Compare,
    /// Whether the compare view replaces the transcript.
    pub compare_shown: bool,
    /// The model catalog: families per route, prices.
    pub catalog: Catalog,
    /// Compare sets saved in the config file, by name.
    pub compare_sets: Vec<(String, Vec<crate::routes::Target>)>,
    /// What the conversation being loaded from the history is for.
    pub after_load: history::AfterLoad,
    /// The demo script being presented (`--script NAME`).
    pub script: Option<history::Script>,
    /// How many times faster than recorded replays play.
    pub replay_speed: f64,
    /// How long a run may hear nothing before it fails (`[network] idle_timeout_secs`), shown
    /// beside a stall.
    pub idle_timeout: std::time::Duration,
    /// The present, as the latest message that carried a time said: `update` reads no clock,
    /// so what it stamps (a cancelled run's end, a loaded run's times) comes from its input.
    pub now: Instant,
    /// A ctrl+c waiting for its second press, or a question before quitting.
    pub quit: quit::QuitState,
    /// Whether the app takes the mouse (clicks and the wheel), or leaves it to the terminal
    /// so its own text selection works.
    pub mouse_capture: bool,
    /// The model list's filter while it is open (`/` in the route pane), as typed.
    pub model_filter: Option<String>,
    /// The state last handed to the runtime to save, so only a change is saved again.
    pub saved_state: Option<crate::config::state_file::SessionState>,
    /// Whether the first credential statuses may still pick the route.
    pub opening_route: state::OpeningRoute,
    /// The input tokens of the next request, as counted by each target's route (`alt+t`).
    pub counts: token_count::TokenCounts,
    /// The prompt set loaded into a matrix (`alt+p`), running or not.
    pub matrix: Option<matrix::MatrixState>,
    /// Cells in flight per route and the spacing of samples (`[compare]`), set by the shell.
    pub matrix_limits: crate::matrix::schedule::Limits,
    /// The provider batch jobs whose results are not fetched yet, as last read from the
    /// history; `None` before the first read.
    pub batch_jobs: Option<Result<Vec<batch_jobs::PendingJob>, String>>,
}

impl App {
    #[must_use]
    pub fn new(startup: Startup) -> Self {
        let mut targets = TargetsState::new(&startup.catalog, startup.route, startup.model.as_deref());
        targets.show_demo_models(startup.demo);
        let targets::Places { region, profile, location, project } = startup.places;
        (targets.region, targets.profile, targets.location, targets.project) = (region, profile, location, project);
        let mut app = Self {
            focus: Focus::Prompt,
            overlay: None,
            prompt: PromptState::new(startup.system, startup.params),
            targets,
            runs: Runs::default(),
            conversation: Vec::new(),
            recorded_conversations: std::collections::HashMap::new(),
            sidebar: Sidebar { problems: startup.problems, ..Sidebar::default() },
            output: OutputState::default(),
            theme_names: startup.theme_names,
            theme: startup.theme,
            notice: None,
            width: 80,
            height: 24,
            keymap: startup.keymap,
            demo: startup.demo,
            compare_shown: startup.compare.is_some(),
            compare: startup.compare.map_or_else(compare::Compare::default, |(name, targets)| compare::Compare {
                name: Some(name),
                ..compare::Compare::of(targets)
            }),
            catalog: startup.catalog,
            compare_sets: startup.compare_sets,
            after_load: history::AfterLoad::Continue,
            script: startup.script.map(|(name, steps)| history::Script::new(name, steps)),
            replay_speed: 1.0,
            idle_timeout: crate::config::file::Network::default().idle_timeout(),
            now: startup.now,
            quit: quit::QuitState::default(),
            mouse_capture: true,
            model_filter: None,
            saved_state: None,
            opening_route: if startup.route_from_credentials {
                state::OpeningRoute::FirstWithCredential
            } else {
                state::OpeningRoute::Settled
            },
            counts: token_count::TokenCounts::default(),
            matrix: None,
            matrix_limits: matrix::default_limits(),
            batch_jobs: None,
        };
        app.saved_state = Some(app.session_state());
        app
    }

    /// Keep the open overlay's scroll within `max` (what the last frame could show), so a key
    /// up after End moves at once.
    pub fn keep_overlay_scroll_within(&mut self, max: u16) {
        match &mut self.overlay {
            Some(Overlay::Help { scroll } | Overlay::Inspector { scroll, .. }) => *scroll = (*scroll).min(max),
            Some(Overlay::Doctor(view)) => view.scroll = view.scroll.min(max),
            _ => {}
        }
    }

    /// A credential check of the current mode (demo or real) at the places chosen for the
    /// next runs, so the sidebar and the model lists show what those runs will use.
    #[must_use]
    pub fn credential_check(&self, refresh: bool) -> effect::CredentialCheck {
        effect::CredentialCheck { demo: self.demo, refresh, places: self.targets.places() }
    }

    /// Consume one message; return what the runtime must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        if let Msg::Key { at, .. }
        | Msg::Action { at, .. }
        | Msg::Run { at, .. }
        | Msg::Tick { at }
        | Msg::ConversationLoaded { at, .. }
        | Msg::StateRestored { at, .. } = &msg
        {
            self.now = self.now.max(*at);
        }
        match msg {
            Msg::Key { key, .. } => self.on_key(&key),
            Msg::Paste(text) => {
                self.on_paste(&text);
                Vec::new()
            }
            Msg::Mouse(mouse) => {
                self.on_mouse(mouse);
                Vec::new()
            }
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                Vec::new()
            }
            Msg::Action { action, .. } => self.perform(action),
            Msg::Run { run, at, update } => self.on_run_update(run, at, update),
            Msg::Tick { at } => {
                let mut effects = self.save_due_partials(at);
                effects.extend(self.send_ready_cells());
                effects
            }
            Msg::ConversationRecorded { conversation, id } => {
                self.recorded_conversations.insert(conversation, id);
                Vec::new()
            }
            Msg::StateRestored { state, .. } => self.on_state_restored(*state),
            Msg::Credentials(statuses) => {
                self.open_on_first_ready_route(&statuses);
                self.sidebar.statuses = Some(statuses);
                Vec::new()
            }
            Msg::GoogleIdentity { summary, at } => {
                self.sidebar.google = summary.map(|summary| (summary, at));
                Vec::new()
            }
            Msg::AwsIdentity { summary, at } => {
                self.sidebar.aws = summary.map(|summary| (summary, at));
                Vec::new()
            }
            Msg::HistoryRows { query, rows } => {
                self.on_history_rows(&query, rows);
                Vec::new()
            }
            Msg::ConversationLoaded { turns, .. } => self.on_conversation_loaded(turns),
            Msg::Saved(Ok(note)) => {
                self.notify(note);
                Vec::new()
            }
            Msg::Saved(Err(why)) => {
                self.complain(why);
                Vec::new()
            }
            Msg::Problem(problem) => {
                self.sidebar.problems.push(problem);
                Vec::new()
            }
            Msg::AwsProfiles(profiles) => {
                self.sidebar.aws_profiles = profiles;
                Vec::new()
            }
            Msg::BedrockModels(found) => {
                self.sidebar.aws_models = Some(self.use_discovered(found));
                Vec::new()
            }
            Msg::GoogleModels(found) => {
                self.sidebar.google_models = Some(self.use_discovered(found));
                Vec::new()
            }
            Msg::ListedModels(found) => {
                self.sidebar.listed_models = Some(self.use_discovered(found));
                Vec::new()
            }
            Msg::Attached(read) => {
                self.on_attached(read);
                Vec::new()
            }
            Msg::TokensCounted { ask, column, result } => {
                self.on_tokens_counted(ask, column, result);
                Vec::new()
            }
            msg @ (Msg::PromptSetLoaded(_)
            | Msg::StoredMatrixLoaded(_)
            | Msg::StoredMatrices(_)
            | Msg::MatrixCounted { .. }
            | Msg::BatchJobs(_)) => self.on_matrix_msg(msg),
            Msg::Doctored { target, checks } => {
                self.on_doctored(&target, checks);
                Vec::new()
            }
        }
    }

    /// List the discovered models in the route pane; the note (or failure) for the sidebar.
    fn use_discovered(&mut self, found: Result<crate::models::DiscoveredModels, String>) -> Result<String, String> {
        let models = found?;
        for (route, list) in models.lists {
            self.targets.use_discovered(route, list);
        }
        Ok(models.note)
    }

    /// The runs of the current conversation, oldest first.
    pub fn conversation_runs(&self) -> impl DoubleEndedIterator<Item = &runs::Run> {
        self.conversation.iter().filter_map(|id| self.runs.get(*id))
    }

    /// Whether any run is streaming.
    #[must_use]
    pub fn is_streaming(&self) -> bool {
        self.runs.live().next().is_some()
    }

    /// Whether something moves without input: a run streams or a matrix sends (the runtime
    /// runs a frame timer only then).
    #[must_use]
    pub fn is_moving(&self) -> bool {
        self.is_streaming() || self.matrix_running()
    }

    /// The pane layout for the current size.
    #[must_use]
    pub fn panes(&self) -> layout::Panes {
        layout::panes_for(self.width, self.height, self.prompt.editor.lines().len(), self.compare_shown)
    }

    fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), is_error: false });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), is_error: true });
    }
}

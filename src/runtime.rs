//! The async shell: the only `select!`. Terminal events, task messages, signals and (only
//! while something moves) a frame timer become `Msg`s for `App::update`; the effects it
//! returns are carried out here; after draining every pending message the screen is drawn
//! once.

use crate::app::App;
use crate::app::effect::Effect;
use crate::app::msg::{Msg, RunId};
use crate::auth::ProcessEnv;
use crate::client::Client;
use crate::client::setup::{self, Surroundings};
use crate::client::{aws_check, google_check, listing_check};
use crate::config::file::Config;
use crate::config::state_file::state_path;
use crate::config::state_writer::StateWriter;
use crate::models::discovery::DiscoveryCache;
use crate::recorder::Recording;
use crate::store::StoreWriter;
use crate::terminal::{self, TerminalGuard};
use crate::ui::theme::{Theme, Themes};
use crate::ui::transcript::TranscriptCache;
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

mod count_task;
mod doctor_task;
mod history_read;
pub mod matrix_count;
mod matrix_task;
mod run_task;
pub use run_task::{RunContext, RunOrder, spawn_run};

/// Redraw pace while an answer streams: tokens arriving faster are drawn together.
const FRAME: Duration = Duration::from_millis(33);

/// Everything the shell needs besides the app.
pub struct Shell {
    pub client: Client,
    pub config: Arc<Config>,
    /// The embedded emulator's base URL.
    pub emulator_url: Option<String>,
    /// Where the discovery cache lives.
    pub paths: crate::config::paths::Paths,
    /// The history, opened twice: one connection for the writer thread, one for reading.
    /// `None` when it could not be opened (the sidebar says why).
    pub history: Option<crate::store::Store>,
    pub history_reader: Option<Arc<std::sync::Mutex<crate::store::Store>>>,
    pub themes: Themes,
    pub no_color: bool,
    /// Google credentials, built once so their tokens are cached across runs.
    pub google_tokens: crate::auth::google::GoogleTokens,
    /// The last session's state, applied first (`state.toml`; saved back as it changes).
    pub restore: Option<Msg>,
    /// The stored matrix to open on (`--matrix ID`).
    pub open_matrix: Option<crate::store::MatrixId>,
}

/// Run the playground until the user quits or a signal arrives.
pub async fn run(mut app: App, mut shell: Shell) -> std::io::Result<()> {
    // Handlers first: a signal that arrives once the terminal is in raw mode must restore it.
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut guard = TerminalGuard::enter()?;
    app.idle_timeout = shell.config.network.idle_timeout();
    app.matrix_limits = matrix_task::limits(&shell.config.compare);
    let size = guard.terminal.size()?;
    app.update(Msg::Resize { width: size.width, height: size.height });
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let panics = tx.clone();
    crate::terminal::forward_panics(move |report| {
        let _ = panics.send(Msg::Problem(format!("internal error: {report}; this is a bug in routeplay")));
    });
    let mut recording = start_recording(&mut shell, &tx);
    let problems = tx.clone();
    let state_writer =
        StateWriter::spawn(state_path(&shell.paths.data_dir), move |why| drop(problems.send(Msg::Problem(why))));
    if let Some(restore) = shell.restore.take() {
        let _ = tx.send(restore);
    }
    let mut tasks: HashMap<RunId, AbortHandle> = HashMap::new();
    let mut cache = TranscriptCache::default();
    let mut theme = pick_theme(&shell, &app.theme);
    draw(&mut guard, &mut app, &theme, &mut cache)?;
    spawn_credential_check(&shell, tx.clone(), app.credential_check(false));
    matrix_task::read_batch_jobs(shell.history_reader.clone(), &tx);
    if let Some(id) = shell.open_matrix {
        matrix_task::read_stored_matrix(shell.history_reader.clone(), id, &tx);
    }
    let mut matrix_writes = matrix_task::MatrixWrites::default();

    let mut events = EventStream::new();
    let mut frame = tokio::time::interval(FRAME);
    frame.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = false;
    loop {
        // A sending matrix ticks too: a route paused by a 429 resumes on a tick.
        let streaming = app.is_moving();
        let ticking = dirty || streaming;
        let mut woke_by_tick = false;
        let first = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => terminal_msg(event),
                Some(Err(error)) => return Err(error),
                None => break,
            },
            // While a stream runs, its updates wait for the frame tick and are taken in
            // together: no wake-up per event.
            Some(msg) = rx.recv(), if !streaming => Some(msg),
            _ = frame.tick(), if ticking => { woke_by_tick = true; None }
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
        };
        let mut pending: Vec<Msg> = first.into_iter().collect();
        while let Ok(msg) = rx.try_recv() {
            pending.push(msg);
        }
        // Keys and other user input draw at once; stream updates wait for the frame tick.
        let immediate = pending.iter().any(|msg| !matches!(msg, Msg::Run { .. }));
        dirty |= !pending.is_empty();
        let mut quit = false;
        // The tick comes last, so the text it saves includes every update drained before it.
        let tick = woke_by_tick.then(|| Msg::Tick { at: Instant::now() });
        for msg in pending.into_iter().chain(tick) {
            for effect in app.update(msg) {
                if let Effect::SaveRun { run } = effect {
                    if let (Some(recording), Some(state)) = (recording.as_mut(), app.runs.get(run))
                        && let Some(id) = recording.save(state)
                    {
                        let _ = tx.send(Msg::ConversationRecorded { conversation: state.conversation, id });
                    }
                    continue;
                }
                if matrix_writes.write(&effect, recording.as_ref(), &tx) {
                    continue;
                }
                quit |= execute(effect, &shell, &tx, &mut tasks);
            }
        }
        if let Some(state) = app.state_to_save() {
            state_writer.save(state);
        }
        tasks.retain(|_, handle| !handle.is_finished());
        if quit {
            break;
        }
        if theme.name != app.theme {
            theme = pick_theme(&shell, &app.theme);
        }
        if immediate || woke_by_tick {
            draw(&mut guard, &mut app, &theme, &mut cache)?;
            dirty = false;
        }
    }
    for handle in tasks.values() {
        handle.abort();
    }
    drop(guard);
    state_writer.close();
    if let Some(recording) = recording {
        recording.close();
    }
    Ok(())
}

fn draw(guard: &mut TerminalGuard, app: &mut App, theme: &Theme, cache: &mut TranscriptCache) -> std::io::Result<()> {
    let now = Instant::now();
    let mut metrics = crate::ui::output::OutputMetrics::default();
    guard.terminal.draw(|frame| metrics = crate::ui::draw(frame, app, theme, cache, now))?;
    app.output.note_metrics(metrics.total_lines, metrics.height);
    app.sidebar.keep_scroll_within(metrics.sidebar_max_scroll);
    if let Some(max) = metrics.overlay_max_scroll {
        app.keep_overlay_scroll_within(max);
    }
    Ok(())
}

fn pick_theme(shell: &Shell, name: &str) -> Theme {
    let theme = shell.themes.get(name).unwrap_or_else(|| shell.themes.default_theme()).clone();
    if shell.no_color { theme.without_color() } else { theme }
}

fn terminal_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) => Some(Msg::Key { key, at: Instant::now() }),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Carry out one effect; returns whether the app asked to quit.
fn execute(
    effect: Effect,
    shell: &Shell,
    tx: &mpsc::UnboundedSender<Msg>,
    tasks: &mut HashMap<RunId, AbortHandle>,
) -> bool {
    match effect {
        Effect::StartRun { run, target, request, demo } => {
            let handle = spawn_run(&run_context(shell), tx.clone(), run, RunOrder { target, request, demo });
            tasks.insert(run, handle);
        }
        Effect::Doctor { target, places, demo } => {
            doctor_task::spawn_doctor(&run_context(shell), tx.clone(), target, places, demo);
        }
        Effect::CountTokens { ask, column, target, request, demo } => {
            count_task::spawn_count(
                &run_context(shell),
                tx.clone(),
                count_task::CountOrder { ask, column, target, request, demo },
            );
        }
        Effect::CheckCredentials(check) => spawn_credential_check(shell, tx.clone(), check),
        Effect::CancelRun { run } => {
            if let Some(handle) = tasks.remove(&run) {
                handle.abort();
            }
        }
        Effect::CopyToClipboard(text) => {
            // A terminal that ignores OSC 52 is not an error worth stopping for.
            let _ = terminal::copy_osc52(&text);
        }
        Effect::QueryHistory { query } => {
            read_history(shell, tx, move |store| Msg::HistoryRows {
                rows: crate::history_query::rows(store, &query),
                query,
            });
        }
        Effect::DeleteConversation { id, query } => {
            read_history(shell, tx, move |store| match store.delete_conversation(crate::store::ConversationId(id)) {
                Ok(_) => Msg::HistoryRows { rows: crate::history_query::rows(store, &query), query },
                Err(error) => Msg::HistoryRows { rows: Err(format!("could not delete: {error}")), query },
            });
        }
        Effect::ExportConversation { id } => {
            let dir = shell.paths.data_dir.join("exports");
            read_history(shell, tx, move |store| Msg::Saved(crate::export::write_files(store, id, &dir)));
        }
        Effect::LoadConversation { id, whole_compare } => {
            read_history(shell, tx, move |store| Msg::ConversationLoaded {
                turns: crate::history_query::turns(store, id, whole_compare),
                at: Instant::now(),
            });
        }
        Effect::SaveCompareSet { name, targets } => {
            let (config, tx) = (shell.paths.config_file(), tx.clone());
            tokio::task::spawn_blocking(move || {
                let saved = crate::config::save_set::append_compare_set(&config, &name, &targets)
                    .map(|()| format!("compare set {name} saved in {}", config.display()));
                let _ = tx.send(Msg::Saved(saved));
            });
        }
        Effect::SaveTheme { name } => {
            let (config, tx) = (shell.paths.config_file(), tx.clone());
            tokio::task::spawn_blocking(move || {
                let saved = crate::config::save_theme::save_theme(&config, &name)
                    .map(|()| format!("theme {name} saved in {}", config.display()));
                let _ = tx.send(Msg::Saved(saved));
            });
        }
        Effect::WriteFiles { stem, files } => {
            let stem = format!("{stem}-{}", crate::store::now_ms() / 1000);
            let files: Vec<_> = files
                .into_iter()
                .map(|(suffix, text)| (std::path::PathBuf::from(format!("{stem}.{suffix}")), text))
                .collect();
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let _ = tx.send(Msg::Saved(write_files(&files)));
            });
        }
        Effect::Replay { steps, speed } => {
            let ids: Vec<RunId> = steps.iter().flatten().map(|replay| replay.run).collect();
            let handle = tokio::spawn(crate::player::play(tx.clone(), steps, speed)).abort_handle();
            // Cancelling any of them stops the whole replay.
            for id in ids {
                tasks.insert(id, handle.clone());
            }
        }
        Effect::ReadAttachment { path } => {
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let _ = tx.send(Msg::Attached(crate::attach::read(&path).map_err(|error| error.to_string())));
            });
        }
        Effect::CountMatrix { plan } => matrix_count::spawn_matrix_count(&run_context(shell), tx, *plan),
        effect @ (Effect::ReadPromptSet { .. }
        | Effect::ReadBatchJobs
        | Effect::StampPlan(_)
        | Effect::ListMatrices
        | Effect::ReadStoredMatrix { .. }) => matrix_task::read(effect, shell.history_reader.clone(), tx),
        Effect::SetMouseCapture(on) => terminal::set_mouse_capture(on),
        Effect::Quit => return true,
        // Written through the recording before `execute` is reached.
        Effect::SaveRun { .. } | Effect::NewMatrix { .. } | Effect::TrackMatrix { .. } | Effect::SaveCell { .. } => {}
    }
    false
}

/// Write every file, stopping at the first that fails; names them all when it worked.
fn write_files(files: &[(std::path::PathBuf, String)]) -> Result<String, String> {
    for (path, text) in files {
        crate::files::write_private(path, text.as_bytes())
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    let names: Vec<String> = files.iter().map(|(path, _)| path.display().to_string()).collect();
    Ok(format!("wrote {}", names.join(", ")))
}

/// What a run's task takes from the shell.
fn run_context(shell: &Shell) -> RunContext {
    RunContext {
        client: shell.client.clone(),
        config: Arc::clone(&shell.config),
        emulator_url: shell.emulator_url.clone(),
        google_tokens: shell.google_tokens.clone(),
    }
}

/// Ask the history something for its overlay; without a history, the overlay says why.
fn read_history(
    shell: &Shell,
    tx: &mpsc::UnboundedSender<Msg>,
    ask: impl FnOnce(&crate::store::Store) -> Msg + Send + 'static,
) {
    let failed = |why| Msg::HistoryRows { query: String::new(), rows: Err(why) };
    history_read::ask_history(shell.history_reader.clone(), tx, failed, ask);
}

/// Hand the opened history to its writer thread; a write that fails later is reported in the
/// sidebar, and the app goes on.
fn start_recording(shell: &mut Shell, tx: &mpsc::UnboundedSender<Msg>) -> Option<Recording> {
    let store = shell.history.take()?;
    let failures = tx.clone();
    let on_failure = move |failure: crate::store::WriteFailure| {
        let _ = failures.send(Msg::Problem(format!("history: {failure}")));
    };
    match StoreWriter::spawn(store, on_failure) {
        Ok(writer) => Some(
            Recording::new(writer, shell.config.history.kept_response_bytes())
                .keeping_attachment_bytes(shell.config.history.keep_attachments),
        ),
        Err(error) => {
            let _ = tx.send(Msg::Problem(format!("history: {error}; running without history")));
            None
        }
    }
}

/// Check every route's credential off the UI task; the sidebar fills in when it reports.
fn spawn_credential_check(shell: &Shell, tx: mpsc::UnboundedSender<Msg>, check: crate::app::effect::CredentialCheck) {
    let crate::app::effect::CredentialCheck { demo, refresh, places } = check;
    let config = Arc::clone(&shell.config);
    let emulator_url = shell.emulator_url.clone();
    let client = shell.client.clone();
    let google_tokens = shell.google_tokens.clone();
    let cache = DiscoveryCache::new(&shell.paths);
    tokio::spawn(async move {
        let around = Surroundings {
            config: &config,
            env: &ProcessEnv,
            emulator_url: emulator_url.as_deref(),
            demo,
            google_tokens: &google_tokens,
            places: &places,
        };
        let statuses = setup::statuses(&around).await;
        let _ = tx.send(Msg::Credentials(statuses));
        let _ = tx.send(Msg::AwsProfiles(crate::auth::aws::credentials::profiles().await));
        let (found, google, listed) = tokio::join!(
            aws_check::check(&around, client.http(), &cache, refresh),
            google_check::check(&around, client.http()),
            listing_check::check(&around, client.http())
        );
        if let Some(models) = listed {
            let _ = tx.send(Msg::ListedModels(models));
        }
        let _ = tx.send(Msg::GoogleIdentity { summary: google.summary, at: Instant::now() });
        if let Some(models) = google.models {
            let _ = tx.send(Msg::GoogleModels(models));
        }
        let _ = tx.send(Msg::AwsIdentity { summary: found.summary, at: Instant::now() });
        if let Some(models) = found.models {
            let _ = tx.send(Msg::BedrockModels(models));
        }
    });
}

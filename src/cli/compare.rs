//! `routeplay compare`: one prompt sent to 2 to 8 targets at once, each on its own tokio task
//! with one shared HTTP client and one shared Google token cache. Progress goes to standard
//! error while they run; the figures and answers go to standard output at the end; every run
//! is kept in the history as one compare group.

mod progress;
mod record;
mod report;
pub(super) mod spec;

use super::CompareArgs;
use super::output::{out, outln};
use crate::app::msg::RunId;
use crate::app::runs::{Phase, Run};
use crate::auth::ProcessEnv;
use crate::auth::google::GoogleTokens;
use crate::client::setup::{self, Surroundings};
use crate::client::{self, Client};
use crate::config::file::Config;
use crate::config::paths::Paths;
use crate::emulator::{self, EmulatorOptions};
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::event::RunUpdate;
use crate::routes::request::ChatRequest;
use crate::routes::{RouteId, Target};
use report::Entry;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

pub async fn run(args: CompareArgs) -> i32 {
    super::exit_code(compare(args).await)
}

/// What every task shares.
struct Shared {
    client: Client,
    config: Config,
    emulator_url: Option<String>,
    demo: bool,
    google_tokens: GoogleTokens,
    request: ChatRequest,
}

async fn compare(args: CompareArgs) -> Result<i32, String> {
    let config = super::load_config(&Paths::discover());
    let set = match &args.set {
        Some(name) => Some(config.compare.sets.get(name).ok_or_else(|| unknown_set(name, &config))?),
        None => None,
    };
    let specs = set.iter().flat_map(|set| set.targets.iter()).chain(&args.targets);
    let targets: Vec<Target> = spec::parse_all(specs.map(String::as_str))?
        .into_iter()
        .map(|target| Target {
            profile: args.profile.clone().filter(|_| target.route.is_aws()),
            project: args.project.clone().filter(|_| target.route.is_vertex()),
            ..target
        })
        .collect();
    let prompt = super::input::read_prompt(args.prompt.as_deref())?;
    let request = super::input::build_request(&args.request, set, &config, prompt);
    let demo = args.demo && targets.iter().any(|t| t.route.is_aws() || t.route.is_google());
    let emulator = if demo || targets.iter().any(|t| t.route == RouteId::Emulator) {
        let options = EmulatorOptions {
            tokens_per_second: args.tokens_per_second.unwrap_or(0.0),
            answer_tokens: config.emulator.answer_tokens,
            ..EmulatorOptions::default()
        };
        Some(emulator::start(options).await.map_err(|e| format!("cannot start the built-in emulator: {e}"))?)
    } else {
        None
    };
    let history = record::open();
    let keep_response = config.history.kept_response_bytes();
    let client = if targets.iter().all(|t| super::input::plain_http_only(t.route, &config, demo)) {
        Client::plain_http(&config.network)
    } else {
        Client::new(&config.network)
    };
    let emulator_url = emulator.as_ref().map(emulator::EmulatorHandle::base_url);
    let shared =
        Arc::new(Shared { client, config, emulator_url, demo, google_tokens: GoogleTokens::default(), request });
    let entries = run_all(&shared, targets).await;
    if let Some(emulator) = emulator
        && let Err(error) = emulator.shutdown().await
    {
        eprintln!("routeplay: warning: the built-in emulator did not stop cleanly: {error}");
    }
    if args.json {
        for entry in &entries {
            outln!("{}", report::json_record(entry));
        }
    } else {
        out!("{}", report::markdown(&entries));
    }
    record::keep(&entries, history.await, keep_response);
    Ok(exit_code(&entries))
}

/// Run every target on its own task and wait for all of them, showing progress meanwhile.
async fn run_all(shared: &Arc<Shared>, targets: Vec<Target>) -> Vec<Entry> {
    let labels: Vec<String> = targets.iter().map(Target::spec).collect();
    let (board, changes, receiver) = progress::Board::new(labels.clone());
    let shown = tokio::spawn(progress::show(Arc::clone(&board), receiver, std::io::stderr().is_terminal()));
    let tasks: Vec<_> = targets
        .iter()
        .enumerate()
        .map(|(index, target)| {
            let tracker = progress::Tracker::new(Arc::clone(&board), index, changes.clone());
            tokio::spawn(one(Arc::clone(shared), RunId(index as u64 + 1), target.clone(), tracker))
        })
        .collect();
    // The tasks hold the only senders now, so the progress ends when the last task does.
    drop(changes);
    let catalog = crate::models::Catalog::with_user_file(&Paths::discover().models_file()).0;
    let mut entries = Vec::with_capacity(tasks.len());
    for ((task, target), label) in tasks.into_iter().zip(targets).zip(labels) {
        let run = task.await.unwrap_or_else(|error| panicked(target, &shared.request, &error));
        let cost = crate::models::cost::estimate(&catalog, &run.target, &run.usage);
        entries.push(Entry { label, run, cost });
    }
    let _ = shown.await;
    entries
}

/// The whole life of one target's run. Per token this folds the delta into the run and
/// stores one atomic; nothing is printed until the end.
async fn one(shared: Arc<Shared>, id: RunId, target: Target, mut tracker: progress::Tracker) -> Run {
    let prompt = shared.request.turns.last().map(|turn| turn.text.clone()).unwrap_or_default();
    let mut run = Run::new(id, target.clone(), prompt);
    run.params = shared.request.params.clone();
    run.system.clone_from(&shared.request.system);
    let around = Surroundings {
        config: &shared.config,
        env: &ProcessEnv,
        emulator_url: shared.emulator_url.as_deref(),
        demo: shared.demo,
        google_tokens: &shared.google_tokens,
    };
    let mut report = |update: RunUpdate| {
        run.apply(Instant::now(), update);
        tracker.observe(&run);
    };
    let resolve = setup::resolve(&target, &around);
    let result = client::resolve_and_run(&shared.client, &target, &shared.request, resolve, &mut report).await;
    report(RunUpdate::Finished(result));
    run
}

/// A run whose task panicked: failed, with the panic as its error.
fn panicked(target: Target, request: &ChatRequest, error: &tokio::task::JoinError) -> Run {
    let error =
        RunError::new(ErrorKind::Connection, target.route.name(), &target.model, format!("task failed: {error}"));
    let mut run = Run::new(RunId(0), target, request.turns.last().map(|t| t.text.clone()).unwrap_or_default());
    run.phase = Phase::Failed(error);
    run
}

/// 0 when every target answered; else 1, with each failure named on standard error.
fn exit_code(entries: &[Entry]) -> i32 {
    let failed: Vec<&Entry> = entries.iter().filter(|entry| entry.run.phase != Phase::Done).collect();
    if failed.is_empty() {
        return 0;
    }
    for entry in &failed {
        let why = match &entry.run.phase {
            Phase::Failed(error) => error.to_string(),
            other => format!("the run ended {}", other.label()),
        };
        eprintln!("routeplay: {} failed: {why}", entry.label);
    }
    eprintln!("routeplay: {} of {} targets failed", failed.len(), entries.len());
    1
}

fn unknown_set(name: &str, config: &Config) -> String {
    let known: Vec<&str> = config.compare.sets.keys().map(String::as_str).collect();
    if known.is_empty() {
        format!("no compare set {name:?}: config.toml has no [compare.sets.NAME] sections")
    } else {
        format!("no compare set {name:?} in config.toml; known sets: {}", known.join(", "))
    }
}

//! `routeplay compare`: one prompt sent to 2 to 8 targets at once, each on its own tokio task
//! with one shared HTTP client and one shared Google token cache. Progress goes to standard
//! error while they run; the figures and answers go to standard output at the end; every run
//! is kept in the history as one compare group.

mod progress;
mod report;
pub(super) mod spec;

use super::CompareArgs;
use super::live::Live;
use super::output::{out, outln};
use crate::app::msg::RunId;
use crate::app::runs::{Phase, Run};
use crate::auth::google::GoogleTokens;
use crate::client::Client;
use crate::client::setup::demo_on_emulator;
use crate::config::file::Config;
use crate::config::paths::Paths;
use crate::emulator;
use crate::routes::request::ChatRequest;
use crate::routes::{Place, Target};
use crate::runtime::{RunContext, RunOrder};
use report::Entry;
use std::io::IsTerminal;
use std::sync::Arc;

/// `place` with `--profile` (on AWS) or `--project` (on Vertex) when given.
pub(super) fn with_profile_and_project(place: Place, args: &CompareArgs) -> Place {
    match place {
        Place::Aws { region, profile } => Place::Aws { region, profile: args.profile.clone().or(profile) },
        Place::Vertex { location, project } => Place::Vertex { location, project: args.project.clone().or(project) },
        Place::None => Place::None,
    }
}

pub async fn run(args: CompareArgs) -> i32 {
    super::exit_code(compare(args).await)
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
        .map(|target| Target { place: with_profile_and_project(target.place, &args), ..target })
        .collect();
    let prompt = super::input::read_prompt(args.prompt.as_deref())?;
    let request = super::input::build_request(&args.request, set, &config, prompt)?;
    super::input::preflight(&targets, &request)?;
    let demo = args.demo && targets.iter().any(|t| demo_on_emulator(t.route.spec()));
    let mut live = Live::new(&config.history)?;
    let emulator = super::builtin_emulator::start_if_needed(&targets, demo, args.tokens_per_second, &config).await?;
    let client = if targets.iter().all(|t| super::input::plain_http_only(t.route, &config, demo)) {
        Client::plain_http(&config.network)
    } else {
        Client::new(&config.network)
    };
    let context = RunContext {
        client,
        config: Arc::new(config),
        emulator_url: emulator.as_ref().map(emulator::EmulatorHandle::base_url),
        google_tokens: GoogleTokens::default(),
    };
    let signal = run_all(&mut live, &context, targets, &request, demo).await;
    let entries = entries(live.runs());
    if args.json {
        for entry in &entries {
            outln!("{}", report::json_record(entry));
        }
    } else {
        out!("{}", report::markdown(&entries));
    }
    // The output is out; the process ends once the history has it all.
    live.close().await;
    super::builtin_emulator::stop(emulator).await;
    if let Some(code) = signal {
        eprintln!("routeplay: cancelled by a signal; every answer so far is kept in the history");
        return Ok(code);
    }
    note_cut_answers(&entries);
    Ok(exit_code(&entries))
}

/// A note on standard error for each answer a limit cut short or that came back empty; they
/// count as answered (a partial answer is still an answer).
fn note_cut_answers(entries: &[Entry]) {
    for entry in entries {
        let note = crate::app::stop_note::no_text(&entry.run)
            .or_else(|| crate::app::stop_note::cut_short(&entry.run).map(|limit| limit.note("--max-tokens")));
        if let Some(note) = note {
            eprintln!("routeplay: note: {}: {note}", entry.label);
        }
    }
}

/// Start every target's run, all in one compare group, and stream them until each has ended
/// (each is stored as it ends), showing progress meanwhile. Returns the exit code of a
/// signal that cut it short.
async fn run_all(
    live: &mut Live,
    context: &RunContext,
    targets: Vec<Target>,
    request: &ChatRequest,
    demo: bool,
) -> Option<i32> {
    let labels: Vec<String> = targets.iter().map(Target::spec).collect();
    let (board, changes, receiver) = progress::Board::new(labels);
    let shown = tokio::spawn(progress::show(Arc::clone(&board), receiver, std::io::stderr().is_terminal()));
    let mut trackers: Vec<progress::Tracker> =
        (0..targets.len()).map(|index| progress::Tracker::new(Arc::clone(&board), index, changes.clone())).collect();
    // The trackers hold the only senders now, so the progress ends when they are dropped.
    drop(changes);
    let prompt = request.turns.last().map(|turn| turn.text.clone()).unwrap_or_default();
    for target in targets {
        let mut run = Run::new(RunId(1), target.clone(), prompt.clone());
        // Every column is a run of the first column's conversation, at its first turn.
        (run.conversation, run.compare_group, run.position) = (RunId(1), Some(RunId(1)), 0);
        run.params = request.params.clone();
        run.system.clone_from(&request.system);
        run.request = Some(request.clone());
        live.start(context, run, RunOrder { target, request: request.clone(), demo });
    }
    let signal = live.drive(|index, run, _| trackers[index].observe(run), || {}).await;
    for (tracker, run) in trackers.iter_mut().zip(live.runs()) {
        tracker.observe(run);
    }
    drop(trackers);
    let _ = shown.await;
    signal
}

/// Each run as reported, with its estimated cost and what its route dropped, mapped or left
/// unconfirmed of the parameters, controls and files it was sent with.
fn entries(runs: &[Run]) -> Vec<Entry> {
    let catalog = crate::models::Catalog::with_user_file(&Paths::discover().models_file()).0;
    runs.iter()
        .map(|run| {
            let kinds = crate::app::run_facts::attachment_kinds(run);
            Entry {
                label: run.target.spec(),
                cost: crate::models::cost::estimate_served(
                    &catalog,
                    &run.target,
                    &run.usage,
                    run.served.service_tier.as_deref(),
                ),
                parity: crate::models::parity::parity_warnings_with(&catalog, &run.target, &run.params, &kinds),
                run: run.clone(),
            }
        })
        .collect()
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
        eprintln!("routeplay: {} failed: {}", entry.label, super::terminal_text::for_stderr(&why));
    }
    eprintln!("routeplay: {} of {} failed", failed.len(), crate::app::counted(entries.len(), "target"));
    1
}

pub(super) fn unknown_set(name: &str, config: &Config) -> String {
    let known: Vec<&str> = config.compare.sets.keys().map(String::as_str).collect();
    if known.is_empty() {
        format!("no compare set {name:?}: config.toml has no [compare.sets.NAME] sections")
    } else {
        format!("no compare set {name:?} in config.toml; known sets: {}", known.join(", "))
    }
}

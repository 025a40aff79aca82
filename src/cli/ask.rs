//! `routeplay ask`: one prompt, the answer streamed to standard output (or one JSON record
//! with `--json`). Only the chosen route is touched: no other credential chain, no emulator
//! unless the route is `emulator`.

use super::AskArgs;
use super::input::{build_request, plain_http_only, read_prompt};
use crate::app::msg::RunId;
use crate::app::runs::{Phase, Run};
use crate::auth::ProcessEnv;
use crate::auth::google::GoogleTokens;
use crate::client::setup::{self, Surroundings};
use crate::client::{self, Client};
use crate::config::paths::Paths;
use crate::emulator::{self, EmulatorOptions};
use crate::recorder::Recorder;
use crate::routes::event::{RunUpdate, StreamEvent};
use crate::routes::{RouteId, Target};
use crate::store::Store;
use std::io::Write;
use std::time::Instant;

pub async fn run(args: AskArgs) -> i32 {
    super::exit_code(ask(args).await)
}

async fn ask(args: AskArgs) -> Result<i32, String> {
    let paths = Paths::discover();
    let config = super::load_config(&paths);
    let route_name = args.route.clone().or_else(|| config.defaults.route.clone()).unwrap_or_else(|| "emulator".into());
    let route: RouteId = route_name.parse()?;
    let model = args
        .model
        .clone()
        .or_else(|| default_model(&config, route))
        .ok_or_else(|| format!("{route}: no model given; pass --model (see `routeplay routes`)"))?;
    let request = build_request(&args.request, None, &config, read_prompt(args.prompt.as_deref())?);
    let places = &args.places;
    // On Vertex routes the location rides in the target's region slot; `--region` is taken as
    // the location there too, since that is what users type.
    let region = if route.is_vertex() {
        places.location.clone().or_else(|| places.region.clone())
    } else {
        places.region.clone()
    };
    let target = Target {
        region,
        profile: places.profile.clone(),
        project: places.project.clone(),
        ..Target::new(route, model)
    };
    let demo = args.demo && (route.is_aws() || route.is_google());
    let emulator = if route == RouteId::Emulator || demo {
        let options = EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() };
        Some(emulator::start(options).await.map_err(|e| format!("cannot start the built-in emulator: {e}"))?)
    } else {
        None
    };
    let emulator_url = emulator.as_ref().map(emulator::EmulatorHandle::base_url);
    let client = if plain_http_only(route, &config, demo) {
        Client::plain_http(&config.network)
    } else {
        Client::new(&config.network)
    };
    // Opened while the request runs, so keeping the run costs the answer nothing.
    let history = tokio::task::spawn_blocking(|| {
        let store = Store::open(Store::file(&Paths::discover()))?;
        store.skip_checkpoint_on_close()?;
        Ok::<_, crate::store::StoreError>(store)
    });
    let mut run = Run::new(RunId(1), target.clone(), request.turns.last().map(|t| t.text.clone()).unwrap_or_default());
    let stream_text = !args.json;
    let mut stdout = std::io::stdout();
    let mut report = |update: RunUpdate| {
        if let (true, RunUpdate::Event(StreamEvent::TextDelta(text))) = (stream_text, &update) {
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
        run.apply(Instant::now(), update);
    };
    let google_tokens = GoogleTokens::default();
    let around = Surroundings {
        config: &config,
        env: &ProcessEnv,
        emulator_url: emulator_url.as_deref(),
        demo,
        google_tokens: &google_tokens,
    };
    let result =
        client::resolve_and_run(&client, &target, &request, setup::resolve(&target, &around), &mut report).await;
    report(RunUpdate::Finished(result));
    run.params = request.params.clone();
    run.system.clone_from(&request.system);
    if let Some(emulator) = emulator
        && let Err(error) = emulator.shutdown().await
    {
        eprintln!("routeplay: warning: the built-in emulator did not stop cleanly: {error}");
    }
    let outcome = finish(&run, args.json);
    let store = match history.await {
        Ok(opened) => opened.map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    record(&run, store, config.history.kept_response_bytes());
    outcome
}

/// Keep the run in the history, once its answer was printed so the answer never waits for
/// it. The store was opened while the request ran; a history that could not be opened is
/// reported and the answer stands.
fn record(run: &Run, store: Result<Store, String>, keep_response: usize) {
    let store = match store {
        Ok(store) => store,
        Err(error) => {
            eprintln!("routeplay: warning: history: {error}; this run was not kept");
            return;
        }
    };
    for command in Recorder::new(keep_response).writes(run) {
        if let Err(error) = store.apply(&command) {
            eprintln!("routeplay: warning: history: could not {}: {error}", command.describe());
        }
    }
}

/// Print the ending: a newline after streamed text, or the JSON record; the error on stderr.
/// A reader that went away (`| head`) is no reason to fail: the run is still kept.
fn finish(run: &Run, json: bool) -> Result<i32, String> {
    let mut stdout = std::io::stdout();
    if json {
        let _ = writeln!(stdout, "{}", super::record::run_json(run));
    } else if !run.text.is_empty() && !run.text.ends_with('\n') {
        let _ = writeln!(stdout);
    }
    match &run.phase {
        Phase::Done => Ok(0),
        Phase::Failed(error) => Err(error.to_string()),
        other => Err(format!("{} · {}: the run ended {}", run.target.route, run.target.model, other.label())),
    }
}

fn default_model(config: &crate::config::file::Config, route: RouteId) -> Option<String> {
    let configured = config.defaults.model.clone().filter(|_| config.defaults.route.as_deref() == Some(route.name()));
    configured.or_else(|| crate::models::Catalog::builtin().models(route).first().map(|m| m.id.clone()))
}

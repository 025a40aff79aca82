//! `routeplay ask`: one prompt, the answer streamed to standard output (or one JSON record
//! with `--json`). Only the chosen route is touched: no other credential chain, no emulator
//! unless the route is `emulator`. The run is kept in the history from its start (see
//! [`super::live`]); on a terminal, control characters in the answer are escaped.
//!
//! Standard error gets one line per retry (`routeplay: retry 1 in 0.4 s: HTTP 503 …`) as it
//! happens, and a note when the answer was cut short by a limit (`routeplay: note: the answer
//! stopped at max_tokens (1024); raise --max-tokens`) or came back empty (`routeplay: note: no
//! text: …`), and one line with the controls sent and what the service said it served
//! (`routeplay: controls: think 2048 · top_k 40; served: tier flex; tokens: cache read 1200 ·
//! cache write 0; guardrail: INTERVENED: …`) when there is any, then a line for each control
//! the route dropped, mapped or left unconfirmed (`routeplay: parity: bedrock-converse: top_k
//! not sent: …`). A cut answer is a valid partial answer: the exit status is still 0. Errors exit
//! 1, a signal 128 + its number.

use super::AskArgs;
use super::input::{build_request, plain_http_only, preflight, read_prompt};
use super::live::Live;
use super::terminal_text::{for_stderr, for_stdout};
use crate::app::msg::RunId;
use crate::app::run_facts;
use crate::app::runs::{Phase, Run};
use crate::app::stop_note;
use crate::auth::google::GoogleTokens;
use crate::client::Client;
use crate::client::setup::demo_on_emulator;
use crate::config::paths::Paths;
use crate::emulator::{self, EmulatorOptions};
use crate::routes::{RouteId, Target};
use crate::runtime::{RunContext, RunOrder};
use std::io::Write;
use std::sync::Arc;

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
    let request = build_request(&args.request, None, &config, read_prompt(args.prompt.as_deref())?)?;
    let target = Target { place: args.places.place(route.spec().place_kind()), ..Target::new(route, model) };
    preflight(std::slice::from_ref(&target), &request)?;
    let demo = args.demo && demo_on_emulator(route.spec());
    let emulator = if route == RouteId::Emulator || demo {
        let options = EmulatorOptions {
            tokens_per_second: 0.0,
            blocked_words: config.emulator.blocked_words.clone(),
            ..EmulatorOptions::default()
        };
        Some(emulator::start(options).await.map_err(|e| format!("cannot start the built-in emulator: {e}"))?)
    } else {
        None
    };
    let client = if plain_http_only(route, &config, demo) {
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
    if args.count_only {
        let outcome = super::count::count_only(&context, &target, &request, demo).await;
        stop_emulator(emulator).await;
        return outcome;
    }
    let mut live = Live::new(&context.config.history)?;
    let mut run = Run::new(RunId(1), target.clone(), request.turns.last().map(|t| t.text.clone()).unwrap_or_default());
    run.params = request.params.clone();
    run.system.clone_from(&request.system);
    run.request = Some(request.clone());
    live.start(&context, run, RunOrder { target, request, demo });
    let stream_text = !args.json;
    // The text of every update pending at a wake-up goes out in one write: a fast stream's
    // deltas cost one system call per network read, not one each.
    let pending = std::cell::RefCell::new(String::new());
    let mut retries_told = 0;
    let signal = live
        .drive(
            |_, run, text| {
                if stream_text && !text.is_empty() {
                    pending.borrow_mut().push_str(&for_stdout(text));
                }
                for retry in run.retries.iter().skip(retries_told) {
                    eprintln!("routeplay: {}", for_stderr(retry));
                }
                retries_told = run.retries.len();
            },
            || write_out(&mut pending.borrow_mut()),
        )
        .await;
    let outcome = finish(&live.runs()[0], args.json, signal);
    // The answer is out; the process ends once the history has it all.
    live.close().await;
    stop_emulator(emulator).await;
    outcome
}

/// Write `pending` to standard output and empty it; a reader that went away is ignored here
/// (the run is still kept, and [`finish`] says nothing of it either).
fn write_out(pending: &mut String) {
    if !pending.is_empty() {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(pending.as_bytes());
        let _ = stdout.flush();
        pending.clear();
    }
}

async fn stop_emulator(emulator: Option<emulator::EmulatorHandle>) {
    if let Some(emulator) = emulator
        && let Err(error) = emulator.shutdown().await
    {
        eprintln!("routeplay: warning: the built-in emulator did not stop cleanly: {error}");
    }
}

/// Print the ending: a newline after streamed text, or the JSON record; the error, or a note
/// on an answer cut short or empty, on stderr.
/// A reader that went away (`| head`) is no reason to fail: the run is still kept. A run a
/// signal cancelled ends with that signal's exit code.
fn finish(run: &Run, json: bool, signal: Option<i32>) -> Result<i32, String> {
    let mut stdout = std::io::stdout();
    if json {
        let _ = writeln!(stdout, "{}", super::record::run_json(run));
    } else if !run.text.is_empty() && !run.text.ends_with('\n') {
        let _ = writeln!(stdout);
    }
    if let Some(code) = signal {
        eprintln!("routeplay: cancelled by a signal; the partial answer is kept in the history");
        return Ok(code);
    }
    if let Some(facts) = facts_line(run) {
        eprintln!("routeplay: {}", for_stderr(&facts));
    }
    let kinds = run_facts::attachment_kinds(run);
    for line in
        crate::models::parity::parity_warnings_with(crate::models::Catalog::shared(), &run.target, &run.params, &kinds)
    {
        eprintln!("routeplay: parity: {}", for_stderr(&line));
    }
    match &run.phase {
        Phase::Done => {
            if let Some(why) = stop_note::no_text(run) {
                eprintln!("routeplay: note: {why}");
            } else if let Some(limit) = stop_note::cut_short(run) {
                eprintln!("routeplay: note: {}", limit.note("--max-tokens"));
            }
            Ok(0)
        }
        Phase::Failed(error) => Err(error.to_string()),
        other => Err(format!("{} · {}: the run ended {}", run.target.route, run.target.model, other.label())),
    }
}

/// The controls sent, what was served, the guardrail's verdict and the cache and thinking
/// tokens, one line (`controls: think 2048 · top_k 40; served: tier flex; tokens: cache read
/// 1200 · cache write 0`); `None` when the run asked for no control, attached no file and no
/// guardrail reported (a plain run's echoed `tier standard` is no news on every answer).
fn facts_line(run: &Run) -> Option<String> {
    let asked = run_facts::controls_sent(run).is_some() || run_facts::attachments(run).is_some();
    if !asked && run.guardrail.is_none() {
        return None;
    }
    let rows = run_facts::rows(run);
    let facts: Vec<String> = rows.into_iter().map(|(name, value)| format!("{name}: {value}")).collect();
    (!facts.is_empty()).then(|| facts.join("; "))
}

fn default_model(config: &crate::config::file::Config, route: RouteId) -> Option<String> {
    let configured = config.defaults.model.clone().filter(|_| config.defaults.route.as_deref() == Some(route.name()));
    configured.or_else(|| crate::models::Catalog::shared().models(route).first().map(|m| m.id.clone()))
}

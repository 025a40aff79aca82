//! `routeplay doctor`: for each route (or `--route`), can this model be called from here, and
//! if not, why not ([`crate::client::doctor`] runs the checks). A report per route with ✓/✗
//! lines and their fixes, or `--json`; `--probe` adds one live request of one token, its cost
//! shown before it goes. Exit status: 0 when every checked route is ready, 1 when one is not, 2
//! for bad usage. With `--demo` every route demo mode sends to the built-in emulator is checked
//! there, offline; the Anthropic route, which `--demo` does not move, is skipped unless named.

use super::DoctorArgs;
use super::doctor_output::{self as output, Row};
use crate::auth::ProcessEnv;
use crate::auth::google::GoogleTokens;
use crate::client::Client;
use crate::client::doctor::{self, Check, probe};
use crate::client::setup::{self, Surroundings};
use crate::config::paths::Paths;
use crate::emulator::{self, EmulatorOptions};
use crate::routes::RouteId;

/// Why `--demo` skips a route it does not send to the emulator.
const NOT_IN_DEMO: &str =
    "--demo does not move this route to the emulator: check it without --demo, or name it with --route";

pub async fn run(args: DoctorArgs) -> i32 {
    let routes = match chosen_routes(&args) {
        Ok(routes) => routes,
        Err(message) => {
            eprintln!("routeplay: {message}");
            return 2;
        }
    };
    let config = super::load_config(&Paths::discover());
    let needs_emulator = args.demo || routes.contains(&RouteId::Emulator);
    let emulator = if needs_emulator {
        let options = EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() };
        match emulator::start(options).await {
            Ok(handle) => Some(handle),
            Err(error) => {
                eprintln!("routeplay: cannot start the built-in emulator: {error}");
                return 1;
            }
        }
    } else {
        None
    };
    let emulator_url = emulator.as_ref().map(emulator::EmulatorHandle::base_url);
    let client = Client::new(&config.network);
    let mut places = args.places.places();
    // One Vertex route named: `--region` names its location too, as for `ask`.
    if let [route] = routes.as_slice()
        && route.is_vertex()
    {
        places.location = args.places.place(route.spec().place_kind()).location().map(str::to_owned);
    }
    let google_tokens = GoogleTokens::default();
    let around = Surroundings {
        config: &config,
        env: &ProcessEnv,
        emulator_url: emulator_url.as_deref(),
        demo: args.demo,
        google_tokens: &google_tokens,
        places: &places,
    };
    let mut rows = Vec::new();
    for route in routes {
        let moved = route == RouteId::Emulator || setup::demo_on_emulator(route.spec());
        let skipped = args.demo && args.route.is_none() && !moved;
        if skipped {
            let row = Row::Skipped { route, why: NOT_IN_DEMO };
            if !args.json {
                output::print(&row);
            }
            rows.push(row);
            continue;
        }
        let mut report = doctor::check(route, args.model.as_deref(), &around, client.http()).await;
        if !args.json {
            output::print_head(&report);
            output::print_checks(&report.checks);
        }
        if args.probe {
            let added = probe_route(&client, &report, !args.json).await;
            report.checks.extend(added);
        }
        let row = Row::Checked(Box::new(report));
        if !args.json {
            output::print_verdict(&row);
        }
        rows.push(row);
    }
    if args.json {
        output::print_json(&rows);
    }
    if let Some(emulator) = emulator
        && let Err(error) = emulator.shutdown().await
    {
        eprintln!("routeplay: warning: the built-in emulator did not stop cleanly: {error}");
    }
    i32::from(!rows.iter().all(Row::ready))
}

/// The probe of a ready route: its cost first (printed before it is sent), then its outcome.
async fn probe_route(client: &Client, report: &doctor::RouteReport, print: bool) -> Vec<Check> {
    let Some(setup) = report.setup.clone().filter(|_| report.ready()) else {
        let skipped = vec![Check::skipped("probe", "not sent: the route is not ready")];
        if print {
            output::print_checks(&skipped);
        }
        return skipped;
    };
    let cost = probe::estimate_line(&report.target);
    if print {
        output::print_checks(std::slice::from_ref(&cost));
    }
    let outcome = probe::probe(client, &report.target, setup).await;
    if print {
        output::print_checks(std::slice::from_ref(&outcome));
    }
    vec![cost, outcome]
}

/// The routes to check: the one named, else all of them.
fn chosen_routes(args: &DoctorArgs) -> Result<Vec<RouteId>, String> {
    match (&args.route, &args.model) {
        (Some(route), _) => Ok(vec![route.parse()?]),
        (None, Some(_)) => Err("--model needs --route: a model id belongs to one route".into()),
        (None, None) => Ok(RouteId::ALL.to_vec()),
    }
}

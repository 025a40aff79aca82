//! What `ask` and `compare` read the same way: the prompt (argument or piped standard input),
//! the request built from flags, a compare set and `[defaults]` with the `--attach` files read
//! into its user turn and checked against each target's limits, and whether a run needs the
//! system's TLS roots at all.

use super::RequestArgs;
use super::terminal_text::for_stderr;
use crate::attach;
use crate::auth::ProcessEnv;
use crate::client::host;
use crate::client::setup::configured_base_url;
use crate::config::file::{CompareSet, Config, Defaults};
use crate::routes::controls::Controls;
use crate::routes::request::{ChatRequest, Params, Turn};
use crate::routes::spec::Host;
use crate::routes::{RouteId, Target};
use std::io::{IsTerminal, Read};

/// Whether `route` goes to a plain `http://` address only (the emulator, demo mode, or a host
/// moved to one by the config file or the environment), so the system's CA certificates need
/// not be loaded.
pub(super) fn plain_http_only(route: RouteId, config: &Config, demo: bool) -> bool {
    let spec = route.spec();
    let configured = configured_base_url(config, spec);
    demo || matches!(spec.host, Host::Emulator)
        || host::base_url(spec, configured, &ProcessEnv, None).is_some_and(|url| url.starts_with("http://"))
}

/// The prompt argument, or standard input when it is piped.
pub(super) fn read_prompt(argument: Option<&str>) -> Result<String, String> {
    if let Some(prompt) = argument {
        return Ok(prompt.to_owned());
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err("no prompt: pass it as an argument or pipe it on standard input".into());
    }
    let mut prompt = String::new();
    stdin.lock().read_to_string(&mut prompt).map_err(|e| format!("cannot read the prompt from standard input: {e}"))?;
    if prompt.trim().is_empty() {
        return Err("the prompt on standard input is empty".into());
    }
    Ok(prompt)
}

/// The request for `prompt`: flags win over the compare set's parameters (if any), those over
/// `[defaults]`; the `--attach` files go with the user turn. A file that cannot be attached is
/// an error naming it and why.
pub(super) fn build_request(
    args: &RequestArgs,
    set: Option<&CompareSet>,
    config: &Config,
    prompt: String,
) -> Result<ChatRequest, String> {
    let attachments = args.controls.attach.iter().map(|path| attach::read(path)).collect::<Result<Vec<_>, _>>();
    let attachments = attachments.map_err(|error| error.to_string())?;
    let defaults = &config.defaults;
    let from_set = |pick: fn(&CompareSet) -> Option<f32>| set.and_then(pick);
    let stop = if args.stop.is_empty() {
        set.and_then(|set| set.stop_sequences.clone()).or_else(|| defaults.stop_sequences.clone()).unwrap_or_default()
    } else {
        args.stop.clone()
    };
    Ok(ChatRequest {
        system: args.system.clone().or_else(|| set.and_then(|s| s.system.clone())).or_else(|| defaults.system.clone()),
        turns: vec![Turn { attachments, ..Turn::user(prompt) }],
        params: Params {
            max_tokens: args
                .max_tokens
                .or_else(|| set.and_then(|s| s.max_tokens))
                .or(defaults.max_tokens)
                .unwrap_or(Params::default().max_tokens),
            temperature: args.temperature.or_else(|| from_set(|s| s.temperature)).or(defaults.temperature),
            top_p: args.top_p.or_else(|| from_set(|s| s.top_p)).or(defaults.top_p),
            stop_sequences: stop,
            controls: controls(args, defaults),
        },
        thoughts: false,
    })
}

/// The controls on the command line, with `[defaults.metadata]` beneath `--meta` (a flag wins
/// per key).
fn controls(args: &RequestArgs, defaults: &Defaults) -> Controls {
    let mut controls = args.controls.controls();
    for (key, value) in &defaults.metadata {
        controls.metadata.entry(key.clone()).or_insert_with(|| value.clone());
    }
    controls
}

/// Check the request against every target before anything is sent (attached files against the
/// route's limits, metadata against its field's rules: [`crate::preflight`]): every refusal,
/// one a line and named by its target, or `Ok` after a warning on standard error for each file
/// sent though unconfirmed on its route.
pub(super) fn preflight(targets: &[Target], request: &ChatRequest) -> Result<(), String> {
    let mut refused = Vec::new();
    for target in targets {
        let checked = crate::preflight::check(target, request);
        let label = if targets.len() > 1 { format!("{}: ", target.spec()) } else { String::new() };
        refused.extend(checked.refused.iter().map(|problem| format!("{label}{problem}")));
        for warning in &checked.warnings {
            eprintln!("routeplay: warning: {label}{}", for_stderr(warning));
        }
    }
    // Each refusal on a line of its own, each line prefixed as the first will be.
    if refused.is_empty() { Ok(()) } else { Err(refused.join("\nrouteplay: ")) }
}

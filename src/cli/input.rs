//! What `ask` and `compare` read the same way: the prompt (argument or piped standard input),
//! and whether a run needs the system's TLS roots at all.

use crate::config::file::Config;
use crate::routes::RouteId;
use std::io::{IsTerminal, Read};

/// Whether `route` goes to a plain `http://` address only, so the system's CA certificates
/// need not be loaded.
pub(super) fn plain_http_only(route: RouteId, config: &Config, demo: bool) -> bool {
    match route {
        RouteId::Emulator => true,
        RouteId::Anthropic => config
            .routes
            .anthropic
            .base_url
            .clone()
            .or_else(|| std::env::var("ANTHROPIC_BASE_URL").ok())
            .is_some_and(|url| url.starts_with("http://")),
        _ => demo,
    }
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

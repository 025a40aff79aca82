//! The playground's state that survives a restart (`state.toml` in the data directory): the
//! route, model and place, system prompt, parameters, theme and open conversation. It holds
//! no secret. A file that cannot be used is moved aside to `state.toml.bad` before the app
//! says why, so nothing the user had is overwritten unseen.

use crate::files::read::{Cap, read_with};
use crate::routes::request::Params;
use crate::routes::{Places, RouteId};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The version this build writes; a file from a newer one is not read.
pub const STATE_VERSION: u32 = 1;

/// The most read from a state file: 1 MiB (it holds a system prompt and a few names).
pub const STATE_FILE: Cap = Cap { bytes: 1024 * 1024, what: "the state file" };

/// What the playground restores on start, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionState {
    pub route: RouteId,
    pub model: String,
    /// The model was typed by hand (not from the catalog), so the catalog need not know it.
    pub custom_model: bool,
    pub places: Places,
    pub system: String,
    pub params: Params,
    pub theme: String,
    /// The stored conversation that was open, reloaded from the history.
    pub conversation: Option<i64>,
}

/// The file's shape.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    version: u32,
    route: String,
    model: String,
    #[serde(default)]
    custom_model: bool,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    profile: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    system: String,
    params: Params,
    theme: String,
    #[serde(default)]
    conversation: Option<i64>,
}

/// The state file under `data_dir`.
#[must_use]
pub fn state_path(data_dir: &Path) -> PathBuf {
    data_dir.join("state.toml")
}

/// The state saved at `path`: `Ok(None)` when there is none. A file that cannot be used is
/// moved aside to `*.bad`, and the error names the file, what was wrong and where it went.
pub fn load(path: &Path) -> Result<Option<SessionState>, String> {
    let text = match read_with(path, STATE_FILE) {
        Ok(text) => text,
        Err(error) if error.is_not_found() => return Ok(None),
        Err(error) => return Err(set_aside(path, &error.detail())),
    };
    parse(&text).map(Some).map_err(|why| set_aside(path, &why))
}

/// The state in `text`, or what is wrong with it.
pub fn parse(text: &str) -> Result<SessionState, String> {
    #[derive(Deserialize)]
    struct Version {
        version: Option<u32>,
    }
    let version = toml::from_str::<Version>(text).map_err(|error| error.message().to_owned())?.version;
    match version {
        Some(version) if version > STATE_VERSION => {
            return Err(format!("written by a newer routeplay (version {version}; this one reads {STATE_VERSION})"));
        }
        None => return Err("no version".into()),
        Some(_) => {}
    }
    let file: StateFile = toml::from_str(text).map_err(|error| error.message().trim().to_owned())?;
    let route = file.route.parse::<RouteId>().map_err(|error| format!("route: {error}"))?;
    Ok(SessionState {
        route,
        model: file.model,
        custom_model: file.custom_model,
        places: Places { region: file.region, profile: file.profile, location: file.location, project: file.project },
        system: file.system,
        params: file.params,
        theme: file.theme,
        conversation: file.conversation,
    })
}

/// The file's text for `state`.
#[must_use]
pub fn render(state: &SessionState) -> String {
    let Places { region, profile, location, project } = state.places.clone();
    let file = StateFile {
        version: STATE_VERSION,
        route: state.route.name().to_owned(),
        model: state.model.clone(),
        custom_model: state.custom_model,
        region,
        profile,
        location,
        project,
        system: state.system.clone(),
        params: state.params.clone(),
        theme: state.theme.clone(),
        conversation: state.conversation,
    };
    let body = toml::to_string(&file).unwrap_or_default();
    format!("# routeplay's playground state, written on change and on quit; `routeplay --fresh` ignores it.\n{body}")
}

/// Write `state` to `path` (0600), creating the data directory.
pub fn save(path: &Path, state: &SessionState) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::files::write_private(path, render(state).as_bytes())
}

/// Move an unusable file aside and say so: the file, what was wrong, where it is now.
#[must_use]
pub fn set_aside(path: &Path, why: &str) -> String {
    let mut aside = path.as_os_str().to_owned();
    aside.push(".bad");
    let aside = PathBuf::from(aside);
    match std::fs::rename(path, &aside) {
        Ok(()) => format!("{}: {why}; moved to {} and started with defaults", path.display(), aside.display()),
        Err(error) => format!("{}: {why}; started with defaults (could not move it aside: {error})", path.display()),
    }
}

#[cfg(test)]
mod tests;

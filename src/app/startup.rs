//! How the app starts: what the config, keymap and theme files said, and the command line.

use super::targets;
use crate::keymap::Keymap;
use crate::models::Catalog;
use crate::routes::RouteId;
use crate::routes::request::Params;
use std::time::Instant;

/// How the app starts: what the config, keymap and theme files said.
#[derive(Debug, Clone)]
pub struct Startup {
    pub keymap: Keymap,
    pub catalog: Catalog,
    pub theme_names: Vec<String>,
    pub theme: String,
    pub route: RouteId,
    pub model: Option<String>,
    pub system: String,
    pub params: Params,
    /// Problems found in the user's files, shown in the sidebar.
    pub problems: Vec<String>,
    /// Start with the Bedrock and Google routes in demo mode (`--demo`).
    pub demo: bool,
    /// Region, profile, location and project from the command line.
    pub places: targets::Places,
    /// A named compare set to open on (`--compare NAME`).
    pub compare: Option<(String, Vec<crate::routes::Target>)>,
    /// Every compare set saved in the config file, by name.
    pub compare_sets: Vec<(String, Vec<crate::routes::Target>)>,
    /// A demo script to present (`--script NAME`): its name and the conversations it replays.
    pub script: Option<(String, Vec<i64>)>,
    /// When the playground starts: the app's present until a message brings a later one.
    pub now: Instant,
    /// Nothing saved and no route asked for: open on the first route whose credential is
    /// ready once the statuses come in, instead of the emulator.
    pub route_from_credentials: bool,
}

impl Startup {
    /// Built-in everything: the default keymap and catalog, the dark theme, the emulator route,
    /// no problems, no demo mode (what tests and benchmarks start from).
    #[must_use]
    pub fn defaults(now: Instant) -> Self {
        Self {
            keymap: Keymap::default_keymap(),
            catalog: Catalog::builtin(),
            theme_names: vec!["dark".into(), "light".into()],
            theme: "dark".into(),
            route: RouteId::Emulator,
            model: None,
            system: String::new(),
            params: Params::default(),
            problems: Vec::new(),
            demo: false,
            places: targets::Places::default(),
            compare: None,
            compare_sets: Vec::new(),
            script: None,
            now,
            route_from_credentials: false,
        }
    }
}

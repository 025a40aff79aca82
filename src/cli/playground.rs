//! Opening the playground: read the user's files (reporting, not failing on, their
//! problems), start the embedded emulator, and hand over to the runtime.

use crate::app::msg::Msg;
use crate::app::{App, Notice, Startup};
use crate::client::Client;
use crate::config::file::Config;
use crate::config::paths::Paths;
use crate::config::state_file::{self, SessionState};
use crate::emulator::{self, EmulatorOptions};
use crate::keymap::Keymap;
use crate::models::Catalog;
use crate::routes::RouteId;
use crate::routes::controls::Controls;
use crate::routes::request::Params;
use crate::runtime::{self, Shell};
use crate::store::Store;
use crate::terminal::background as terminal_background;
use crate::ui::theme::Themes;
use std::io::{self, IsTerminal};
use std::sync::Arc;

/// What the playground starts from: the app's start-up state and the files it came from.
pub struct Loaded {
    pub startup: Startup,
    /// The last session's state to restore, checked against this build.
    pub restore: Option<SessionState>,
    /// Why the saved state was not used (the file, what was wrong, where it went).
    pub restore_problem: Option<String>,
    pub config: Config,
    pub themes: Themes,
}

/// What the command line asked the playground to start on.
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub route: Option<String>,
    pub model: Option<String>,
    pub demo: bool,
    pub places: crate::app::targets::Places,
    /// The compare set to open on, by name.
    pub compare: Option<String>,
    /// The demo script to present, by name.
    pub script: Option<String>,
    /// Start clean: ignore the saved state (`--fresh`).
    pub fresh: bool,
    /// The stored matrix to open on (`--matrix ID`).
    pub matrix: Option<i64>,
}

/// Read the config, keymap and theme files under `paths`. Every problem in them is kept (to be
/// shown in the sidebar) and the defaults stand in for what was broken.
#[must_use]
pub fn load(paths: &Paths, start: Start) -> Loaded {
    let Start { route, model, demo, places, compare, script, fresh, matrix: _ } = start;
    let (config, mut problems) = Config::load(&paths.config_file());
    let keymap_file = paths.keymap_file();
    let (keymap, keymap_problems) = Keymap::load(keymap_file.exists().then_some(keymap_file.as_path()));
    let themes_dir = paths.themes_dir();
    let (themes, theme_problems) = Themes::load(themes_dir.is_dir().then_some(themes_dir.as_path()));
    problems.extend(keymap_problems);
    problems.extend(theme_problems);
    let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let (catalog, catalog_problems) = Catalog::with_user_file(&paths.models_file());
    problems.extend(catalog_problems);

    // The command line wins over the saved state, and the saved state over config defaults.
    let asked_on_command_line =
        route.is_some() || model.is_some() || places != crate::app::targets::Places::default() || demo;
    let config_route = config.defaults.route.is_some();
    let route_name = route.or_else(|| config.defaults.route.clone());
    let route = match route_name.as_deref().map(str::parse::<RouteId>) {
        Some(Ok(route)) => route,
        Some(Err(error)) => {
            problems.push(format!("{error}; starting on the emulator"));
            RouteId::Emulator
        }
        None => RouteId::Emulator,
    };
    let mut theme = config.theme.clone().unwrap_or_else(|| themes.default_theme().name.clone());
    if themes.get(&theme).is_none() {
        problems.push(format!("theme {theme:?} not found; using {}", themes.default_theme().name));
        theme.clone_from(&themes.default_theme().name);
    }
    let sets = compare_sets(&config, &mut problems);
    let defaults = &config.defaults;
    let params = Params {
        max_tokens: defaults.max_tokens.unwrap_or(Params::default().max_tokens),
        temperature: defaults.temperature,
        top_p: defaults.top_p,
        stop_sequences: defaults.stop_sequences.clone().unwrap_or_default(),
        controls: Controls { metadata: defaults.metadata.clone(), ..Controls::default() },
    };
    let startup = Startup {
        keymap,
        catalog,
        theme_names: themes.names().into_iter().map(str::to_owned).collect(),
        theme,
        route,
        model: model.or_else(|| defaults.model.clone()),
        system: defaults.system.clone().unwrap_or_default(),
        params,
        demo,
        places,
        compare: compare.and_then(|name| {
            let found = sets.iter().find(|(saved, _)| *saved == name).cloned();
            if found.is_none() && !problems.iter().any(|p| p.contains(&format!("[compare.sets.{name}]"))) {
                let known: Vec<&str> = sets.iter().map(|(saved, _)| saved.as_str()).collect();
                problems.push(format!("--compare {name}: no such set in config.toml (known: {})", known.join(", ")));
            }
            found
        }),
        compare_sets: sets,
        script: script.and_then(|name| match config.demo.scripts.get(&name) {
            Some(found) if !found.steps.is_empty() => Some((name, found.steps.clone())),
            Some(_) => {
                problems.push(format!("[demo.scripts.{name}] has no steps"));
                None
            }
            None => {
                let known: Vec<&str> = config.demo.scripts.keys().map(String::as_str).collect();
                problems.push(format!("--script {name}: no such script in config.toml (known: {})", known.join(", ")));
                None
            }
        }),
        problems,
        now: std::time::Instant::now(),
        route_from_credentials: false,
    };
    // Demo scripts and compare sets keep their own start.
    let (restore, restore_problem) =
        if fresh || asked_on_command_line || startup.compare.is_some() || startup.script.is_some() {
            (None, None)
        } else {
            saved_state(&state_file::state_path(&paths.data_dir), &startup)
        };
    let from_credentials = restore.is_none() && !asked_on_command_line && !config_route;
    let startup = Startup { route_from_credentials: from_credentials, ..startup };
    Loaded { startup, restore, restore_problem, config, themes }
}

/// The state saved at `path`, when this build knows its route, model and theme; else why not
/// (the file is moved aside, so the next save does not overwrite it unseen).
fn saved_state(path: &std::path::Path, startup: &Startup) -> (Option<SessionState>, Option<String>) {
    let state = match state_file::load(path) {
        Ok(state) => state,
        Err(why) => return (None, Some(why)),
    };
    let Some(state) = state else { return (None, None) };
    let known_model = state.custom_model || startup.catalog.models(state.route).iter().any(|m| m.id == state.model);
    let unknown = if known_model {
        (!startup.theme_names.contains(&state.theme)).then(|| format!("theme {:?} is not installed", state.theme))
    } else {
        Some(format!("model {} is not in this build's catalog for {}", state.model, state.route))
    };
    match unknown {
        Some(why) => (None, Some(state_file::set_aside(path, &why))),
        None => (Some(state), None),
    }
}

/// Every compare set in the config file with its targets; a set with a bad target is a
/// problem, and is left out.
fn compare_sets(config: &Config, problems: &mut Vec<String>) -> Vec<(String, Vec<crate::routes::Target>)> {
    config
        .compare
        .sets
        .iter()
        .filter_map(|(name, set)| match super::compare::spec::parse_all(set.targets.iter().map(String::as_str)) {
            Ok(targets) => Some((name.clone(), targets)),
            Err(error) => {
                problems.push(format!("[compare.sets.{name}]: {error}"));
                None
            }
        })
        .collect()
}

/// Open the playground; returns the exit code.
pub async fn run(start: Start) -> i32 {
    let paths = Paths::discover();
    let open_matrix = start.matrix.map(crate::store::MatrixId);
    let Loaded { mut startup, config, themes, restore, restore_problem } = load(&paths, start);
    // No theme configured or saved: a light terminal opens on the light theme.
    if config.theme.is_none() && restore.is_none() && io::stdin().is_terminal() && io::stdout().is_terminal() {
        let background = terminal_background::query(terminal_background::QUERY_TIMEOUT).await;
        if let Some(theme) = terminal_background::theme_for(background, &startup.theme_names) {
            startup.theme = theme.to_owned();
        }
    }
    let options = EmulatorOptions {
        tokens_per_second: config.emulator.tokens_per_second,
        answer_tokens: config.emulator.answer_tokens,
        blocked_words: config.emulator.blocked_words.clone(),
        batch_step: std::time::Duration::from_millis(config.emulator.batch_step_ms),
        ..EmulatorOptions::default()
    };
    let emulator = emulator::start(options).await;
    let emulator_url = emulator.as_ref().ok().map(emulator::EmulatorHandle::base_url);
    let mut app = App::new(startup);
    if let Some(why) = restore_problem {
        app.sidebar.problems.push(why.clone());
        app.notice = Some(Notice { text: why, is_error: true });
    }
    let restore = restore.map(|state| Msg::StateRestored { state: Box::new(state), at: std::time::Instant::now() });
    if let Err(error) = &emulator {
        app.sidebar.problems.push(format!("the built-in emulator could not start: {error}"));
    }
    let opened = Store::open(Store::file(&paths)).and_then(|writer| Ok((writer, Store::open(Store::file(&paths))?)));
    let (history, history_reader) = match opened {
        Ok((writer, reader)) => (Some(writer), Some(Arc::new(std::sync::Mutex::new(reader)))),
        Err(error) => {
            app.sidebar.problems.push(format!("history: {error}; running without history"));
            (None, None)
        }
    };
    let shell = Shell {
        client: Client::new(&config.network),
        config: Arc::new(config),
        emulator_url,
        paths,
        history,
        history_reader,
        themes,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        google_tokens: crate::auth::google::GoogleTokens::default(),
        restore,
        open_matrix,
    };
    match runtime::run(app, shell).await {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("routeplay: terminal error: {error}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Start, load};
    use crate::config::paths::Paths;
    use crate::config::state_file::{SessionState, save, state_path};
    use crate::routes::request::Params;
    use crate::routes::{Places, RouteId};

    fn paths(dir: &std::path::Path) -> Paths {
        Paths { config_dir: dir.join("config"), data_dir: dir.join("data") }
    }

    fn saved(model: &str, theme: &str) -> SessionState {
        SessionState {
            route: RouteId::Anthropic,
            model: model.into(),
            custom_model: false,
            places: Places::default(),
            system: "Be brief.".into(),
            params: Params::default(),
            theme: theme.into(),
            conversation: None,
        }
    }

    #[test]
    fn a_saved_state_is_restored_unless_fresh_or_a_route_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        let state = saved("claude-sonnet-4-5-20250929", "light");
        save(&state_path(&paths.data_dir), &state).unwrap();
        let loaded = load(&paths, Start::default());
        assert_eq!((loaded.restore, loaded.restore_problem), (Some(state), None));
        assert!(!loaded.startup.route_from_credentials, "the saved route stands");
        let fresh = load(&paths, Start { fresh: true, ..Start::default() });
        assert!(fresh.restore.is_none() && fresh.startup.route_from_credentials);
        let asked = load(&paths, Start { route: Some("gemini-api".into()), ..Start::default() });
        assert!(asked.restore.is_none() && !asked.startup.route_from_credentials);
        let demo = load(&paths, Start { demo: true, ..Start::default() });
        assert!(demo.restore.is_none() && !demo.startup.route_from_credentials, "--demo keeps the emulator");
        std::fs::create_dir_all(&paths.config_dir).unwrap();
        std::fs::write(paths.config_file(), "[defaults]\nroute = \"gemini-api\"\n").unwrap();
        let configured = load(&paths, Start::default());
        assert!(configured.restore.is_some(), "the last session wins over config defaults");
        let configured = load(&paths, Start { fresh: true, ..Start::default() });
        assert_eq!(configured.startup.route, RouteId::GeminiApi);
        assert!(!configured.startup.route_from_credentials, "a configured route is asked for");
    }

    #[test]
    fn a_model_or_theme_this_build_does_not_know_is_named_and_the_file_kept_aside() {
        for (state, named) in [
            (saved("claude-from-the-future", "dark"), "model claude-from-the-future"),
            (saved("claude-sonnet-4-5-20250929", "neon"), "theme \"neon\""),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let paths = paths(dir.path());
            save(&state_path(&paths.data_dir), &state).unwrap();
            let loaded = load(&paths, Start::default());
            let problem = loaded.restore_problem.unwrap();
            assert!(loaded.restore.is_none() && problem.contains(named) && problem.contains("state.toml"), "{problem}");
            assert!(paths.data_dir.join("state.toml.bad").exists() && !state_path(&paths.data_dir).exists());
        }
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        let typed = SessionState { custom_model: true, ..saved("my-own-id", "dark") };
        save(&state_path(&paths.data_dir), &typed).unwrap();
        assert_eq!(load(&paths, Start::default()).restore, Some(typed), "a model typed by hand needs no catalog");
    }
}

//! routeplay: a terminal playground for calling LLMs over their different routes.
//!
//! Module map (see ARCHITECTURE in the README):
//! - [`app`]: the pure state machine, `App::update(Msg) -> Vec<Effect>`; no I/O.
//! - [`ui`]: pure views over `&App`, themes, Markdown.
//! - [`keymap`]: keys to [`app::action::Action`]s, from a TOML file.
//! - [`client`]: runs a target: credential, request, send, frames, stream events, retries.
//! - [`routes`]: one file per route; shared wire shapes and framings; neutral events.
//! - [`auth`]: credentials and the [`auth::secret::Secret`] type that never prints.
//! - [`models`]: the model catalog from `assets/models.toml`.
//! - [`attach`], [`preflight`]: files attached to a prompt, and what is checked before a
//!   request goes to a target (file limits, metadata rules).
//! - [`emulator`]: the server side of every route's wire, on loopback.
//! - [`config`]: the config file, paths, problems found in user files.
//! - [`store`], [`recorder`], [`history_query`], [`history_filter`]: the `SQLite` history, how
//!   runs get into it, and how the playground asks it things.
//! - [`snippet`]: a stored run's request as a `curl`, AWS CLI or Python snippet.
//! - [`matrix`], [`batch`]: compare at scale (a prompt set × targets × samples) and the
//!   providers' batch services that run one as jobs.
//! - [`runtime`], [`terminal`], [`cli`]: the async shell around it all.

pub mod app;
pub mod attach;
pub mod auth;
pub mod batch;
pub mod cli;
pub mod client;
pub mod config;
pub mod emulator;
pub mod export;
pub mod files;
pub mod history_filter;
pub mod history_query;
pub mod http_body;
pub mod keymap;
pub mod matrix;
pub mod models;
pub mod player;
pub mod preflight;
pub mod recorder;
pub mod routes;
pub mod runtime;
pub mod snippet;
pub mod store;
pub mod terminal;
pub mod ui;
